import type Database from 'better-sqlite3';
import type { DepreciationPeriod, DepreciationRunResult } from '../../../shared/api/depreciation';
import { addMonths, advanceStraightLine, monthlyCharge, nextState, periodIndex, type AssetDepState, type MonthlyCharge } from '../../../shared/domain/depreciation';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { throwIfProblems } from '../batch';
import { entryFirstPeriod } from './periods';
import { notAcquisition } from './reports';

export { assertPeriodOpen, entryFirstPeriod, revertFrom } from './periods';

/*
 * Month-end depreciation (DOMAIN §3.3; the rules themselves are the pure ones in
 * shared/domain/depreciation.ts — this module only applies them to the cards).
 *
 * State. Each card holds its depreciation state as of the START of `dep_next_period` (the first
 * month not yet charged) in its dep_* columns. Each run writes one `depreciation_entries` row per
 * card charged in the period, with the state before the charge, and one `depreciation_periods` row.
 *
 * depreciation.run {period P, close, usage} — community-wide (permission depreciation.run, no unit
 * scope), ONE transaction, one audit row {entity 'depreciation-period', id P, before, after}:
 *  - refused when P is closed, when a later period has been run (only the latest may be re-run), or
 *    when periods have been run and the latest is not P or P−1 (no gaps);
 *  - P already run (open): every card charged in P is first put back to its state before the
 *    charge (before_* columns) and charged again from there, so a re-run gives the same result and
 *    never doubles (done in the same pass: one write per card, the entry rewritten in place, or
 *    deleted if nothing is charged any more). The month it is put back to is the first month the
 *    entry covered (see `entryFirstPeriod`: a catch-up entry covers several months). Exception: a card with a
 *    cost/life change dated after P keeps its entry as is (the change's basis was taken from the
 *    state after P; its P charge cannot have changed, since any event dated in P or earlier would
 *    have reverted the entry — see `revertFrom`); only its unit/department are refreshed;
 *  - then every card with dep_next_period ≤ P that can still be charged (depreciable class, not
 *    名义金额, accumulated < cost, disposal month after dep_next_period) is charged for every month
 *    from dep_next_period through P (normally one; more for a card entered late in an already-run
 *    month or put back by `revertFrom` — a catch-up, all booked in P's entry), stopping at the
 *    disposal month (never charged) and at full depreciation. Straight-line uses
 *    `advanceStraightLine` (O(1) for any number of months); units of work uses
 *    monthlyCharge/nextState month by month with `usage` for P only (earlier catch-up months have no
 *    usage record and do not count; a re-run without a new figure for a card reuses the usage its
 *    entry was charged with). An entry is written when at least one month counted against
 *    the life, even if its charge is 0 (a 0 units-of-work month, or rounding to 0);
 *  - every card with dep_next_period ≤ P (charged or not) moves on to P+1, so a card passed over
 *    (fully depreciated, not depreciable …) is not "behind" for later events;
 *  - the entry's dimensions are the holder at the END of P: the card's unit and using department,
 *    with transfers/moves dated after P undone (a transfer in month M is charged to the receiving
 *    unit from M: 当月增加当月计提, 当月减少当月不提);
 *  - the period row holds the count and total of P's entries. `close: true` closes P after running.
 *
 * depreciation.close {P}: only a run, open period; every earlier run period must be closed first;
 * refused while cards booked or put back after the run still wait for their P charge (re-run P).
 * After closing, business dated in P or earlier is refused (`assertPeriodOpen`).
 *
 * Events dated in an already-run OPEN period go through `revertFrom(db, assetId, period)`: the
 * card is put back to before its earliest entry on or after that period, those entries are
 * deleted and the periods' totals fixed; the next run (a re-run of the latest period) charges it
 * again from there.
 */

const PROGRESS_EVERY = 10_000;

/** SQL: a card can still carry a charge from its dep_next_period on. */
const CHARGEABLE = `depreciable = 1 AND value_type <> '名义金额' AND dep_accumulated_fen < cost_fen
  AND (disposed_on IS NULL OR substr(disposed_on, 1, 7) > dep_next_period)`;

interface PeriodDb {
  period: string;
  status: 'open' | 'closed';
  assets: number;
  total_fen: number;
  run_at: string;
  run_by: string;
  closed_at: string | null;
  closed_by: string | null;
}

function periodRow(db: Database.Database, period: string): PeriodDb | undefined {
  return db.prepare('SELECT * FROM depreciation_periods WHERE period = ?').get(period) as PeriodDb | undefined;
}

function toPeriod(p: PeriodDb): DepreciationPeriod {
  return { period: p.period, status: p.status, assets: p.assets, totalFen: p.total_fen, runAt: p.run_at, runBy: p.run_by, closedAt: p.closed_at, closedBy: p.closed_by };
}

function periodImage(p: PeriodDb | undefined): Record<string, unknown> | null {
  return p ? { status: p.status, assets: p.assets, totalFen: p.total_fen, runAt: p.run_at, runBy: p.run_by, closedAt: p.closed_at, closedBy: p.closed_by } : null;
}

function refuse(message: string, key: string, params?: Record<string, string | number>): never {
  throw new LedgerError('VALIDATION', message, { key, ...(params ? { params } : {}) });
}

function assertCommunityWide(ctx: HandlerContext): void {
  if (ctx.actor.scope !== null) throw new LedgerError('FORBIDDEN', '月末计提折旧和结账针对全医共体，须由财务或系统管理员办理', { key: 'error.FORBIDDEN' });
}

/** Earlier run periods still open: closing must go in order. */
function assertEarlierClosed(db: Database.Database, period: string): void {
  const open = db.prepare("SELECT period FROM depreciation_periods WHERE period < ? AND status = 'open' ORDER BY period").pluck().all(period) as string[];
  if (open.length) refuse(`请先结账 ${open.join('、')}，再结账 ${period}`, 'error.closeInOrder', { period, open: open.join(',') });
}

/**
 * Where each card was at the end of `period` when transfers/moves dated after it were recorded
 * already: asset id → {unitId?, usingDeptId?} (only the fields those events changed).
 */
function holdersAtEndOf(db: Database.Database, period: string): Map<string, { unitId?: string; usingDeptId?: string | null }> {
  const out = new Map<string, { unitId?: string; usingDeptId?: string | null }>();
  const rows = db
    .prepare(
      `SELECT asset_id, json_extract(detail, '$.unitId[0]') AS unit_before, json_type(detail, '$.unitId') AS has_unit,
              json_extract(detail, '$.usingDeptId[0]') AS dept_before, json_type(detail, '$.usingDeptId') AS has_dept
       FROM asset_events WHERE type IN ('transfer','move') AND ${notAcquisition()} AND effective_on >= ? ORDER BY asset_id, effective_on, created_at`,
    )
    .raw()
    .all(`${addMonths(period, 1)}-01`) as [string, string | null, string | null, string | null, string | null][];
  for (const [id, unitBefore, hasUnit, deptBefore, hasDept] of rows) {
    let h = out.get(id);
    if (!h) out.set(id, (h = {}));
    // The earliest event after the period that changed a field holds its value at the period's end.
    if (hasUnit && h.unitId === undefined && unitBefore) h.unitId = unitBefore;
    if (hasDept && h.usingDeptId === undefined) h.usingDeptId = deptBefore;
  }
  return out;
}

/** Resolve the units-of-work usage list to card ids; every problem reported with its 1-based position. */
function resolveUsage(db: Database.Database, usage: readonly { code: string; units: number }[]): Map<string, number> {
  const out = new Map<string, number>();
  if (!usage.length) return out;
  const find = db.prepare('SELECT id, code, dep_method FROM assets WHERE code = ?');
  const problems: ErrorDetail[] = [];
  const seen = new Map<string, number>();
  usage.forEach((u, i) => {
    const row = i + 1;
    const a = find.get(u.code) as { id: string; code: string; dep_method: string } | undefined;
    if (!a) return void problems.push({ row, field: 'code', message: `资产 ${u.code} 不存在` });
    if (a.dep_method !== 'units-of-work') return void problems.push({ row, field: 'code', message: `资产 ${a.code} 不是按工作量法计提折旧` });
    const prior = seen.get(a.id);
    if (prior) return void problems.push({ row, field: 'code', message: `资产 ${a.code} 与第 ${prior} 行重复` });
    seen.set(a.id, row);
    out.set(a.id, u.units);
  });
  throwIfProblems(problems, '工作量');
  return out;
}

/** Cards charged in `period` that keep their entry on a re-run: a cost/life change dated after it was based on that charge. */
function keptOnRerun(db: Database.Database, period: string): Set<string> {
  const ids = db
    .prepare(
      `SELECT DISTINCT v.asset_id FROM asset_events v JOIN depreciation_entries e ON e.period = ? AND e.asset_id = v.asset_id
       WHERE v.type IN ('cost-change','life-change') AND ${notAcquisition('v.')} AND v.effective_on >= ?`,
    )
    .pluck()
    .all(period, `${addMonths(period, 1)}-01`) as string[];
  return new Set(ids);
}

// Columns of a card read by the run (positions in the raw rows below).
const CARD_COLUMNS = `a.rowid, a.id, a.unit_id, a.class_code, a.using_dept_id, a.dep_method, a.cost_fen, a.life_months, a.total_units, a.dep_accumulated_fen,
  a.dep_months, a.dep_basis_accumulated_fen, a.dep_basis_months, a.dep_units_used, a.dep_start_period, a.dep_next_period, substr(a.disposed_on, 1, 7)`;

type Row = [
  rowid: number,
  id: string,
  unitId: string,
  classCode: string,
  usingDeptId: string | null,
  method: 'straight-line' | 'units-of-work',
  costFen: number,
  lifeMonths: number,
  totalUnits: number | null,
  accumulatedFen: number,
  months: number,
  basisAccumulatedFen: number,
  basisMonths: number,
  unitsUsed: number | null,
  startPeriod: string,
  nextPeriod: string,
  disposalPeriod: string | null,
];

/** Small repeated strings (unit, class and department ids) kept once, by index. */
class Interned {
  readonly values: (string | null)[] = [];
  private readonly index = new Map<string | null, number>();
  of(v: string | null): number {
    let i = this.index.get(v);
    if (i === undefined) {
      i = this.values.length;
      this.values.push(v);
      this.index.set(v, i);
    }
    return i;
  }
}

/**
 * Charge the period in one pass. The cards due are those with dep_next_period ≤ P that can still be
 * charged, plus, on a re-run, every card charged in P (not kept), taken from its state before
 * that charge — the reset and the new charge are folded into one write per card, and the entry is
 * rewritten in place. Rows are streamed (`iterate`) and each charge computed at once with the pure
 * rules; only what the writes need is kept, in flat arrays. Writes are then sorted (cards by rowid,
 * entries by key) for locality.
 */
function chargePeriod(ctx: HandlerContext, period: string, usage: Map<string, number>, rerun: boolean): void {
  const db = ctx.db;
  const next = addMonths(period, 1);
  const pIdx = periodIndex(period);
  const holders = holdersAtEndOf(db, period);
  // Re-run: the state before each charge of P (one pass over P's entries, in key order), except kept ones.
  // A units-of-work card keeps the usage it was charged with unless the re-run gives a new figure.
  const before = new Map<string, [accumulatedFen: number, months: number, unitsUsed: number | null, usage: number | null]>();
  if (rerun) {
    const kept = keptOnRerun(db, period);
    for (const [id, acc, months, units, used] of db
      .prepare('SELECT asset_id, before_accumulated_fen, before_months, before_units_used, usage_units FROM depreciation_entries WHERE period = ?')
      .raw()
      .iterate(period) as IterableIterator<[string, number, number, number | null, number | null]>) {
      if (!kept.has(id)) before.set(id, [acc, months, units, used]);
    }
  }
  const total = db.prepare('SELECT count(*) FROM assets').pluck().get() as number;
  ctx.progress('depreciation.run', 0, total);

  // Per card to write (index k): its rowid and state after; per entry: the state before and the dimensions.
  const rowids: number[] = [];
  const ids: string[] = [];
  const accAfter: number[] = [];
  const monthsAfter: number[] = [];
  const unitsAfter: (number | null)[] = [];
  const hasEntry: boolean[] = [];
  const accBefore: number[] = [];
  const monthsBefore: number[] = [];
  const unitsBefore: (number | null)[] = [];
  const usedUnits: (number | null)[] = [];
  const dims: number[] = []; // unit, class, department (interned), three per card
  const strings = new Interned();
  const dropped: string[] = []; // re-run: charged before, nothing now
  let seen = 0;

  const visit = (r: Row): void => {
    if (++seen % PROGRESS_EVERY === 0) ctx.progress('depreciation.run', Math.floor(seen / 2), total);
    const id = r[1];
    const b = rerun ? before.get(id) : undefined;
    const reset = b !== undefined;
    if (!reset && r[15] > period) return; // re-run scan: charged in P and kept, or passed over
    const disposal = r[16];
    const state: AssetDepState = {
      costFen: r[6],
      accumulatedFen: reset ? b[0] : r[9],
      lifeMonths: r[7],
      monthsDepreciated: reset ? b[1] : r[10],
      basisAccumulatedFen: r[11],
      basisMonths: r[12],
      startPeriod: r[14],
      disposalPeriod: disposal,
      method: r[5],
      totalUnits: r[8] ?? undefined,
      unitsUsed: (reset ? b[2] : r[13]) ?? undefined,
      depreciable: true,
      nominal: false,
    };
    let from = reset ? entryFirstPeriod(period, r[10] - b[1], disposal, r[14]) : r[15];
    if (from < r[14]) from = r[14];
    let after: AssetDepState;
    let used: number | null = null;
    if (state.method === 'straight-line') {
      // Months from `from` through P, stopping before the disposal month.
      const lastIdx = disposal !== null && disposal <= period ? periodIndex(disposal) - 1 : pIdx;
      after = advanceStraightLine(state, Math.max(0, lastIdx - periodIndex(from) + 1));
    } else {
      after = state;
      for (let p = from; p <= period; p = addMonths(p, 1)) {
        const u = p === period ? (usage.get(id) ?? (reset ? (b[3] ?? undefined) : undefined)) : undefined;
        const c: MonthlyCharge = monthlyCharge(after, p, u);
        if (c.reason === 'disposed' || c.reason === 'fully-depreciated') break;
        if (c.reason === undefined) used = (used ?? 0) + (u ?? 0);
        after = nextState(after, c, u);
      }
    }
    const counted = after.monthsDepreciated !== state.monthsDepreciated;
    if (!counted && !reset) return; // nothing to write; the card only moves on (below)
    if (!counted) dropped.push(id);
    rowids.push(r[0]);
    ids.push(id);
    accAfter.push(after.accumulatedFen);
    monthsAfter.push(after.monthsDepreciated);
    unitsAfter.push(after.unitsUsed ?? null);
    hasEntry.push(counted);
    accBefore.push(state.accumulatedFen);
    monthsBefore.push(state.monthsDepreciated);
    unitsBefore.push(reset ? b[2] : r[13]);
    usedUnits.push(used);
    const h = holders.get(id);
    dims.push(strings.of(h?.unitId ?? r[2]), strings.of(r[3]), strings.of(h && h.usingDeptId !== undefined ? h.usingDeptId : r[4]));
  };
  // Cards due: next period ≤ P and still chargeable; on a re-run also those charged in P (next = P + 1).
  const where = `(a.dep_next_period <= @period AND ${CHARGEABLE})${rerun && before.size ? ' OR a.dep_next_period = @next' : ''}`;
  for (const r of db.prepare(`SELECT ${CARD_COLUMNS} FROM assets a WHERE ${where}`).raw().iterate({ period, next }) as IterableIterator<Row>) visit(r);

  // Cards, in rowid order.
  const n = rowids.length;
  const byRowid = Array.from({ length: n }, (_, k) => k).sort((a, b) => rowids[a]! - rowids[b]!);
  const update = db.prepare('UPDATE assets SET dep_accumulated_fen = ?, dep_months = ?, dep_units_used = ?, dep_next_period = ? WHERE rowid = ?');
  for (const k of byRowid) update.run(accAfter[k], monthsAfter[k], unitsAfter[k], next, rowids[k]);
  ctx.progress('depreciation.run', Math.floor((total * 3) / 4), total);

  // Entries, in key order (period, asset id): appended for a new period, rewritten in place on a re-run.
  const upsert = db.prepare(
    `INSERT INTO depreciation_entries (period, asset_id, charge_fen, accumulated_after_fen, before_accumulated_fen, before_months, before_units_used,
       usage_units, unit_id, class_code, using_dept_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)
     ON CONFLICT (period, asset_id) DO UPDATE SET charge_fen = excluded.charge_fen, accumulated_after_fen = excluded.accumulated_after_fen,
       before_accumulated_fen = excluded.before_accumulated_fen, before_months = excluded.before_months, before_units_used = excluded.before_units_used,
       usage_units = excluded.usage_units, unit_id = excluded.unit_id, class_code = excluded.class_code, using_dept_id = excluded.using_dept_id`,
  );
  // Sorted by id as SQLite compares text (BINARY; ids have no surrogate pairs): the first three UTF-16 units as one number first.
  const lead = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const id = ids[k]!;
    lead[k] = id.charCodeAt(0) * 4294967296 + (id.charCodeAt(1) || 0) * 65536 + (id.charCodeAt(2) || 0);
  }
  const byId = byRowid.filter((k) => hasEntry[k]).sort((a, b) => lead[a]! - lead[b]! || (ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0));
  const v = strings.values;
  for (const k of byId) {
    upsert.run(period, ids[k], accAfter[k]! - accBefore[k]!, accAfter[k], accBefore[k], monthsBefore[k], unitsBefore[k], usedUnits[k], v[dims[3 * k]!], v[dims[3 * k + 1]!], v[dims[3 * k + 2]!]);
  }
  if (dropped.length) {
    const drop = db.prepare('DELETE FROM depreciation_entries WHERE period = ? AND asset_id = ?');
    for (const id of dropped) drop.run(period, id);
  }
  ctx.progress('depreciation.run', total, total);
  // Everything else due (passed over without a charge) moves on too.
  db.prepare('UPDATE assets SET dep_next_period = ? WHERE dep_next_period <= ?').run(next, period);
  // Entries kept on a re-run (cards with a later cost/life change) get the holder at the end of P as well.
  if (rerun && holders.size) {
    const fix = db.prepare('UPDATE depreciation_entries SET unit_id = coalesce(?, unit_id), using_dept_id = CASE WHEN ? THEN ? ELSE using_dept_id END WHERE period = ? AND asset_id = ?');
    for (const [id, h] of holders) if (!before.has(id)) fix.run(h.unitId ?? null, h.usingDeptId !== undefined ? 1 : 0, h.usingDeptId ?? null, period, id);
  }
}

/** Count and total of a period's entries. */
function entryTotals(db: Database.Database, period: string): { assets: number; totalFen: number } {
  const t = db.prepare('SELECT count(*) AS n, coalesce(sum(charge_fen), 0) AS total FROM depreciation_entries WHERE period = ?').get(period) as { n: number; total: number };
  return { assets: t.n, totalFen: t.total };
}

/** Cards still waiting for their charge of `period` (booked or put back after it was run). */
function pendingCount(db: Database.Database, period: string): number {
  return db.prepare(`SELECT count(*) FROM assets WHERE dep_next_period <= ? AND ${CHARGEABLE}`).pluck().get(period) as number;
}

export function runDepreciation(ctx: HandlerContext, period: string, close: boolean, usageList: readonly { code: string; units: number }[]): DepreciationRunResult {
  assertCommunityWide(ctx);
  const db = ctx.db;
  return ctx.write(`计提折旧 ${period}${close ? '并结账' : ''}`, (record, at) => {
    const existing = periodRow(db, period);
    if (existing?.status === 'closed') refuse(`${period} 已结账，不能重新计提折旧`, 'error.periodClosed', { closed: period, period });
    const latest = db.prepare('SELECT max(period) FROM depreciation_periods').pluck().get() as string | null;
    if (latest && latest > period) {
      refuse(
        `已计提到 ${latest}，不能再重新计提更早的 ${period}；只能重新计提最近一期（${latest}）。登记在 ${period} 的变动会在重新计提 ${latest} 时一并补提或冲回`,
        'error.laterPeriodRun',
        { latest, period },
      );
    }
    if (latest && latest < period && latest !== addMonths(period, -1)) {
      refuse(`最近一次计提的是 ${latest}，请先计提 ${addMonths(latest, 1)}（各期须逐月计提，不能跳过）`, 'error.periodGap', { latest, period });
    }
    if (close) assertEarlierClosed(db, period);
    const usage = resolveUsage(db, usageList);
    chargePeriod(ctx, period, usage, existing !== undefined);
    const { assets, totalFen } = entryTotals(db, period);
    const by = ctx.actor.name;
    db.prepare(
      `INSERT INTO depreciation_periods (period, status, assets, total_fen, run_at, run_by, closed_at, closed_by)
       VALUES (@period, @status, @assets, @totalFen, @at, @by, @closedAt, @closedBy)
       ON CONFLICT(period) DO UPDATE SET status = excluded.status, assets = excluded.assets, total_fen = excluded.total_fen, run_at = excluded.run_at,
         run_by = excluded.run_by, closed_at = excluded.closed_at, closed_by = excluded.closed_by`,
    ).run({ period, status: close ? 'closed' : 'open', assets, totalFen, at, by, closedAt: close ? at : null, closedBy: close ? by : null });
    record({ entity: 'depreciation-period', id: period, before: periodImage(existing), after: periodImage(periodRow(db, period)) });
    return { period, assets, totalFen, closed: close };
  }).result;
}

export function closePeriod(ctx: HandlerContext, period: string): DepreciationRunResult {
  assertCommunityWide(ctx);
  const db = ctx.db;
  return ctx.write(`结账 ${period}`, (record, at) => {
    const p = periodRow(db, period);
    if (!p) refuse(`${period} 尚未计提折旧，不能结账`, 'error.periodNotRun', { period });
    if (p.status === 'closed') refuse(`${period} 已结账`, 'error.periodClosed', { closed: period, period });
    assertEarlierClosed(db, period);
    const pending = pendingCount(db, period);
    if (pending) refuse(`有 ${pending} 张卡片在计提之后新增或变动，尚未计提 ${period} 的折旧，请先重新计提 ${period} 再结账`, 'error.periodPending', { period, count: pending });
    db.prepare("UPDATE depreciation_periods SET status = 'closed', closed_at = ?, closed_by = ? WHERE period = ?").run(at, ctx.actor.name, period);
    record({ entity: 'depreciation-period', id: period, before: periodImage(p), after: periodImage(periodRow(db, period)) });
    return { period, assets: p.assets, totalFen: p.total_fen, closed: true };
  }).result;
}

export const depreciationHandlers: HandlerMap<'depreciation.run' | 'depreciation.close' | 'depreciation.periods'> = {
  'depreciation.run': ({ period, close, usage }, ctx) => runDepreciation(ctx, period, close, usage),
  'depreciation.close': ({ period }, ctx) => closePeriod(ctx, period),
  'depreciation.periods': (_args, ctx) => (ctx.db.prepare('SELECT * FROM depreciation_periods ORDER BY period').all() as PeriodDb[]).map(toPeriod),
};
