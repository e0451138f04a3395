import type Database from 'better-sqlite3';
import type { ArgsOut } from '../../../shared/api';
import type { GlBalanceRow, GlExplanation, GlImportResult, GlReconciliation, GlReconRow } from '../../../shared/api/counts';
import { toGB2022 } from '../../../shared/domain/catalogue';
import { isIntangible } from '../../../shared/domain/count';
import { combineGlLines, GL_ACCOUNT_NAMES, GL_ACCOUNTS, readGlSheet, type GlAccount } from '../../../shared/domain/count-gl';
import { addMonths, monthlyCharge } from '../../../shared/domain/depreciation';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import { formatMoney } from '../../../shared/money';
import { Rollback, type HandlerContext, type HandlerMap } from '../../engine/context';
import { readSheet } from '../../io/sheet';
import { stateOf, type AssetDb } from '../assets/cards';
import { reportHandlers } from '../assets/reports';
import { requireUnitInScope } from '../org/units';

// 账账核对 (DOMAIN §3.5): general-ledger balances of 1601/1602/1701/1702 imported from the accounting
// software's trial-balance exports (layouts: shared/domain/count-gl.ts), compared per unit and account
// with the card ledger as of the month end — the register as of that date (reports.register, the
// same figures as the register report) — and the cards that explain a difference:
//   noVoucher              booked this month without a voucher number (the ledger has likely not booked it): +cost
//   disposedThisPeriod     disposed this month (the ledger may still carry it): −cost, −accumulated
//   depreciationNotRun     this month's depreciation not run yet (the ledger may have booked it): −estimate
//   depreciationNotClosed  this month's run not closed (the ledger may not have posted it yet): +charges
//   pendingLoss            盘亏 moved to 1902 but not yet written off (the ledger cleared 1601/1602): +cost, +accumulated
//   transferIn/Out         调剂 this month (the other side may not be booked yet): ±cost, ±accumulated
//   costChangeNoDoc        cost change this month without a document number: +change
// Amounts are "card − ledger" when the ledger has not booked the item, so explainedFen adds up what
// these items would account for and unexplainedFen is what is left.

/** The order explanations are listed in: cards booked, disposed, moved, then the month's depreciation. */
const KIND_ORDER: GlExplanation['kind'][] = ['noVoucher', 'costChangeNoDoc', 'disposedThisPeriod', 'pendingLoss', 'transferIn', 'transferOut', 'depreciationNotRun', 'depreciationNotClosed'];

function lastDay(period: string): string {
  const next = addMonths(period, 1);
  const d = new Date(Date.UTC(Number(next.slice(0, 4)), Number(next.slice(5, 7)) - 1, 0));
  return d.toISOString().slice(0, 10);
}

interface UnitDb {
  id: string;
  code: string;
  name: string;
}

/** A unit named in a sheet: by code or name, or the unit whose name (longest) appears in the text (城关镇卫生院（公章）, T01 城关镇卫生院). */
export function unitFromText(db: Database.Database, text: string): UnitDb | undefined {
  const t = text.replace(/\s+/g, ' ').trim();
  const units = db.prepare('SELECT id, code, name FROM units').all() as UnitDb[];
  const exact = units.find((u) => u.code.toUpperCase() === t.toUpperCase() || u.name === t);
  if (exact) return exact;
  for (const token of t.split(/[\s,，、（）()【】[\]:：]+/).filter(Boolean)) {
    const u = units.find((x) => x.code.toUpperCase() === token.toUpperCase() || x.name === token);
    if (u) return u;
  }
  const contained = units.filter((u) => t.includes(u.name)).sort((a, b) => b.name.length - a.name.length);
  return contained[0];
}

async function importGl(args: ArgsOut<'gl.import'>, ctx: HandlerContext): Promise<GlImportResult> {
  const given = args.unitCode ? requireUnitInScope(ctx, args.unitCode) : undefined;
  const rows = await readSheet(Buffer.from(args.base64, 'base64'), args.fileName);
  const sheet = readGlSheet(rows.map((r) => r.cells));
  if (!sheet) throw new LedgerError('VALIDATION', `在 ${args.fileName} 的前 30 行中找不到科目余额表的表头（应包含：科目编码或科目名称、期末余额）`, { key: 'error.noHeader', params: { expected: '科目编码、期末余额' } });
  const rowNo = (i: number) => rows[i]?.rowNumber ?? i + 1;
  const rejected: ErrorDetail[] = sheet.problems.map((p) => ({ row: rowNo(p.rowIndex), column: p.column, message: p.message }));
  if (sheet.period && sheet.period !== args.period) {
    throw new LedgerError('VALIDATION', `表中期间为 ${sheet.period}，与指定的期间 ${args.period} 不一致`, { key: 'error.glPeriodMismatch', params: { sheet: sheet.period, period: args.period } });
  }
  // The unit: given, else a unit column per row, else the sheet's 核算单位/编制单位 line.
  let sheetUnit: UnitDb | undefined;
  if (sheet.unitText) {
    sheetUnit = unitFromText(ctx.db, sheet.unitText);
    if (given && sheetUnit && sheetUnit.id !== given.id) {
      throw new LedgerError('VALIDATION', `表中核算单位为「${sheet.unitText}」（${sheetUnit.code}），与指定的单位 ${given.code} 不一致`, { key: 'error.glUnitMismatch' });
    }
  }
  if (!given && !sheet.hasUnitColumn) {
    if (!sheet.unitText) throw new LedgerError('VALIDATION', '请指定单位（--unit 单位编码），表中没有核算单位/编制单位行，也没有单位列', { key: 'error.unitMissing' });
    if (!sheetUnit) throw new LedgerError('VALIDATION', `表中核算单位「${sheet.unitText}」与账套中的任何单位都对不上，请用 --unit 指定单位编码`, { key: 'error.unitMissing' });
  }
  const fixedUnit = given ?? (sheet.hasUnitColumn ? undefined : sheetUnit);
  const lines: (typeof sheet.lines[number] & { unitKey: string })[] = [];
  const unitById = new Map<string, UnitDb>();
  for (const l of sheet.lines) {
    if (l.period && l.period !== args.period) continue; // a long list with several months: only this one
    let unit = fixedUnit;
    if (sheet.hasUnitColumn) {
      const u = l.unitText ? unitFromText(ctx.db, l.unitText) : (given ?? sheetUnit);
      if (!u) {
        rejected.push({ row: rowNo(l.rowIndex), column: '单位', message: l.unitText ? `单位「${l.unitText}」不存在` : '单位为空' });
        continue;
      }
      if (given && u.id !== given.id) {
        rejected.push({ row: rowNo(l.rowIndex), column: '单位', message: `本行单位 ${u.code} 与指定的单位 ${given.code} 不一致` });
        continue;
      }
      unit = u;
    }
    if (!unit) continue;
    if (!ctx.inScope(unit.id)) {
      rejected.push({ row: rowNo(l.rowIndex), column: '单位', message: `单位 ${unit.code} 不在您的权限范围内` });
      continue;
    }
    unitById.set(unit.id, unit);
    lines.push({ ...l, unitKey: unit.id });
  }
  const combined = combineGlLines(lines);
  rejected.push(...combined.problems.map((p) => ({ row: rowNo(p.rowIndex), column: '科目编码', message: p.message })));
  rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  if (!combined.balances.length && !rejected.length) {
    throw new LedgerError('VALIDATION', `${args.fileName} 中没有 ${args.period} 的 1601、1602、1701、1702 科目余额`, { key: 'error.glNothing' });
  }
  const balances = combined.balances.map((b) => ({ unitCode: unitById.get(b.unitKey)!.code, account: b.account, balanceFen: b.balanceFen, row: rowNo(b.rowIndex), unitId: b.unitKey }));
  const willWrite = !args.dryRun && balances.length > 0 && (args.skipInvalid || !rejected.length);
  const { result, batchId } = ctx.write(`导入总账余额 ${args.period}（${args.fileName}）`, (record, at) => {
    const put = ctx.db.prepare(
      `INSERT INTO gl_balances (unit_id, account, period, balance_fen, source_file, source_row, imported_at, imported_by) VALUES (?,?,?,?,?,?,?,?)
       ON CONFLICT (unit_id, period, account) DO UPDATE SET balance_fen = excluded.balance_fen, source_file = excluded.source_file, source_row = excluded.source_row, imported_at = excluded.imported_at, imported_by = excluded.imported_by`,
    );
    const prior = ctx.db.prepare('SELECT balance_fen FROM gl_balances WHERE unit_id = ? AND period = ? AND account = ?').pluck();
    for (const b of balances) {
      const before = prior.get(b.unitId, args.period, b.account) as number | undefined;
      put.run(b.unitId, b.account, args.period, b.balanceFen, args.fileName, b.row, at, ctx.actor.name);
      record({ entity: 'gl_balance', id: `${b.unitCode}:${args.period}:${b.account}`, before: before === undefined ? null : { balanceFen: before }, after: { unitCode: b.unitCode, period: args.period, account: b.account, balanceFen: b.balanceFen } });
    }
    if (!willWrite) throw new Rollback(args.dryRun ? balances.length : 0);
    return balances.length;
  });
  return {
    imported: result,
    rejected,
    dryRun: args.dryRun,
    preview: balances.map(({ unitId: _, ...b }) => b),
    batchId,
    period: args.period,
    balances: balances.map(({ unitId: _, ...b }) => b),
  };
}

function glBalances(args: ArgsOut<'gl.balances'>, ctx: HandlerContext): GlBalanceRow[] {
  const unit = args.unitCode ? requireUnitInScope(ctx, args.unitCode) : undefined;
  const where: string[] = [];
  const params: string[] = [];
  if (unit) {
    where.push('g.unit_id = ?');
    params.push(unit.id);
  }
  if (args.period) {
    where.push('g.period = ?');
    params.push(args.period);
  }
  const rows = ctx.db
    .prepare(
      `SELECT g.unit_id, u.code AS unitCode, u.name AS unitName, g.account, g.period, g.balance_fen AS balanceFen, g.source_file AS sourceFile, g.imported_at AS importedAt
       FROM gl_balances g JOIN units u ON u.id = g.unit_id ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY g.period DESC, u.code, g.account`,
    )
    .all(...params) as (Omit<GlBalanceRow, 'accountName'> & { unit_id: string })[];
  return rows.filter((r) => ctx.inScope(r.unit_id)).map(({ unit_id: _, ...r }) => ({ ...r, accountName: GL_ACCOUNT_NAMES[r.account] }));
}

function reconcileGl(args: ArgsOut<'reconcile.gl'>, ctx: HandlerContext): GlReconciliation {
  const db = ctx.db;
  const unit = args.unitCode ? requireUnitInScope(ctx, args.unitCode) : undefined;
  const asOf = lastDay(args.period);
  const from = `${args.period}-01`;
  const intangibleCache = new Map<string, boolean>();
  const intangible = (cls: string) => {
    let v = intangibleCache.get(cls);
    if (v === undefined) intangibleCache.set(cls, (v = isIntangible(cls, toGB2022(cls))));
    return v;
  };
  const acct = (cls: string, cost: boolean): GlAccount => (intangible(cls) ? (cost ? '1701' : '1702') : cost ? '1601' : '1602');

  // The card ledger as of the month end: the register report's own figures.
  const register = reportHandlers['reports.register']({ asOf, unitCode: args.unitCode }, ctx) as ReturnType<typeof reportHandlers['reports.register']> & { rows: { unit: string; class: string; costFen: number; accumulatedFen: number }[] };
  const card = new Map<string, Record<GlAccount, number>>();
  const zero = (): Record<GlAccount, number> => ({ '1601': 0, '1602': 0, '1701': 0, '1702': 0 });
  for (const r of register.rows) {
    let u = card.get(r.unit);
    if (!u) card.set(r.unit, (u = zero()));
    u[acct(r.class, true)] += r.costFen;
    u[acct(r.class, false)] += r.accumulatedFen;
  }
  // The ledger.
  const units = new Map((db.prepare('SELECT id, code, name FROM units').all() as UnitDb[]).map((u) => [u.code, u]));
  const ledger = new Map<string, Partial<Record<GlAccount, number>>>();
  for (const g of db.prepare(`SELECT u.code, g.unit_id, g.account, g.balance_fen FROM gl_balances g JOIN units u ON u.id = g.unit_id WHERE g.period = ? ${unit ? 'AND g.unit_id = ?' : ''}`).all(...(unit ? [args.period, unit.id] : [args.period])) as {
    code: string;
    unit_id: string;
    account: GlAccount;
    balance_fen: number;
  }[]) {
    if (!ctx.inScope(g.unit_id)) continue;
    let u = ledger.get(g.code);
    if (!u) ledger.set(g.code, (u = {}));
    u[g.account] = g.balance_fen;
  }

  // Explanations, per unit code and account.
  const explain = new Map<string, GlExplanation[]>();
  const add = (unitCode: string, account: GlAccount, e: GlExplanation) => {
    if (e.amountFen === 0) return;
    const k = `${unitCode}\u0000${account}`;
    let l = explain.get(k);
    if (!l) explain.set(k, (l = []));
    l.push(e);
  };
  const unitFilter = unit ? 'AND a.unit_id = @unitId' : '';
  const p = { from, asOf, period: args.period, unitId: unit?.id };
  // Booked this month without a voucher number, and disposed this month: one pass over the cards.
  for (const a of db
    .prepare(
      `SELECT a.code, a.name, a.class_code, a.booked_on, a.voucher_no, a.disposed_on, a.disposal_type, a.cost_fen, a.dep_accumulated_fen, u.code AS unit_code, a.unit_id
       FROM assets a JOIN units u ON u.id = a.unit_id
       WHERE ((a.booked_on BETWEEN @from AND @asOf AND (a.voucher_no IS NULL OR trim(a.voucher_no) = '') AND (a.disposed_on IS NULL OR a.disposed_on > @asOf))
              OR a.disposed_on BETWEEN @from AND @asOf) ${unitFilter}`,
    )
    .all(p) as { code: string; name: string; class_code: string; booked_on: string; voucher_no: string | null; disposed_on: string | null; disposal_type: string | null; cost_fen: number; dep_accumulated_fen: number; unit_code: string; unit_id: string }[]) {
    if (!ctx.inScope(a.unit_id)) continue;
    if (a.disposed_on && a.disposed_on >= from && a.disposed_on <= asOf) {
      const label = `本月已处置（${a.disposal_type ?? ''}），总账可能仍在账`;
      add(a.unit_code, acct(a.class_code, true), { kind: 'disposedThisPeriod', label, code: a.code, name: a.name, date: a.disposed_on, amountFen: -a.cost_fen });
      add(a.unit_code, acct(a.class_code, false), { kind: 'disposedThisPeriod', label, code: a.code, name: a.name, date: a.disposed_on, amountFen: -a.dep_accumulated_fen });
    } else {
      add(a.unit_code, acct(a.class_code, true), { kind: 'noVoucher', label: '本月入账但没有会计凭证号（总账可能尚未记账）', code: a.code, name: a.name, date: a.booked_on, amountFen: a.cost_fen });
    }
  }
  for (const a of db
    .prepare(
      `SELECT a.code, a.name, a.class_code, a.cost_fen, a.dep_accumulated_fen, x.effective_on, u.code AS unit_code, a.unit_id
       FROM count_resolutions x JOIN assets a ON a.id = x.asset_id JOIN units u ON u.id = a.unit_id
       WHERE x.kind = 'shortage-pending' AND x.effective_on <= @asOf AND (a.disposed_on IS NULL OR a.disposed_on > @asOf) ${unitFilter}`,
    )
    .all(p) as { code: string; name: string; class_code: string; cost_fen: number; dep_accumulated_fen: number; effective_on: string; unit_code: string; unit_id: string }[]) {
    if (!ctx.inScope(a.unit_id)) continue;
    const label = '盘亏已转入待处理财产损溢（1902），尚未报损，卡片仍在账';
    add(a.unit_code, acct(a.class_code, true), { kind: 'pendingLoss', label, code: a.code, name: a.name, date: a.effective_on, amountFen: a.cost_fen });
    add(a.unit_code, acct(a.class_code, false), { kind: 'pendingLoss', label, code: a.code, name: a.name, date: a.effective_on, amountFen: a.dep_accumulated_fen });
  }
  for (const e of db
    .prepare(
      `SELECT a.code, a.name, a.class_code, a.cost_fen, a.dep_accumulated_fen, v.effective_on, v.doc_no, json_extract(v.detail, '$.unitCode[0]') AS from_code, json_extract(v.detail, '$.unitCode[1]') AS to_code
       FROM asset_events v JOIN assets a ON a.id = v.asset_id WHERE v.type = 'transfer' AND v.effective_on BETWEEN @from AND @asOf`,
    )
    .all(p) as { code: string; name: string; class_code: string; cost_fen: number; dep_accumulated_fen: number; effective_on: string; doc_no: string | null; from_code: string | null; to_code: string | null }[]) {
    for (const [side, code, sign] of [
      ['transferOut', e.from_code, -1],
      ['transferIn', e.to_code, 1],
    ] as const) {
      const u = code ? units.get(code) : undefined;
      if (!u || !ctx.inScope(u.id) || (unit && u.id !== unit.id)) continue;
      const label = side === 'transferIn' ? `本月调入（${e.from_code ?? ''} → ${e.to_code ?? ''}），总账可能尚未记账` : `本月调出（${e.from_code ?? ''} → ${e.to_code ?? ''}），总账可能尚未记账`;
      add(u.code, acct(e.class_code, true), { kind: side, label, code: e.code, name: e.name, date: e.effective_on, amountFen: sign * e.cost_fen });
      add(u.code, acct(e.class_code, false), { kind: side, label, code: e.code, name: e.name, date: e.effective_on, amountFen: sign * e.dep_accumulated_fen });
    }
  }
  for (const e of db
    .prepare(
      `SELECT a.code, a.name, a.class_code, v.effective_on, json_extract(v.detail, '$.costFen[0]') AS before, json_extract(v.detail, '$.costFen[1]') AS after, u.code AS unit_code, a.unit_id
       FROM asset_events v JOIN assets a ON a.id = v.asset_id JOIN units u ON u.id = a.unit_id
       WHERE v.type = 'cost-change' AND v.effective_on BETWEEN @from AND @asOf AND (v.doc_no IS NULL OR trim(v.doc_no) = '') AND json_type(v.detail, '$.costFen') IS NOT NULL ${unitFilter}`,
    )
    .all(p) as { code: string; name: string; class_code: string; effective_on: string; before: number; after: number; unit_code: string; unit_id: string }[]) {
    if (!ctx.inScope(e.unit_id)) continue;
    add(e.unit_code, acct(e.class_code, true), { kind: 'costChangeNoDoc', label: '本月原值变动没有文号（总账可能尚未记账）', code: e.code, name: e.name, date: e.effective_on, amountFen: e.after - e.before });
  }
  // This month's depreciation: not run (estimate what it will charge), or run but not closed.
  const dep = db.prepare('SELECT status FROM depreciation_periods WHERE period = ?').get(args.period) as { status: 'open' | 'closed' } | undefined;
  if (dep?.status === 'open') {
    for (const g of db
      .prepare(`SELECT u.code AS unit_code, e.unit_id, e.class_code, sum(e.charge_fen) AS fen, count(*) AS n FROM depreciation_entries e JOIN units u ON u.id = e.unit_id WHERE e.period = @period ${unit ? 'AND e.unit_id = @unitId' : ''} GROUP BY e.unit_id, e.class_code`)
      .all(p) as { unit_code: string; unit_id: string; class_code: string; fen: number; n: number }[]) {
      if (!ctx.inScope(g.unit_id)) continue;
      add(g.unit_code, acct(g.class_code, false), { kind: 'depreciationNotClosed', label: `${args.period} 折旧已计提但未结账（${g.class_code}，${g.n} 张卡片），总账可能尚未记账`, code: null, name: null, date: null, amountFen: g.fen });
    }
  } else if (!dep) {
    const sums = new Map<string, { fen: number; n: number }>();
    for (const a of db.prepare(`SELECT a.*, u.code AS unit_code FROM assets a JOIN units u ON u.id = a.unit_id WHERE a.booked_on <= @asOf AND (a.disposed_on IS NULL OR a.disposed_on > @asOf) AND a.dep_next_period <= @period AND a.depreciable = 1 ${unitFilter}`).iterate(p) as IterableIterator<
      AssetDb & { unit_code: string }
    >) {
      if (!ctx.inScope(a.unit_id)) continue;
      const ch = monthlyCharge(stateOf(a), a.dep_next_period < args.period ? args.period : a.dep_next_period);
      if (!ch.chargeFen) continue;
      const k = `${a.unit_code}\u0000${acct(a.class_code, false)}`;
      const s = sums.get(k) ?? { fen: 0, n: 0 };
      s.fen += ch.chargeFen;
      s.n += 1;
      sums.set(k, s);
    }
    for (const [k, s] of sums) {
      const [unitCode, account] = k.split('\u0000') as [string, GlAccount];
      add(unitCode, account, { kind: 'depreciationNotRun', label: `${args.period} 折旧尚未计提（${s.n} 张卡片，约 ${formatMoney(s.fen, { symbol: true })}），总账若已计提则卡片少计`, code: null, name: null, date: null, amountFen: -s.fen });
    }
  }

  const codes = new Set<string>([...card.keys(), ...ledger.keys()]);
  const rows: GlReconRow[] = [];
  for (const code of [...codes].sort()) {
    const u = units.get(code)!;
    const c = card.get(code) ?? zero();
    const l = ledger.get(code);
    for (const account of GL_ACCOUNTS) {
      const ledgerFen = l ? (l[account] ?? 0) : null;
      if (!l && c[account] === 0) continue;
      if (l && c[account] === 0 && ledgerFen === 0 && !explain.has(`${code}\u0000${account}`)) continue;
      const explanations = (explain.get(`${code}\u0000${account}`) ?? []).sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || ((a.code ?? '') < (b.code ?? '') ? -1 : (a.code ?? '') > (b.code ?? '') ? 1 : 0));
      const explainedFen = explanations.reduce((s, e) => s + e.amountFen, 0);
      const differenceFen = ledgerFen === null ? null : c[account] - ledgerFen;
      rows.push({
        unitCode: code,
        unitName: u.name,
        account,
        accountName: GL_ACCOUNT_NAMES[account],
        cardFen: c[account],
        ledgerFen,
        differenceFen,
        explainedFen,
        unexplainedFen: differenceFen === null ? null : differenceFen - explainedFen,
        explanations,
      });
    }
  }
  return { period: args.period, asOf, rows, differing: rows.filter((r) => r.differenceFen !== null && r.differenceFen !== 0).length, depreciation: { run: dep !== undefined, closed: dep?.status === 'closed' } };
}

export const glHandlers: HandlerMap<'gl.import' | 'gl.balances' | 'reconcile.gl'> = {
  'gl.import': (args, ctx) => importGl(args, ctx),
  'gl.balances': (args, ctx) => glBalances(args, ctx),
  'reconcile.gl': (args, ctx) => reconcileGl(args, ctx),
};
