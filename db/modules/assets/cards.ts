import type Database from 'better-sqlite3';
import type { AssetCard, AssetEvent, AssetInput, AssetRow } from '../../../shared/api/assets';
import { existedOn, fieldsOn, latestLifecycleDate } from '../../../shared/domain/asset-history';
import { checkLocalLife, defaultLifeYears, defaultMethod, isDepreciable, resolveClass, schemeOf } from '../../../shared/domain/catalogue';
import { addMonths, checkChange, openingState, periodOf, recalculate, type AssetDepState } from '../../../shared/domain/depreciation';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import type { HandlerContext, HandlerMap, Recorder } from '../../engine/context';
import { loadForEdit, newId } from '../../engine/rows';
import { throwIfProblems } from '../batch';
import { requireUnitInScope, unitByCode } from '../org/units';
import { assertPeriodOpen, revertFrom } from './periods';
import { bookedThrough } from './reports';

// Asset cards (DOMAIN §3.2) and their lifecycle events (§3.4). Every change to a card is an event
// with an effective date in `asset_events`, written in the same transaction as the card and the
// audit row. Money, life and custody never change silently: they go through their own events.

export interface AssetDb {
  id: string;
  code: string;
  name: string;
  class_code: string;
  unit_id: string;
  using_dept_id: string | null;
  managing_dept_id: string | null;
  user_name: string | null;
  location: string | null;
  status: string;
  value_type: string;
  booked_on: string;
  disposed_on: string | null;
  dep_method: 'straight-line' | 'units-of-work';
  cost_fen: number;
  life_months: number;
  total_units: number | null;
  dep_accumulated_fen: number;
  dep_months: number;
  dep_basis_accumulated_fen: number;
  dep_basis_months: number;
  dep_units_used: number | null;
  dep_start_period: string;
  dep_next_period: string;
  depreciable: number;
  fund_fiscal_fen: number;
  fund_research_fen: number;
  fund_own_fen: number;
  fund_other_fen: number;
  version: number;
  updated_at: string;
  updated_by: string;
}

const ROW_SELECT = `
  SELECT a.id, a.code, a.name, a.class_code AS classCode, a.model, u.code AS unitCode, u.name AS unitName,
         d.code AS usingDeptCode, d.name AS usingDeptName, a.user_name AS userName, a.location, a.status,
         a.acquisition_method AS acquisitionMethod, a.booked_on AS bookedOn, a.cost_fen AS costFen,
         a.dep_accumulated_fen AS accumulatedFen, a.cost_fen - a.dep_accumulated_fen AS netFen,
         a.life_months AS lifeMonths, a.version, a.updated_at AS updatedAt, a.updated_by AS updatedBy
  FROM assets a JOIN units u ON u.id = a.unit_id LEFT JOIN departments d ON d.id = a.using_dept_id`;

function className(code: string): string | null {
  return resolveClass(code)?.name ?? null;
}

export function assetRowById(db: Database.Database, id: string): AssetRow {
  const r = db.prepare(`${ROW_SELECT} WHERE a.id = ?`).get(id) as Omit<AssetRow, 'className'>;
  return { ...r, className: className(r.classCode) };
}

/** Load a card by its number, refusing cards outside the caller's units with the same answer as unknown ones. */
export function requireAsset(ctx: HandlerContext, code: string): AssetDb {
  const a = ctx.db.prepare('SELECT * FROM assets WHERE code = ?').get(code) as AssetDb | undefined;
  if (!a || !ctx.inScope(a.unit_id)) throw new LedgerError('NOT_FOUND', `资产 ${code} 不存在或不在您的权限范围内`, { key: 'error.assetNotFound', params: { code } });
  return a;
}

/**
 * Statements used once per card (100,000 times in an import) are compiled once per connection:
 * db.prepare costs about as much as running a small INSERT.
 */
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let byDb = statements.get(db);
  if (!byDb) statements.set(db, (byDb = new Map()));
  let s = byDb.get(sql);
  if (!s) byDb.set(sql, (s = db.prepare(sql)));
  return s;
}

function deptId(db: Database.Database, unitId: string, code: string | null | undefined): string | null | undefined {
  if (code === undefined) return undefined;
  if (code === null) return null;
  const d = stmt(db, 'SELECT id FROM departments WHERE unit_id = ? AND code = ?').get(unitId, code) as { id: string } | undefined;
  return d ? d.id : undefined;
}

function addEvent(db: Database.Database, assetId: string, type: AssetEvent['type'], effectiveOn: string, detail: Record<string, unknown>, docNo: string | null | undefined, at: string, by: string): void {
  stmt(db, 'INSERT INTO asset_events (id, asset_id, type, effective_on, doc_no, detail, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)').run(
    newId(),
    assetId,
    type,
    effectiveOn,
    docNo ?? null,
    JSON.stringify(detail),
    at,
    by,
  );
}

/** {field: [before, after]} for the fields that differ. */
function diff(before: Record<string, unknown>, after: Record<string, unknown>): Record<string, [unknown, unknown]> {
  const out: Record<string, [unknown, unknown]> = {};
  for (const k of Object.keys(after)) if (after[k] !== undefined && before[k] !== after[k]) out[k] = [before[k] ?? null, after[k]];
  return out;
}

function depColumns(s: AssetDepState) {
  return {
    dep_method: s.method,
    cost_fen: s.costFen,
    life_months: s.lifeMonths,
    total_units: s.totalUnits ?? null,
    dep_accumulated_fen: s.accumulatedFen,
    dep_months: s.monthsDepreciated,
    dep_basis_accumulated_fen: s.basisAccumulatedFen,
    dep_basis_months: s.basisMonths,
    dep_units_used: s.unitsUsed ?? null,
  };
}

/** The depreciation state a card row holds (as of the start of its dep_next_period). */
export function stateOf(a: AssetDb): AssetDepState {
  return {
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
}

// Columns of a new card, in the order of the positional parameters: better-sqlite3 binds `?`
// parameters from an array several times faster than named ones from an object, which matters
// when an import inserts 100,000 cards.
const INSERT_COLUMNS = [
  'id', 'code', 'old_code', 'name', 'class_code', 'class_scheme', 'brand', 'model', 'quantity', 'measure_unit',
  'acquisition_method', 'acquired_on', 'in_service_on', 'booked_on', 'voucher_no', 'value_type', 'fund_fiscal_fen',
  'fund_research_fen', 'fund_own_fen', 'fund_other_fen', 'opening_accumulated_fen', 'opening_months_used',
  'opening_period', 'unit_id', 'managing_dept_id', 'using_dept_id', 'user_name', 'location', 'status', 'manufacturer',
  'supplier', 'warranty_until', 'remarks', 'dep_method', 'cost_fen', 'life_months', 'total_units',
  'dep_accumulated_fen', 'dep_months', 'dep_basis_accumulated_fen', 'dep_basis_months', 'dep_units_used',
  'dep_start_period', 'dep_next_period', 'depreciable', 'created_at', 'updated_at', 'updated_by', 'version',
] as const;
type NewCardRow = Record<(typeof INSERT_COLUMNS)[number], string | number | null>;
const INSERT_SQL = `INSERT INTO assets (${INSERT_COLUMNS.join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`;

/**
 * Validate and insert new cards inside the caller's transaction. Returns the problems (1-based
 * position in `cards` as the row) instead of throwing, so an import can report them all.
 * `checkOnly` runs every check and writes nothing (an import's preview): `accepted` counts the
 * cards that would be inserted, `ids` stays empty.
 */
export function insertCards(
  ctx: HandlerContext,
  cards: readonly AssetInput[],
  at: string,
  record: Recorder,
  rowOf: (i: number) => number = (i) => i + 1,
  opts: { checkOnly?: boolean } = {},
): { problems: ErrorDetail[]; ids: string[]; accepted: number } {
  const db = ctx.db;
  const problems: ErrorDetail[] = [];
  const ids: string[] = [];
  let accepted = 0;
  const insert = stmt(db, INSERT_SQL);
  const codeUsed = stmt(db, 'SELECT 1 FROM asset_codes_used WHERE code = ?');
  const markUsed = stmt(db, 'INSERT INTO asset_codes_used (code) VALUES (?)');
  const units = new Map<string, { id: string } | null>();
  // An import repeats the same few departments and cut-over months on every row: look each up once.
  const depts = new Map<string, string | null | undefined>();
  const deptOf = (unitId: string, code: string | null | undefined) => {
    if (code === undefined || code === null) return deptId(db, unitId, code);
    const key = `${unitId}\u0000${code}`;
    if (!depts.has(key)) depts.set(key, deptId(db, unitId, code));
    return depts.get(key);
  };
  const closedPeriod = new Map<string, string | null>();
  const periodProblem = (period: string) => {
    if (!closedPeriod.has(period)) {
      try {
        assertPeriodOpen(db, period);
        closedPeriod.set(period, null);
      } catch (err) {
        closedPeriod.set(period, (err as Error).message);
      }
    }
    return closedPeriod.get(period)!;
  };
  // The catalogue's answers for a class code, looked up once per code (an import repeats a few hundred).
  const classes = new Map<string, { cls: ReturnType<typeof resolveClass>; depreciable: boolean; method: ReturnType<typeof defaultMethod>; defaultYears: ReturnType<typeof defaultLifeYears>; scheme: ReturnType<typeof schemeOf> }>();
  const classFacts = (code: string) => {
    let f = classes.get(code);
    if (!f) classes.set(code, (f = { cls: resolveClass(code), depreciable: isDepreciable(code) !== false, method: defaultMethod(code), defaultYears: defaultLifeYears(code), scheme: schemeOf(code) }));
    return f;
  };
  cards.forEach((c, i) => {
    const row = rowOf(i);
    const bad = (field: string, message: string) => problems.push({ row, field, message });
    const before = problems.length;
    let unit = units.get(c.unitCode.toUpperCase());
    if (unit === undefined) {
      const u = unitByCode(db, c.unitCode);
      unit = u && ctx.inScope(u.id) ? u : null;
      units.set(c.unitCode.toUpperCase(), unit);
    }
    if (!unit) bad('unitCode', `单位编码 ${c.unitCode} 不存在或不在您的权限范围内`);
    if (codeUsed.get(c.code)) bad('code', `资产编号 ${c.code} 已被使用（资产编号在医共体内唯一且不能重复使用）`);
    const facts = classFacts(c.classCode);
    const cls = facts.cls;
    if (!cls) bad('classCode', `未找到资产分类代码「${c.classCode}」`);
    const depreciable = facts.depreciable;
    // Never depreciated (文物和陈列品, 动植物, 图书和档案, land, 名义金额): no life or units of work are asked for.
    const charged = depreciable && c.valueType !== '名义金额';
    const method = c.depMethod ?? facts.method ?? 'straight-line';
    const defaultYears = facts.defaultYears;
    const lifeMonths = c.lifeMonths ?? (defaultYears ? Math.round(defaultYears * 12) : undefined);
    if (charged && method === 'straight-line' && !lifeMonths) bad('lifeMonths', '该分类没有默认折旧年限，请填写折旧年限');
    // New acquisitions follow the national minimum lives; cards migrated from an old register keep their recorded life.
    if (cls && depreciable && lifeMonths && !c.openingPeriod && c.acquisitionMethod === '新购') {
      const problem = checkLocalLife(c.classCode, lifeMonths / 12);
      if (problem && problem.includes('短于')) bad('lifeMonths', problem);
    }
    if (charged && method === 'units-of-work' && !c.totalUnits) bad('totalUnits', '工作量法须填写总工作量');
    const unitId = unit?.id ?? '';
    const usingDeptId = unit ? deptOf(unitId, c.usingDeptCode) : null;
    if (unit && c.usingDeptCode && usingDeptId === undefined) bad('usingDeptCode', `本单位没有科室编码 ${c.usingDeptCode}`);
    const managingDeptId = unit ? deptOf(unitId, c.managingDeptCode) : null;
    if (unit && c.managingDeptCode && managingDeptId === undefined) bad('managingDeptCode', `本单位没有科室编码 ${c.managingDeptCode}`);
    if (c.openingPeriod) {
      const problem = periodProblem(addMonths(c.openingPeriod, 1));
      if (problem) bad('openingPeriod', problem);
    }
    let state: AssetDepState | undefined;
    if (problems.length === before) {
      try {
        state = openingState({
          costFen: c.costFen,
          method,
          lifeMonths: lifeMonths ?? 0,
          booked: c.bookedOn,
          depreciable,
          valueType: c.valueType,
          openingAccumulatedFen: c.openingAccumulatedFen,
          openingMonthsUsed: c.openingMonthsUsed,
          cutOverPeriod: c.openingPeriod,
          totalUnits: c.totalUnits,
          openingUnitsUsed: c.openingUnitsUsed,
        });
      } catch (err) {
        bad('bookedOn', (err as Error).message);
      }
    }
    if (problems.length > before || !state) return;
    accepted++;
    if (opts.checkOnly) return;
    const split = [c.fundFiscalFen, c.fundResearchFen, c.fundOwnFen, c.fundOtherFen];
    const given = split.some((p) => p !== undefined);
    const id = newId();
    const card: NewCardRow = {
      id,
      code: c.code,
      old_code: c.oldCode ?? null,
      name: c.name,
      class_code: c.classCode,
      class_scheme: facts.scheme ?? 'GB2022',
      brand: c.brand ?? null,
      model: c.model ?? null,
      quantity: c.quantity,
      measure_unit: c.measureUnit ?? null,
      acquisition_method: c.acquisitionMethod,
      acquired_on: c.acquiredOn ?? null,
      in_service_on: c.inServiceOn ?? null,
      booked_on: c.bookedOn,
      voucher_no: c.voucherNo ?? null,
      value_type: c.valueType,
      fund_fiscal_fen: c.fundFiscalFen ?? 0,
      fund_research_fen: c.fundResearchFen ?? 0,
      fund_own_fen: given ? (c.fundOwnFen ?? 0) : c.costFen,
      fund_other_fen: c.fundOtherFen ?? 0,
      opening_accumulated_fen: c.openingAccumulatedFen,
      opening_months_used: c.openingMonthsUsed ?? null,
      opening_period: c.openingPeriod ?? null,
      unit_id: unitId,
      managing_dept_id: managingDeptId ?? null,
      using_dept_id: usingDeptId ?? null,
      user_name: c.userName ?? null,
      location: c.location ?? null,
      status: c.status,
      manufacturer: c.manufacturer ?? null,
      supplier: c.supplier ?? null,
      warranty_until: c.warrantyUntil ?? null,
      remarks: c.remarks ?? null,
      ...depColumns(state),
      dep_start_period: state.startPeriod,
      dep_next_period: state.startPeriod,
      depreciable: depreciable ? 1 : 0,
      created_at: at,
      updated_at: at,
      updated_by: ctx.actor.name,
      version: 1,
    };
    insert.run(INSERT_COLUMNS.map((k) => card[k]));
    markUsed.run(c.code);
    addEvent(db, id, 'acquire', c.bookedOn, { acquisitionMethod: c.acquisitionMethod, costFen: c.costFen, openingAccumulatedFen: c.openingAccumulatedFen, unitCode: c.unitCode }, c.voucherNo, at, ctx.actor.name);
    record({ entity: 'asset', id, before: null, after: { code: c.code, name: c.name, costFen: c.costFen, unitCode: c.unitCode } });
    ids.push(id);
  });
  return { problems, ids, accepted };
}

function listAssets(ctx: HandlerContext, unitCode: string | undefined): AssetRow[] {
  const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
  const rows = ctx.db.prepare(`${ROW_SELECT} ${unit ? 'WHERE a.unit_id = ?' : ''} ORDER BY a.code`).all(...(unit ? [unit.id] : [])) as (Omit<AssetRow, 'className'> & { unitId?: string })[];
  const names = new Map<string, string | null>();
  const named = rows.map((r) => {
    let n = names.get(r.classCode);
    if (n === undefined) names.set(r.classCode, (n = className(r.classCode)));
    return { ...r, className: n };
  });
  if (ctx.actor.scope === null) return named;
  const allowed = new Set((ctx.db.prepare('SELECT code FROM units').pluck().all() as string[]).filter((c) => ctx.inScope(unitByCode(ctx.db, c)!.id)));
  return named.filter((r) => allowed.has(r.unitCode));
}

type EventDb = Omit<AssetEvent, 'detail'> & { detail: string };

function eventsOf(db: Database.Database, assetId: string): AssetEvent[] {
  const rows = db
    .prepare('SELECT id, type, effective_on AS effectiveOn, doc_no AS docNo, detail, created_at AS createdAt, created_by AS createdBy FROM asset_events WHERE asset_id = ? ORDER BY effective_on, created_at, rowid')
    .all(assetId) as EventDb[];
  return rows.map((e) => ({ ...e, detail: JSON.parse(e.detail) as Record<string, unknown> }));
}

/** The card as it is now, with its full history. */
function showCard(ctx: HandlerContext, id: string): AssetCard {
  const full = ctx.db
    .prepare(`SELECT a.*, md.code AS managing_dept_code FROM assets a LEFT JOIN departments md ON md.id = a.managing_dept_id WHERE a.id = ?`)
    .get(id) as Record<string, unknown>;
  return {
    ...assetRowById(ctx.db, id),
    oldCode: full.old_code as string | null,
    classScheme: full.class_scheme as 'GB2022' | 'GB2010',
    brand: full.brand as string | null,
    quantity: full.quantity as number,
    measureUnit: full.measure_unit as string | null,
    acquiredOn: full.acquired_on as string | null,
    inServiceOn: full.in_service_on as string | null,
    voucherNo: full.voucher_no as string | null,
    valueType: full.value_type as AssetCard['valueType'],
    fundFiscalFen: full.fund_fiscal_fen as number,
    fundResearchFen: full.fund_research_fen as number,
    fundOwnFen: full.fund_own_fen as number,
    fundOtherFen: full.fund_other_fen as number,
    depMethod: full.dep_method as AssetCard['depMethod'],
    totalUnits: full.total_units as number | null,
    openingAccumulatedFen: full.opening_accumulated_fen as number,
    openingPeriod: full.opening_period as string | null,
    managingDeptCode: full.managing_dept_code as string | null,
    manufacturer: full.manufacturer as string | null,
    supplier: full.supplier as string | null,
    warrantyUntil: full.warranty_until as string | null,
    remarks: full.remarks as string | null,
    disposedOn: full.disposed_on as string | null,
    disposalType: full.disposal_type as string | null,
    monthsDepreciated: full.dep_months as number,
    nextPeriod: full.dep_next_period as string,
    events: eventsOf(ctx.db, id),
  };
}

/**
 * The card as it was on a past date (DOMAIN §3.4): custody, status and cost with every event dated
 * after it undone (shared/domain/asset-history.ts), the depreciation as booked through the month of
 * the date (the register's rule, `bookedThrough`), and the events up to that date. A caller sees it when
 * the card is in their units now or was on that date. Refused before the card's booking date.
 */
function cardOn(ctx: HandlerContext, code: string, asOf: string): AssetCard {
  const db = ctx.db;
  const row = db.prepare('SELECT * FROM assets WHERE code = ?').get(code) as (AssetDb & { fund_own_fen: number; disposal_type: string | null }) | undefined;
  const notFound = () => new LedgerError('NOT_FOUND', `资产 ${code} 不存在或不在您的权限范围内`, { key: 'error.assetNotFound', params: { code } });
  if (!row) throw notFound();
  const now = showCard(ctx, row.id);
  const then = fieldsOn(
    {
      unitId: row.unit_id,
      usingDeptId: row.using_dept_id,
      managingDeptId: row.managing_dept_id,
      userName: row.user_name,
      location: row.location,
      status: row.status,
      costFen: row.cost_fen,
      lifeMonths: row.life_months,
      fundOwnFen: row.fund_own_fen,
      disposedOn: row.disposed_on,
      disposalType: row.disposal_type,
    },
    now.events,
    asOf,
  );
  if (!ctx.inScope(row.unit_id) && !ctx.inScope(then.unitId)) throw notFound();
  if (!existedOn(row.booked_on, asOf)) {
    throw new LedgerError('VALIDATION', `资产 ${row.code} 于 ${row.booked_on} 入账，${asOf} 时尚未登记在册`, { key: 'error.assetNotYetBooked', params: { code: row.code, bookedOn: row.booked_on, asOf } });
  }
  const month = periodOf(asOf);
  const dep = bookedThrough(db, row.id, month);
  const unit = db.prepare('SELECT code, name FROM units WHERE id = ?').get(then.unitId) as { code: string; name: string };
  const dept = (id: string | null) => (id ? (db.prepare('SELECT code, name FROM departments WHERE id = ?').get(id) as { code: string; name: string } | undefined) : undefined);
  const using = dept(then.usingDeptId);
  const next = addMonths(month, 1);
  return {
    ...now,
    unitCode: unit.code,
    unitName: unit.name,
    usingDeptCode: using?.code ?? null,
    usingDeptName: using?.name ?? null,
    managingDeptCode: dept(then.managingDeptId)?.code ?? null,
    userName: then.userName,
    location: then.location,
    status: then.status as AssetCard['status'],
    costFen: then.costFen,
    lifeMonths: then.lifeMonths,
    fundOwnFen: then.fundOwnFen,
    disposedOn: then.disposedOn,
    disposalType: then.disposalType,
    accumulatedFen: dep.accumulatedFen,
    netFen: then.costFen - dep.accumulatedFen,
    monthsDepreciated: dep.monthsDepreciated,
    nextPeriod: row.dep_next_period < next ? row.dep_next_period : next < row.dep_start_period ? row.dep_start_period : next,
    events: now.events.filter((e) => e.effectiveOn <= asOf),
    asOf,
  };
}

/** Bring a card's depreciation back to the start of `period` when it was already charged there (open periods only). */
function rewindTo(ctx: HandlerContext, a: AssetDb, period: string): AssetDb {
  if (period < a.dep_next_period) {
    revertFrom(ctx.db, a.id, period);
    return ctx.db.prepare('SELECT * FROM assets WHERE id = ?').get(a.id) as AssetDb;
  }
  if (period > a.dep_next_period && a.depreciable === 1 && a.value_type !== '名义金额') {
    // The new monthly amount starts from the accumulated figure at the start of `period`, which only
    // the month-end runs of the months before it establish.
    const last = addMonths(period, -1);
    const months = a.dep_next_period === last ? a.dep_next_period : `${a.dep_next_period} 至 ${last}`;
    throw new LedgerError(
      'VALIDATION',
      `资产 ${a.code} 尚未计提 ${months} 的折旧。变动后的月折旧额 =（新原值 − 变动当月月初的累计折旧）÷ 剩余月数，请先计提 ${months} 的折旧，再登记 ${period} 的变动`,
      { key: 'error.depreciationBehind', params: { code: a.code, from: a.dep_next_period, to: last, period } },
    );
  }
  return a;
}

/**
 * Custody and value events must be recorded in date order: each stores the values it replaced, so one
 * dated before an earlier-recorded event would leave a history that cannot be replayed. Also refuses
 * dates before the card's booking date.
 */
function assertInOrder(db: Database.Database, a: AssetDb, date: string): void {
  if (date < a.booked_on) {
    throw new LedgerError('VALIDATION', `资产 ${a.code} 于 ${a.booked_on} 入账，变动日期 ${date} 不能早于入账日期`, { key: 'error.beforeBooking', params: { code: a.code, bookedOn: a.booked_on, date } });
  }
  const latest = latestLifecycleDate(db.prepare('SELECT type, effective_on AS effectiveOn FROM asset_events WHERE asset_id = ?').all(a.id).map((e) => ({ ...(e as { type: string; effectiveOn: string }), detail: {} })));
  if (latest !== undefined && date < latest) {
    throw new LedgerError('VALIDATION', `资产 ${a.code} 已登记了 ${latest} 的变动，新的变动日期 ${date} 不能早于它（变动须按日期先后登记，才能还原任一日期的状态）`, {
      key: 'error.eventOutOfOrder',
      params: { code: a.code, latest, date },
    });
  }
}

/**
 * A transfer or move dated in a month that a month-end run already charged: the entries of that month
 * and later name the holder at each month's end, which is now the new one (no later custody event
 * exists: `assertInOrder`). Only open periods can be concerned (`assertPeriodOpen`).
 */
function reassignEntries(db: Database.Database, assetId: string, date: string, changes: { unitId?: string; usingDeptId?: string | null }): void {
  const period = periodOf(date);
  if (changes.unitId !== undefined) db.prepare('UPDATE depreciation_entries SET unit_id = ? WHERE asset_id = ? AND period >= ?').run(changes.unitId, assetId, period);
  if (changes.usingDeptId !== undefined) db.prepare('UPDATE depreciation_entries SET using_dept_id = ? WHERE asset_id = ? AND period >= ?').run(changes.usingDeptId, assetId, period);
}

export const cardHandlers: HandlerMap<'assets.list' | 'assets.show' | 'assets.create' | 'assets.edit' | 'assets.move' | 'assets.transfer' | 'assets.dispose' | 'assets.changeCost'> = {
  'assets.list': ({ unitCode }, ctx) => listAssets(ctx, unitCode),

  'assets.show': ({ code, asOf }, ctx) => (asOf === undefined ? showCard(ctx, requireAsset(ctx, code).id) : cardOn(ctx, code, asOf)),

  'assets.create': ({ cards }, ctx) => {
    const { result, batchId } = ctx.write(`新增资产卡片 ${cards.length} 张`, (record, at) => {
      const seen = new Map<string, number>();
      const dupes: ErrorDetail[] = [];
      cards.forEach((c, i) => {
        const prior = seen.get(c.code.toUpperCase());
        if (prior) dupes.push({ row: i + 1, field: 'code', message: `资产编号 ${c.code} 与第 ${prior} 张重复` });
        else seen.set(c.code.toUpperCase(), i + 1);
      });
      throwIfProblems(dupes, '资产卡片');
      const { problems, ids } = insertCards(ctx, cards, at, record);
      throwIfProblems(problems, '资产卡片');
      return ids;
    });
    return { batchId: batchId ?? 0, created: result.length, codes: cards.map((c) => c.code) };
  },

  'assets.edit': ({ code, version, changes, date }, ctx) => {
    const a = requireAsset(ctx, code);
    return ctx.write(`修改资产 ${code}`, (record, at) => {
      const cur = loadForEdit<AssetDb & Record<string, unknown>>(ctx.db, 'assets', a.id, version, `资产 ${code}`);
      const cols: Record<string, string> = { name: 'name', oldCode: 'old_code', brand: 'brand', model: 'model', measureUnit: 'measure_unit', voucherNo: 'voucher_no', manufacturer: 'manufacturer', supplier: 'supplier', warrantyUntil: 'warranty_until', remarks: 'remarks' };
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(changes)) {
        const col = cols[k];
        if (!col || v === undefined) continue;
        before[k] = cur[col];
        after[k] = v;
      }
      const changed = diff(before, after);
      if (!Object.keys(changed).length) return assetRowById(ctx.db, a.id);
      const sets = Object.keys(changed).map((k) => `${cols[k]} = @${k}`);
      ctx.db.prepare(`UPDATE assets SET ${sets.join(', ')}, updated_at = @at, updated_by = @by, version = version + 1 WHERE id = @id`).run({ ...after, at, by: ctx.actor.name, id: a.id });
      addEvent(ctx.db, a.id, 'edit', date ?? at.slice(0, 10), changed, null, at, ctx.actor.name);
      record({ entity: 'asset', id: a.id, before, after });
      return assetRowById(ctx.db, a.id);
    }).result;
  },

  'assets.move': (args, ctx) => {
    const a = requireAsset(ctx, args.code);
    assertActive(a);
    return ctx.write(`资产变动 ${args.code}`, (record, at) => {
      assertPeriodOpen(ctx.db, args.date);
      assertInOrder(ctx.db, a, args.date);
      const problems: ErrorDetail[] = [];
      const next: Record<string, unknown> = { userName: args.userName, location: args.location, status: args.status };
      if (args.usingDeptCode !== undefined) {
        const id = deptId(ctx.db, a.unit_id, args.usingDeptCode);
        if (id === undefined) problems.push({ field: 'usingDeptCode', message: `本单位没有科室编码 ${args.usingDeptCode}` });
        next.usingDeptId = id;
      }
      if (args.managingDeptCode !== undefined) {
        const id = deptId(ctx.db, a.unit_id, args.managingDeptCode);
        if (id === undefined) problems.push({ field: 'managingDeptCode', message: `本单位没有科室编码 ${args.managingDeptCode}` });
        next.managingDeptId = id;
      }
      if (args.status !== undefined && args.status !== a.status) assertNotLent(ctx.db, a, '使用状况变动');
      throwIfProblems(problems, '资产变动');
      const before = { usingDeptId: a.using_dept_id, managingDeptId: a.managing_dept_id, userName: a.user_name, location: a.location, status: a.status };
      const changed = diff(before, next);
      if (!Object.keys(changed).length) throw new LedgerError('VALIDATION', '没有需要变动的内容', { key: 'error.nothingChanged' });
      const v = (k: keyof typeof before) => (k in changed ? changed[k]![1] : before[k]);
      ctx.db
        .prepare('UPDATE assets SET using_dept_id=?, managing_dept_id=?, user_name=?, location=?, status=?, updated_at=?, updated_by=?, version=version+1 WHERE id=?')
        .run(v('usingDeptId'), v('managingDeptId'), v('userName'), v('location'), v('status'), at, ctx.actor.name, a.id);
      addEvent(ctx.db, a.id, 'move', args.date, changed, args.docNo, at, ctx.actor.name);
      if ('usingDeptId' in changed) reassignEntries(ctx.db, a.id, args.date, { usingDeptId: changed.usingDeptId![1] as string | null });
      record({ entity: 'asset', id: a.id, before, after: Object.fromEntries(Object.entries(changed).map(([k, [, x]]) => [k, x])) });
      return assetRowById(ctx.db, a.id);
    }).result;
  },

  'assets.transfer': (args, ctx) => {
    const a = requireAsset(ctx, args.code);
    assertActive(a);
    const to = requireUnitInScope(ctx, args.toUnitCode);
    if (to.id === a.unit_id) throw new LedgerError('VALIDATION', `资产 ${args.code} 已属于 ${to.name}`, { key: 'error.sameUnit' });
    return ctx.write(`资产调剂 ${args.code} → ${to.code}`, (record, at) => {
      assertPeriodOpen(ctx.db, args.date);
      assertInOrder(ctx.db, a, args.date);
      assertNotLent(ctx.db, a, '调剂');
      const usingDeptId = args.usingDeptCode ? deptId(ctx.db, to.id, args.usingDeptCode) : null;
      if (usingDeptId === undefined) throw new LedgerError('VALIDATION', `${to.name} 没有科室编码 ${args.usingDeptCode}`, { key: 'error.deptNotFound', details: [{ field: 'usingDeptCode', message: '科室不存在' }] });
      // The card keeps its number and history; custody inside the old unit does not travel with it.
      const before = { unitId: a.unit_id, usingDeptId: a.using_dept_id, managingDeptId: a.managing_dept_id, userName: a.user_name, location: a.location };
      const after = { unitId: to.id, usingDeptId, managingDeptId: null, userName: args.userName ?? null, location: args.location ?? null };
      ctx.db
        .prepare('UPDATE assets SET unit_id=?, using_dept_id=?, managing_dept_id=NULL, user_name=?, location=?, updated_at=?, updated_by=?, version=version+1 WHERE id=?')
        .run(to.id, usingDeptId, after.userName, after.location, at, ctx.actor.name, a.id);
      addEvent(ctx.db, a.id, 'transfer', args.date, { ...diff(before, after), unitCode: [unitCodeOf(ctx.db, a.unit_id), to.code] }, args.docNo, at, ctx.actor.name);
      reassignEntries(ctx.db, a.id, args.date, { unitId: to.id, usingDeptId });
      record({ entity: 'asset', id: a.id, before, after });
      return assetRowById(ctx.db, a.id);
    }).result;
  },

  'assets.dispose': (args, ctx) => {
    let a = requireAsset(ctx, args.code);
    assertActive(a);
    if (args.date < a.booked_on) throw new LedgerError('VALIDATION', `处置日期不能早于入账日期 ${a.booked_on}`, { key: 'error.disposeBeforeBooking' });
    return ctx.write(`资产处置 ${args.code}（${args.type}）`, (record, at) => {
      assertPeriodOpen(ctx.db, args.date);
      assertInOrder(ctx.db, a, args.date);
      assertNotLent(ctx.db, a, '处置');
      // Disposed in a month: that month carries no charge, so undo any charge already run for it.
      if (periodOf(args.date) < a.dep_next_period) a = rewindTo(ctx, a, periodOf(args.date));
      const before = { status: a.status, disposedOn: null, disposalType: null };
      ctx.db.prepare("UPDATE assets SET status='已处置', disposed_on=?, disposal_type=?, updated_at=?, updated_by=?, version=version+1 WHERE id=?").run(args.date, args.type, at, ctx.actor.name, a.id);
      addEvent(ctx.db, a.id, 'dispose', args.date, { type: args.type, status: [a.status, '已处置'], netFen: a.cost_fen - a.dep_accumulated_fen }, args.docNo, at, ctx.actor.name);
      record({ entity: 'asset', id: a.id, before, after: { status: '已处置', disposedOn: args.date, disposalType: args.type, docNo: args.docNo } });
      return assetRowById(ctx.db, a.id);
    }).result;
  },

  'assets.changeCost': (args, ctx) => {
    const found = requireAsset(ctx, args.code);
    assertActive(found);
    return ctx.write(`原值/年限变动 ${args.code}`, (record, at) => {
      assertPeriodOpen(ctx.db, args.date);
      assertInOrder(ctx.db, found, args.date);
      const period = periodOf(args.date);
      if (period < found.dep_start_period) {
        // Only a card migrated from an old register starts later than its booking month: its opening figures are as of the cut-over.
        throw new LedgerError(
          'VALIDATION',
          `资产 ${found.code} 从旧台账迁入，折旧自 ${found.dep_start_period} 起计提，此前的原值和累计折旧是迁移时的期初数；${args.date} 的原值或年限变动应已包含在期初数中，不能再登记`,
          { key: 'error.changeBeforeCutOver', params: { code: found.code, start: found.dep_start_period, date: args.date } },
        );
      }
      const a = rewindTo(ctx, found, period);
      const state = stateOf(a);
      const newCost = args.newCostFen ?? (args.deltaFen !== undefined ? a.cost_fen + args.deltaFen : undefined);
      const change = { costFen: newCost, lifeMonths: args.lifeMonths };
      const problem = checkChange(state, change);
      if (problem) throw new LedgerError('VALIDATION', problem, { key: 'error.changeRefused', details: [{ field: newCost !== undefined ? 'newCostFen' : 'lifeMonths', message: problem }] });
      const next = recalculate(state, change);
      // The cost difference is booked to the unit's own funds unless the split says otherwise.
      const delta = next.costFen - a.cost_fen;
      if (a.fund_own_fen + delta < 0) throw new LedgerError('VALIDATION', '原值减少额超过了自有资金部分，请先调整资金来源', { key: 'error.fundSplit' });
      ctx.db
        .prepare(
          `UPDATE assets SET cost_fen=@cost_fen, life_months=@life_months, total_units=@total_units, dep_basis_accumulated_fen=@dep_basis_accumulated_fen,
             dep_basis_months=@dep_basis_months, fund_own_fen = fund_own_fen + @delta, updated_at=@at, updated_by=@by, version=version+1 WHERE id=@id`,
        )
        .run({ ...depColumns(next), delta, at, by: ctx.actor.name, id: a.id });
      const changed = diff({ costFen: a.cost_fen, lifeMonths: a.life_months }, { costFen: next.costFen, lifeMonths: next.lifeMonths });
      addEvent(ctx.db, a.id, args.lifeMonths !== undefined && newCost === undefined ? 'life-change' : 'cost-change', args.date, { ...changed, reason: args.reason, accumulatedFen: state.accumulatedFen, monthsDepreciated: state.monthsDepreciated }, args.docNo, at, ctx.actor.name);
      record({ entity: 'asset', id: a.id, before: { costFen: a.cost_fen, lifeMonths: a.life_months }, after: { costFen: next.costFen, lifeMonths: next.lifeMonths, reason: args.reason } });
      return assetRowById(ctx.db, a.id);
    }).result;
  },
};

/** A card lent to another unit (共享共用) must come back before it changes hands or is disposed. */
function assertNotLent(db: Database.Database, a: AssetDb, what: string): void {
  const share = db.prepare("SELECT s.share_no AS no, u.name AS borrower FROM asset_shares s JOIN units u ON u.id = s.borrower_unit_id WHERE s.asset_id = ? AND s.status = 'active'").get(a.id) as { no: string; borrower: string } | undefined;
  if (share) throw new LedgerError('VALIDATION', `资产 ${a.code} 正借给 ${share.borrower} 共享使用（${share.no}），请先结束共享再办理${what}`, { key: 'error.assetLent', params: { code: a.code, borrower: share.borrower, shareNo: share.no } });
}

function assertActive(a: AssetDb): void {
  if (a.disposed_on) throw new LedgerError('VALIDATION', `资产 ${a.code} 已于 ${a.disposed_on} 处置，不能再办理变动`, { key: 'error.assetDisposed' });
}

function unitCodeOf(db: Database.Database, unitId: string): string {
  return db.prepare('SELECT code FROM units WHERE id = ?').pluck().get(unitId) as string;
}
