import type Database from 'better-sqlite3';
import type { DepreciationSummaryRow, RegisterReport, RegisterRow, ScheduleLine } from '../../../shared/api/depreciation';
import { resolveClass } from '../../../shared/domain/catalogue';
import { addMonths, monthlyCharge, nextState, periodOf, type AssetDepState } from '../../../shared/domain/depreciation';
import { LedgerError } from '../../../shared/errors';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { requireUnitInScope } from '../org/units';

// Reports on the asset register and its depreciation (issue #3): the bookkeeping summary of a
// period, the register as of a date, and one card's schedule. Reads only; a unit operator sees only
// the units in their scope.

const FUNDING_SOURCES = ['财政补助', '科教项目', '医疗收入(自有资金)', '其他'] as const;

function classNames(): (code: string) => string | null {
  const cache = new Map<string, string | null>();
  return (code) => {
    let n = cache.get(code);
    if (n === undefined) cache.set(code, (n = resolveClass(code)?.name ?? null));
    return n;
  };
}

/**
 * The condition of the partial index on dated changes (migration 7). A query for transfers, moves or
 * cost/life changes by date states it as well, though its type list already implies it: SQLite
 * uses a partial index only when the query carries the index's condition word for word.
 */
export const notAcquisition = (alias = '') => `${alias}type <> 'acquire'`;

/** round-down(a × b ÷ d) for non-negative integers, exact beyond 2^53. */
function mulDivFloor(a: number, b: number, d: number): number {
  const p = a * b;
  if (p <= Number.MAX_SAFE_INTEGER) return Math.floor(p / d);
  return Number((BigInt(a) * BigInt(b)) / BigInt(d));
}

/**
 * Split a charge by the card's funding (fiscal, research, own, other) in proportion to the parts of
 * the cost, in integer fen: each source but the largest takes round-down(charge × part ÷ cost), the
 * largest (the first of equals) takes the rest, so the parts add up to the charge exactly.
 */
export function splitByFunding(chargeFen: number, costFen: number, funds: readonly [number, number, number, number]): [number, number, number, number] {
  const out: [number, number, number, number] = [0, 0, 0, 0];
  let largest = 0;
  for (let i = 1; i < 4; i++) if (funds[i]! > funds[largest]!) largest = i;
  if (costFen <= 0) {
    out[largest] = chargeFen;
    return out;
  }
  let rest = chargeFen;
  for (let i = 0; i < 4; i++) {
    if (i === largest || funds[i] === 0) continue;
    out[i] = mulDivFloor(chargeFen, funds[i]!, costFen);
    rest -= out[i]!;
  }
  out[largest] = rest;
  return out;
}

function summary(ctx: HandlerContext, period: string, unitCode: string | undefined): DepreciationSummaryRow[] {
  const db = ctx.db;
  const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
  if (!db.prepare('SELECT 1 FROM depreciation_periods WHERE period = ?').get(period)) {
    throw new LedgerError('NOT_FOUND', `${period} 尚未计提折旧`, { key: 'error.periodNotRun', params: { period } });
  }
  const units = new Map((db.prepare('SELECT id, code, name FROM units').raw().all() as [string, string, string][]).map(([id, code, n]) => [id, { code, name: n }]));
  const depts = new Map((db.prepare('SELECT id, code, name FROM departments').raw().all() as [string, string, string][]).map(([id, code, n]) => [id, { code, name: n }]));
  const name = classNames();
  // Groups keyed by one number built from small indexes — unit (< 2^12), class (< 2^19), department (< 2^20),
  // source (2 bits): 53 bits — instead of a string key per entry.
  const indexer = (limit: number) => {
    const index = new Map<string | null, number>();
    return (v: string | null) => {
      let i = index.get(v);
      if (i === undefined) {
        if (index.size >= limit) throw new LedgerError('INTERNAL', '汇总维度过多', { key: 'error.INTERNAL' });
        index.set(v, (i = index.size));
      }
      return i;
    };
  };
  const unitIx = indexer(4096);
  const classIx = indexer(524288);
  const deptIx = indexer(1048576);
  const groups = new Map<number, DepreciationSummaryRow>();
  const query = db
    .prepare(
      `SELECT e.unit_id, e.class_code, e.using_dept_id, e.charge_fen, a.cost_fen, a.fund_fiscal_fen, a.fund_research_fen, a.fund_own_fen, a.fund_other_fen
       FROM depreciation_entries e JOIN assets a ON a.id = e.asset_id
       WHERE e.period = ? ${unit ? 'AND e.unit_id = ?' : ''}`,
    )
    .raw();
  const scoped = ctx.actor.scope !== null;
  for (const [unitId, cls, deptId, charge, cost, f0, f1, f2, f3] of query.iterate(...(unit ? [period, unit.id] : [period])) as IterableIterator<
    [string, string, string | null, number, number, number, number, number, number]
  >) {
    if (scoped && !ctx.inScope(unitId)) continue;
    const funds = [f0, f1, f2, f3] as const;
    const parts = splitByFunding(charge, cost, funds);
    const base = ((unitIx(unitId) * 524288 + classIx(cls)) * 1048576 + deptIx(deptId)) * 4;
    for (let i = 0; i < 4; i++) {
      if (funds[i] === 0 && parts[i] === 0) continue;
      let g = groups.get(base + i);
      if (!g) {
        const u = units.get(unitId)!;
        const d = deptId ? depts.get(deptId) : undefined;
        g = { unitCode: u.code, unitName: u.name, classCode: cls, className: name(cls), fundingSource: FUNDING_SOURCES[i]!, usingDeptCode: d?.code ?? null, usingDeptName: d?.name ?? null, assets: 0, chargeFen: 0 };
        groups.set(base + i, g);
      }
      g.assets += 1;
      g.chargeFen += parts[i]!;
    }
  }
  const order = (s: DepreciationSummaryRow['fundingSource']) => FUNDING_SOURCES.indexOf(s);
  return [...groups.values()]
    .filter((g) => g.chargeFen !== 0)
    .sort(
      (a, b) =>
        cmp(a.unitCode, b.unitCode) || cmp(a.classCode, b.classCode) || order(a.fundingSource) - order(b.fundingSource) || cmp(a.usingDeptCode ?? '', b.usingDeptCode ?? ''),
    );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * SQL over a card `a`: its accumulated depreciation as booked through @month (params @month, @next =
 * the month after, @firstRun = `firstRunPeriod`), in two parts.
 *
 * SETTLED_FROM_CARD: the figure when the card itself settles it, else NULL. A card whose next period
 * to charge is at most @next has no entry after @month (entries always precede dep_next_period), so
 * it is the card's own figure (so is a non-depreciable card's); before the first run there are no
 * entries at all (opening figure); a card still at its opening figure was never charged (charges only
 * add), so it had that figure in every month.
 *
 * FROM_ENTRIES: otherwise the entry of @month (one primary-key seek: the usual case), else the last
 * earlier one through the (asset_id, period) index, else the opening figure. A charge caught up in a
 * later run counts from that run's month (the booked figures of the time).
 *
 * A single card (`bookedThrough`) takes both in one expression; the register settles what it can in
 * SQL and reads the month's entries for the rest in one range scan instead of a seek per card.
 */
const SETTLED_FROM_CARD = `CASE WHEN a.dep_next_period <= @next OR a.depreciable = 0 THEN a.dep_accumulated_fen
         WHEN @month < @firstRun OR a.dep_accumulated_fen = a.opening_accumulated_fen THEN a.opening_accumulated_fen END`;
const ENTRY_OF_MONTH = '(SELECT e.accumulated_after_fen FROM depreciation_entries e WHERE e.period = @month AND e.asset_id = a.id)';
const ENTRY_BEFORE_MONTH_OR_OPENING = `coalesce((SELECT e.accumulated_after_fen FROM depreciation_entries e WHERE e.asset_id = a.id AND e.period < @month ORDER BY e.period DESC LIMIT 1),
                       a.opening_accumulated_fen)`;
const ACCUMULATED_THROUGH = `coalesce(${SETTLED_FROM_CARD}, ${ENTRY_OF_MONTH}, ${ENTRY_BEFORE_MONTH_OR_OPENING})`;

/** The first period ever run ('9999-12' when none): before it every card is at its opening figure. */
function firstRunPeriod(db: Database.Database): string {
  return (db.prepare('SELECT min(period) FROM depreciation_periods').pluck().get() as string | null) ?? '9999-12';
}

/**
 * One card's depreciation as booked through `month` (the register's rule, `ACCUMULATED_THROUGH`):
 * the accumulated figure, and the months of life used then — the state before the first entry after
 * `month`, else the card's current count.
 */
export function bookedThrough(db: Database.Database, assetId: string, month: string): { accumulatedFen: number; monthsDepreciated: number } {
  const accumulatedFen = db
    .prepare(`SELECT ${ACCUMULATED_THROUGH} FROM assets a WHERE a.id = @id`)
    .pluck()
    .get({ id: assetId, month, next: addMonths(month, 1), firstRun: firstRunPeriod(db) }) as number;
  const months = db
    .prepare('SELECT coalesce((SELECT before_months FROM depreciation_entries WHERE asset_id = @id AND period > @month ORDER BY period LIMIT 1), dep_months) FROM assets WHERE id = @id')
    .pluck()
    .get({ id: assetId, month }) as number;
  return { accumulatedFen, monthsDepreciated: months };
}

/**
 * The register as of a date: cards booked on or before it and not disposed on or before it, in the
 * unit that held them that day (transfers dated after it undone), at the cost of that day (cost
 * changes dated after it undone), with the accumulated depreciation booked through the month of the
 * date (`ACCUMULATED_THROUGH`). The unit and cost of that day follow the same undo rule as a single
 * card's past state (shared/domain/asset-history.ts), restricted to the two fields the register shows.
 *
 * Set-based: the few events dated after the date are read first (one indexed pass over recent
 * events), then one scan of the cards. Sorting happens in JS (cheaper than a temp B-tree of wide rows).
 */
function register(ctx: HandlerContext, asOf: string, unitCode: string | undefined): RegisterReport {
  const db = ctx.db;
  const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
  const month = periodOf(asOf);
  // Transfers and cost changes dated after the date: the earliest one holds the value of that day.
  const later = db
    .prepare(
      `SELECT a.rowid, v.type, json_extract(v.detail, '$.unitId[0]'), json_extract(v.detail, '$.costFen[0]')
       FROM asset_events v JOIN assets a ON a.id = v.asset_id
       WHERE v.effective_on > ? AND v.type IN ('transfer','cost-change','life-change') AND ${notAcquisition('v.')} ORDER BY v.effective_on DESC, v.created_at DESC`,
    )
    .raw()
    .all(asOf) as [number, string, string | null, number | null][];
  const unitThen = new Map<number, string>();
  const costThen = new Map<number, number>();
  for (const [rowid, type, unitBefore, costBefore] of later) {
    if (type === 'transfer' && unitBefore !== null) unitThen.set(rowid, unitBefore);
    else if (type !== 'transfer' && costBefore !== null) costThen.set(rowid, costBefore);
  }
  // ACCUMULATED_THROUGH set-wise: what the card settles comes back as a figure; the others come back
  // as NULL with the card's id, found in the month's entries (read once, when the first card needs
  // them: as of the latest run's month none does), else by the fallback below (rare).
  const next = addMonths(month, 1);
  const firstRun = firstRunPeriod(db);
  let ofMonthMap: Map<string, number> | undefined;
  const ofMonth = (id: string): number | undefined => {
    if (!ofMonthMap) {
      ofMonthMap = new Map();
      for (const [assetId, acc] of db.prepare('SELECT asset_id, accumulated_after_fen FROM depreciation_entries WHERE period = ?').raw().iterate(month) as IterableIterator<[string, number]>) ofMonthMap.set(assetId, acc);
    }
    return ofMonthMap.get(id);
  };
  const earlier = db.prepare(`SELECT ${ENTRY_BEFORE_MONTH_OR_OPENING} FROM assets a WHERE a.id = @id`).pluck();
  const query = db
    .prepare(
      `SELECT a.rowid, a.code, a.name, a.class_code, a.unit_id, a.cost_fen, ${SETTLED_FROM_CARD}, CASE WHEN (${SETTLED_FROM_CARD}) IS NULL THEN a.id END
       FROM assets a
       WHERE a.booked_on <= @asOf AND (a.disposed_on IS NULL OR a.disposed_on > @asOf)
         ${unit ? 'AND (a.unit_id = @unitId OR a.rowid IN (SELECT value FROM json_each(@moved)))' : ''}`,
    )
    .raw();
  const units = new Map<string, { code: string; name: string; rank: number }>();
  (db.prepare('SELECT id, code, name FROM units ORDER BY code').raw().all() as [string, string, string][]).forEach(([id, code, name], rank) => units.set(id, { code, name, rank }));
  const name = classNames();
  const scoped = ctx.actor.scope !== null;
  const out: RegisterRow[] = [];
  const ranks: number[] = [];
  const keys: string[] = [];
  let cost = 0;
  let acc = 0;
  const params = { asOf, month, next, firstRun, ...(unit ? { unitId: unit.id, moved: JSON.stringify([...unitThen.keys()]) } : {}) };
  // Streamed: each row becomes its result object at once (no second copy of 100,000 rows).
  for (const [rowid, code, assetName, cls, currentUnit, currentCost, settled, id] of query.iterate(params) as IterableIterator<
    [number, string, string, string, string, number, number | null, string | null]
  >) {
    const unitId = unitThen.get(rowid) ?? currentUnit;
    if (unit && unitId !== unit.id) continue;
    if (scoped && !ctx.inScope(unitId)) continue;
    const accumulatedFen = settled ?? ofMonth(id!) ?? (earlier.get({ id, month }) as number);
    const u = units.get(unitId)!;
    const costFen = costThen.get(rowid) ?? currentCost;
    out.push({ code, name: assetName, unit: u.code, unitName: u.name, class: cls, className: name(cls), costFen, accumulatedFen, netFen: costFen - accumulatedFen });
    ranks.push(u.rank);
    keys.push(code.toUpperCase());
    cost += costFen;
    acc += accumulatedFen;
  }
  // By unit code, then asset number (both compared without case, as the columns' NOCASE collation).
  const order = Array.from(out.keys());
  order.sort((a, b) => ranks[a]! - ranks[b]! || (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
  const result = order.map((i) => out[i]!);
  return { asOf, rows: result, totals: { assets: result.length, costFen: cost, accumulatedFen: acc, netFen: cost - acc } };
}

interface CardDb {
  id: string;
  unit_id: string;
  cost_fen: number;
  life_months: number;
  dep_method: 'straight-line' | 'units-of-work';
  total_units: number | null;
  dep_accumulated_fen: number;
  dep_months: number;
  dep_basis_accumulated_fen: number;
  dep_basis_months: number;
  dep_units_used: number | null;
  dep_start_period: string;
  dep_next_period: string;
  depreciable: number;
  value_type: string;
  disposed_on: string | null;
}

/** A card's schedule: the entries booked so far (booked: true), then the projection of its current state to the end of its life or `through`. */
function assetSchedule(ctx: HandlerContext, code: string, through: string | undefined): ScheduleLine[] {
  const db = ctx.db;
  const a = db.prepare('SELECT * FROM assets WHERE code = ?').get(code) as (CardDb & { code: string }) | undefined;
  if (!a || !ctx.inScope(a.unit_id)) throw new LedgerError('NOT_FOUND', `资产 ${code} 不存在或不在您的权限范围内`, { key: 'error.assetNotFound', params: { code } });
  // Cost in force in a month: before the first cost change dated in a later month, else today's.
  const changes = (
    db
      .prepare("SELECT effective_on, json_extract(detail, '$.costFen[0]') AS before FROM asset_events WHERE asset_id = ? AND type IN ('cost-change','life-change') AND json_type(detail, '$.costFen') IS NOT NULL ORDER BY effective_on, created_at")
      .all(a.id) as { effective_on: string; before: number }[]
  ).map((c) => ({ period: periodOf(c.effective_on), before: c.before }));
  const costIn = (period: string) => changes.find((c) => c.period > period)?.before ?? a.cost_fen;
  const lines: ScheduleLine[] = [];
  const entries = db
    .prepare(`SELECT period, charge_fen, accumulated_after_fen FROM depreciation_entries WHERE asset_id = ? ${through ? 'AND period <= ?' : ''} ORDER BY period`)
    .all(...(through ? [a.id, through] : [a.id])) as { period: string; charge_fen: number; accumulated_after_fen: number }[];
  for (const e of entries) {
    const costFen = costIn(e.period);
    lines.push({ period: e.period, costFen, chargeFen: e.charge_fen, accumulatedFen: e.accumulated_after_fen, netFen: costFen - e.accumulated_after_fen, booked: true });
  }
  // Projection from the card's current state (units of work cannot be projected without usage).
  let state: AssetDepState = {
    costFen: a.cost_fen,
    accumulatedFen: a.dep_accumulated_fen,
    lifeMonths: a.life_months,
    monthsDepreciated: a.dep_months,
    basisAccumulatedFen: a.dep_basis_accumulated_fen,
    basisMonths: a.dep_basis_months,
    startPeriod: a.dep_start_period,
    disposalPeriod: a.disposed_on ? periodOf(a.disposed_on) : null,
    method: a.dep_method,
    totalUnits: a.total_units ?? undefined,
    unitsUsed: a.dep_units_used ?? undefined,
    depreciable: a.depreciable === 1,
    nominal: a.value_type === '名义金额',
  };
  if (state.method !== 'straight-line') return lines;
  let p = a.dep_next_period < a.dep_start_period ? a.dep_start_period : a.dep_next_period;
  for (let n = 0; n < 1200 && (!through || p <= through); n++, p = addMonths(p, 1)) {
    const r = monthlyCharge(state, p);
    if (r.reason !== undefined) break;
    lines.push({ period: p, costFen: state.costFen, chargeFen: r.chargeFen, accumulatedFen: r.accumulatedAfterFen, netFen: state.costFen - r.accumulatedAfterFen, booked: false });
    state = nextState(state, r);
    if (r.fullyDepreciated) break;
  }
  return lines;
}

export const reportHandlers: HandlerMap<'depreciation.summary' | 'reports.register' | 'assets.schedule'> = {
  'depreciation.summary': ({ period, unitCode }, ctx) => summary(ctx, period, unitCode),
  'reports.register': ({ asOf, unitCode }, ctx) => register(ctx, asOf, unitCode),
  'assets.schedule': ({ code, through }, ctx) => assetSchedule(ctx, code, through),
};

