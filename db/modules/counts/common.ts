import type Database from 'better-sqlite3';
import type { CountResultRow, CountRow, FoundItem, ReconcileListRow } from '../../../shared/api/counts';
import { classify, type CountedSide } from '../../../shared/domain/count';
import { LedgerError } from '../../../shared/errors';
import type { HandlerContext, Recorder } from '../../engine/context';
import { newId } from '../../engine/rows';

// Shared pieces of the count handlers: finding a count (by id or number, within the caller's
// units), its row with progress figures, counters, and loading the expected list with results.

export interface CountDb {
  id: string;
  count_no: string;
  name: string;
  unit_id: string;
  dept_codes: string;
  locations: string;
  class_prefixes: string;
  reference_date: string;
  status: 'open' | 'closed';
  expected_count: number;
  closed_at: string | null;
  closed_by: string | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  updated_by: string;
  version: number;
}

/** A count by its id or its number (PD2026-0001), refusing counts of units outside the caller's scope with the same answer as unknown ones. */
export function requireCount(ctx: HandlerContext, ref: string): CountDb {
  const c = ctx.db.prepare('SELECT * FROM counts WHERE id = ? OR count_no = ? COLLATE NOCASE LIMIT 1').get(ref, ref) as CountDb | undefined;
  if (!c || !ctx.inScope(c.unit_id)) throw new LedgerError('NOT_FOUND', `盘点任务 ${ref} 不存在或不在您的权限范围内`, { key: 'error.countNotFound', params: { ref } });
  return c;
}

export function assertOpen(c: CountDb): void {
  if (c.status !== 'open') throw new LedgerError('VALIDATION', `盘点任务 ${c.count_no} 已于 ${c.closed_at ?? ''} 结束盘点，不能再登记盘点结果`, { key: 'error.countClosed', params: { no: c.count_no } });
}

const PROGRESS = `
  SELECT (SELECT count(*) FROM count_results r WHERE r.count_id = @id) AS counted,
         (SELECT count(*) FROM count_results r WHERE r.count_id = @id AND r.found = 1) AS found,
         (SELECT count(*) FROM count_found f WHERE f.count_id = @id AND f.status <> 'dropped') AS surplus,
         (SELECT count(*) FROM count_scans s WHERE s.count_id = @id) AS scans`;

export function countRow(db: Database.Database, c: CountDb): CountRow {
  const unit = db.prepare('SELECT code, name FROM units WHERE id = ?').get(c.unit_id) as { code: string; name: string };
  const p = db.prepare(PROGRESS).get({ id: c.id }) as { counted: number; found: number; surplus: number; scans: number };
  return {
    id: c.id,
    no: c.count_no,
    name: c.name,
    unitCode: unit.code,
    unitName: unit.name,
    deptCodes: JSON.parse(c.dept_codes) as string[],
    locations: JSON.parse(c.locations) as string[],
    classPrefixes: JSON.parse(c.class_prefixes) as string[],
    referenceDate: c.reference_date,
    status: c.status,
    expected: c.expected_count,
    counted: p.counted,
    found: p.found,
    missing: p.counted - p.found,
    surplus: p.surplus,
    scans: p.scans,
    createdAt: c.created_at,
    createdBy: c.created_by,
    closedAt: c.closed_at,
    version: c.version,
  };
}

export function reloadCount(db: Database.Database, id: string): CountDb {
  return db.prepare('SELECT * FROM counts WHERE id = ?').get(id) as CountDb;
}

/** The counter (person + device) a result is recorded under; defaults to the caller. Created on first use. */
export function counterId(ctx: HandlerContext, countId: string, name: string | null | undefined, device: string | null | undefined, at: string): string {
  const n = name ?? ctx.actor.name.replace(/^system:/, '');
  const d = device ?? '';
  const found = ctx.db.prepare('SELECT id FROM count_counters WHERE count_id = ? AND name = ? AND device = ?').pluck().get(countId, n, d) as string | undefined;
  if (found) return found;
  const id = newId();
  ctx.db.prepare('INSERT INTO count_counters (id, count_id, name, device, created_at, created_by) VALUES (?,?,?,?,?,?)').run(id, countId, n, d, at, ctx.actor.name);
  return id;
}

/** Touch the count row (so concurrent edits of its header see a new version) and record one audit change. */
export function recordCountChange(ctx: HandlerContext, record: Recorder, c: CountDb, at: string, after: Record<string, unknown>): void {
  ctx.db.prepare('UPDATE counts SET updated_at = ?, updated_by = ? WHERE id = ?').run(at, ctx.actor.name, c.id);
  record({ entity: 'count', id: c.id, before: null, after: { no: c.count_no, ...after } });
}

// ---------------------------------------------------------------------------------------------
// The expected list with results, classified.

export interface LoadedRow extends CountResultRow {
  assetId: string;
}

/** Resolution state per asset of a count: the latest step wins (writtenOff over pending). */
export function resolutionStates(db: Database.Database, countId: string): Map<string, CountResultRow['resolution']> {
  const out = new Map<string, CountResultRow['resolution']>();
  for (const [assetId, kind] of db.prepare("SELECT asset_id, kind FROM count_resolutions WHERE count_id = ? AND asset_id IS NOT NULL AND kind IN ('shortage-pending','shortage-writeoff','adjust')").raw().all(countId) as [string, string][]) {
    const s = kind === 'shortage-writeoff' ? 'writtenOff' : kind === 'shortage-pending' ? 'pending' : 'adjusted';
    const prior = out.get(assetId);
    if (prior !== 'writtenOff') out.set(assetId, s);
  }
  return out;
}

/** Placeholder class for rows the caller classifies itself (reconcileCount does, through the domain's reconcile). */
const UNCLASSIFIED = { cls: 'matched' as const, differences: [] as never[] };

type ExpectedRaw = [number, string, string, string, string | null, string, string, string | null, string | null, string | null, string, number, number];
type ResultRaw = [string, number, string | null, string | null, string | null, string | null, 'scan' | 'import' | 'grid', string | null, number, string | null, string, string, number];

/**
 * Every expected asset of a count with its result, class and differences, in checklist order. The
 * expected list, the results and the small lookup tables are read separately as arrays and joined
 * here (several times faster than one SQL join over 100,000 rows building objects of 26 columns).
 */
/** SQL over count_results `r`: found with no actual location, user or status written — matched whatever the book says. */
export const PLAIN_FOUND = 'r.found = 1 AND r.actual_location IS NULL AND r.actual_user IS NULL AND r.actual_status IS NULL';

export function loadRows(db: Database.Database, countId: string, opts: { classify?: boolean; only?: readonly string[]; lean?: boolean } = {}): LoadedRow[] {
  const classifyRows = opts.classify !== false;
  // A few rows (a grid edit's answer): read just those.
  const only = opts.only ? JSON.stringify(opts.only) : undefined;
  const onlyWhere = only ? ' AND asset_id IN (SELECT value FROM json_each(?))' : '';
  const params = only ? [countId, only] : [countId];
  const states = resolutionStates(db, countId);
  const units = new Map(db.prepare('SELECT id, code FROM units').raw().all() as [string, string][]);
  const depts = new Map((db.prepare('SELECT id, code, name FROM departments').raw().all() as [string, string, string][]).map(([id, code, name]) => [id, { code, name }]));
  const counters = new Map(db.prepare('SELECT id, name FROM count_counters WHERE count_id = ?').raw().all(countId) as [string, string][]);
  const results = new Map<string, ResultRaw>();
  // Lean (reconciliation): only what classifies a row; the grid's bookkeeping columns stay null.
  const resultCols = opts.lean ? 'asset_id, found, actual_location, actual_user, actual_status' : 'asset_id, found, actual_location, actual_user, actual_status, note, source, counter_id, scans, first_seen_at, recorded_at, recorded_by, version';
  for (const r of db.prepare(`SELECT ${resultCols} FROM count_results WHERE count_id = ?${onlyWhere}`).raw().all(...params) as ResultRaw[]) results.set(r[0], r);
  const rows = db
    .prepare(`SELECT seq, asset_id, code, name, model, class_code, unit_id, dept_id, location, user_name, status, cost_fen, accumulated_fen FROM count_expected e WHERE count_id = ?${onlyWhere} ORDER BY seq`)
    .raw()
    .all(...params) as ExpectedRaw[];
  const out: LoadedRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const [seq, assetId, code, name, model, classCode, unitId, deptId, location, userName, status, cost, acc] = rows[i]!;
    const r = results.get(assetId);
    const result: CountedSide | undefined = r === undefined ? undefined : { found: r[1] === 1, actualLocation: r[2], actualUser: r[3], actualStatus: r[4] };
    const c = classifyRows ? classify({ location, userName, status }, result) : UNCLASSIFIED;
    const dept = deptId ? depts.get(deptId) : undefined;
    out[i] = {
      assetId,
      seq,
      code,
      name,
      model,
      classCode,
      unitCode: units.get(unitId) ?? '',
      deptCode: dept?.code ?? null,
      deptName: dept?.name ?? null,
      bookLocation: location,
      bookUser: userName,
      bookStatus: status,
      costFen: cost,
      netFen: cost - acc,
      result: r === undefined ? null : r[1] === 1 ? 'found' : 'missing',
      actualLocation: r?.[2] ?? null,
      actualUser: r?.[3] ?? null,
      actualStatus: r?.[4] ?? null,
      note: r?.[5] ?? null,
      source: r?.[6] ?? null,
      counter: r?.[7] ? (counters.get(r[7]) ?? null) : null,
      scans: r?.[8] ?? 0,
      firstSeenAt: r?.[9] ?? null,
      recordedAt: r?.[10] ?? null,
      recordedBy: r?.[11] ?? null,
      cls: c.cls,
      differences: c.differences,
      resolution: states.get(assetId) ?? null,
      version: r?.[12] ?? 0,
    };
  }
  return out;
}

export function listRow(r: LoadedRow): ReconcileListRow {
  return {
    code: r.code,
    name: r.name,
    unitCode: r.unitCode,
    deptCode: r.deptCode,
    deptName: r.deptName,
    bookLocation: r.bookLocation,
    bookUser: r.bookUser,
    bookStatus: r.bookStatus,
    costFen: r.costFen,
    netFen: r.netFen,
    cls: r.cls,
    differences: r.differences,
    notCounted: r.result === null,
  };
}

// ---------------------------------------------------------------------------------------------
// Found items

interface FoundDb {
  id: string;
  code: string | null;
  name: string | null;
  model: string | null;
  location: string | null;
  user_name: string | null;
  description: string | null;
  quantity: number;
  source: FoundItem['source'];
  status: FoundItem['status'];
  asset_code: string | null;
  value_fen: number | null;
  approved: number;
  drop_reason: string | null;
  counter: string | null;
  recorded_at: string;
  recorded_by: string;
  version: number;
}

const FOUND_SQL = `
  SELECT f.id, f.code, f.name, f.model, f.location, f.user_name, f.description, f.quantity, f.source, f.status, a.code AS asset_code,
         (SELECT amount_fen FROM count_resolutions x WHERE x.found_id = f.id AND x.kind = 'surplus') AS value_fen,
         EXISTS (SELECT 1 FROM count_resolutions x WHERE x.found_id = f.id AND x.kind = 'surplus-approve') AS approved,
         f.drop_reason, c.name AS counter, f.recorded_at, f.recorded_by, f.version
  FROM count_found f LEFT JOIN assets a ON a.id = f.asset_id LEFT JOIN count_counters c ON c.id = f.counter_id`;

function foundOf(r: FoundDb): FoundItem {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    model: r.model,
    location: r.location,
    userName: r.user_name,
    description: r.description,
    quantity: r.quantity,
    source: r.source,
    status: r.status,
    assetCode: r.asset_code,
    valueFen: r.value_fen,
    approved: r.approved === 1,
    dropReason: r.drop_reason,
    counter: r.counter,
    recordedAt: r.recorded_at,
    recordedBy: r.recorded_by,
    version: r.version,
  };
}

export function foundItems(db: Database.Database, countId: string, status: FoundItem['status'] | 'all' = 'all'): FoundItem[] {
  const rows = db.prepare(`${FOUND_SQL} WHERE f.count_id = ? ${status === 'all' ? '' : 'AND f.status = ?'} ORDER BY f.recorded_at, f.rowid`).all(...(status === 'all' ? [countId] : [countId, status])) as FoundDb[];
  return rows.map(foundOf);
}

export function foundItem(db: Database.Database, id: string): FoundItem {
  return foundOf(db.prepare(`${FOUND_SQL} WHERE f.id = ?`).get(id) as FoundDb);
}
