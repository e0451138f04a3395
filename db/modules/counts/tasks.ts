import type Database from 'better-sqlite3';
import type { ArgsOut } from '../../../shared/api';
import type { CountDetail, CountResultRow, FoundItem, ScanOutcome, ScanResult } from '../../../shared/api/counts';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { loadForEdit, newId } from '../../engine/rows';
import { throwIfProblems } from '../batch';
import { requireUnitInScope } from '../org/units';
import { assertOpen, counterId, countRow, foundItem, foundItems, loadRows, recordCountChange, reloadCount, requireCount, type CountDb } from './common';

// Count tasks (issue #4): creation with the snapshot of the book, the scan field, grid entry of
// results, and found items not on the book.

function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

function nextNumber(db: Database.Database, year: string): string {
  const prefix = `PD${year}-`;
  const last = db.prepare("SELECT max(CAST(substr(count_no, 8) AS INTEGER)) FROM counts WHERE count_no LIKE ? || '%'").pluck().get(prefix) as number | null;
  return `${prefix}${String((last ?? 0) + 1).padStart(4, '0')}`;
}

const SNAPSHOT_SQL = `
  INSERT INTO count_expected (count_id, asset_id, seq, code, name, class_code, model, unit_id, dept_id, user_name, location, status, cost_fen, accumulated_fen)
  SELECT @countId, a.id, row_number() OVER (ORDER BY coalesce(a.location, '') = '', a.location, d.code, a.code), a.code, a.name, a.class_code, a.model, a.unit_id,
         a.using_dept_id, a.user_name, a.location, a.status, a.cost_fen, a.dep_accumulated_fen
  FROM assets a LEFT JOIN departments d ON d.id = a.using_dept_id
  WHERE a.unit_id = @unitId AND a.disposed_on IS NULL AND a.booked_on <= @ref
    AND (@depts = '[]' OR d.code IN (SELECT value FROM json_each(@depts)))
    AND (@locs = '[]' OR a.location IN (SELECT value FROM json_each(@locs)))
    AND (@classes = '[]' OR EXISTS (SELECT 1 FROM json_each(@classes) c WHERE a.class_code LIKE c.value || '%'))`;

function create(args: ArgsOut<'counts.create'>, ctx: HandlerContext) {
  const unit = requireUnitInScope(ctx, args.unitCode);
  const ref = args.referenceDate ?? localToday();
  const problems: ErrorDetail[] = [];
  for (const code of args.deptCodes) {
    if (!ctx.db.prepare('SELECT 1 FROM departments WHERE unit_id = ? AND code = ?').get(unit.id, code)) problems.push({ field: 'deptCodes', message: `${unit.name}没有科室编码 ${code}` });
  }
  throwIfProblems(problems, '盘点范围');
  return ctx.write(`新建盘点 ${args.name}（${unit.code}）`, (record, at) => {
    const id = newId();
    const no = nextNumber(ctx.db, ref.slice(0, 4));
    ctx.db
      .prepare(
        `INSERT INTO counts (id, count_no, name, unit_id, dept_codes, locations, class_prefixes, reference_date, status, expected_count, created_at, created_by, updated_at, updated_by, version)
         VALUES (?,?,?,?,?,?,?,?,'open',0,?,?,?,?,1)`,
      )
      .run(id, no, args.name, unit.id, JSON.stringify(args.deptCodes), JSON.stringify(args.locations), JSON.stringify(args.classPrefixes.map((c) => c.toUpperCase())), ref, at, ctx.actor.name, at, ctx.actor.name);
    const n = ctx.db
      .prepare(SNAPSHOT_SQL)
      .run({ countId: id, unitId: unit.id, ref, depts: JSON.stringify(args.deptCodes), locs: JSON.stringify(args.locations), classes: JSON.stringify(args.classPrefixes.map((c) => c.toUpperCase())) }).changes;
    if (n === 0) throw new LedgerError('VALIDATION', `${unit.name}在所选范围内没有 ${ref} 前入账且未处置的资产，无需盘点`, { key: 'error.countEmpty' });
    ctx.db.prepare('UPDATE counts SET expected_count = ? WHERE id = ?').run(n, id);
    record({ entity: 'count', id, before: null, after: { no, name: args.name, unitCode: unit.code, referenceDate: ref, expected: n, deptCodes: args.deptCodes, locations: args.locations, classPrefixes: args.classPrefixes } });
    return countRow(ctx.db, reloadCount(ctx.db, id));
  }).result;
}

function list(args: ArgsOut<'counts.list'>, ctx: HandlerContext) {
  const unit = args.unitCode ? requireUnitInScope(ctx, args.unitCode) : undefined;
  const where: string[] = [];
  const params: unknown[] = [];
  if (unit) {
    where.push('unit_id = ?');
    params.push(unit.id);
  }
  if (args.status !== 'all') {
    where.push('status = ?');
    params.push(args.status);
  }
  const rows = ctx.db.prepare(`SELECT * FROM counts ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, count_no DESC`).all(...params) as CountDb[];
  return rows.filter((c) => ctx.inScope(c.unit_id)).map((c) => countRow(ctx.db, c));
}

function show(ref: string, ctx: HandlerContext): CountDetail {
  const c = requireCount(ctx, ref);
  const counters = ctx.db
    .prepare(
      `SELECT k.id, k.name, k.device, (SELECT count(*) FROM count_scans s WHERE s.counter_id = k.id) AS scans,
              (SELECT count(*) FROM count_results r WHERE r.counter_id = k.id) AS results
       FROM count_counters k WHERE k.count_id = ? ORDER BY k.created_at`,
    )
    .all(c.id) as CountDetail['counters'];
  const byLocation = ctx.db
    .prepare(
      `SELECT e.location, count(*) AS expected, count(r.asset_id) AS counted
       FROM count_expected e LEFT JOIN count_results r ON r.count_id = e.count_id AND r.asset_id = e.asset_id
       WHERE e.count_id = ? GROUP BY e.location ORDER BY e.location IS NULL, e.location`,
    )
    .all(c.id) as CountDetail['byLocation'];
  const row = countRow(ctx.db, c);
  return { ...row, counters, locations: row.locations, byLocation };
}

// ---------------------------------------------------------------------------------------------
// Scans: the hot path (a scanner sends 20 a second). Statements are prepared once per connection.

interface ScanStatements {
  replay: Database.Statement;
  expected: Database.Statement;
  seen: Database.Statement;
  upsertResult: Database.Statement;
  foundByCode: Database.Statement;
  insertFound: Database.Statement;
  insertScan: Database.Statement;
  cardByCode: Database.Statement;
  counted: Database.Statement;
}
const scanStatements = new WeakMap<Database.Database, ScanStatements>();

function statements(db: Database.Database): ScanStatements {
  let s = scanStatements.get(db);
  if (!s) {
    s = {
      replay: db.prepare('SELECT s.code, s.kind, s.scanned_at, s.found_id, e.code AS asset_code, e.name, e.location, e.user_name FROM count_scans s LEFT JOIN count_expected e ON e.count_id = s.count_id AND e.asset_id = s.asset_id WHERE s.count_id = ? AND s.client_id = ?'),
      expected: db.prepare('SELECT asset_id, code, name, location, user_name FROM count_expected WHERE count_id = ? AND code = ?'),
      seen: db.prepare('SELECT found_id FROM count_scans WHERE count_id = ? AND code = ? LIMIT 1'),
      upsertResult: db.prepare(
        `INSERT INTO count_results (count_id, asset_id, found, source, counter_id, scans, first_seen_at, recorded_at, recorded_by, version)
         VALUES (@countId, @assetId, 1, 'scan', @counterId, 1, @at, @now, @by, 1)
         ON CONFLICT (count_id, asset_id) DO UPDATE SET found = 1, scans = scans + 1, first_seen_at = coalesce(first_seen_at, excluded.first_seen_at),
           source = CASE WHEN found = 1 THEN source ELSE 'scan' END, counter_id = excluded.counter_id, recorded_at = excluded.recorded_at,
           recorded_by = excluded.recorded_by, version = version + 1`,
      ),
      foundByCode: db.prepare("SELECT id FROM count_found WHERE count_id = ? AND code = ? AND status <> 'dropped' LIMIT 1"),
      insertFound: db.prepare(
        `INSERT INTO count_found (id, count_id, code, name, model, location, user_name, description, quantity, source, status, counter_id, recorded_at, recorded_by, updated_at, updated_by, version)
         VALUES (@id, @countId, @code, NULL, NULL, NULL, NULL, @description, 1, 'scan', 'open', @counterId, @now, @by, @now, @by, 1)`,
      ),
      insertScan: db.prepare('INSERT INTO count_scans (count_id, code, kind, asset_id, found_id, scanned_at, counter_id, client_id, recorded_at, recorded_by) VALUES (?,?,?,?,?,?,?,?,?,?)'),
      cardByCode: db.prepare('SELECT a.unit_id, a.disposed_on, u.name AS unit_name FROM assets a JOIN units u ON u.id = a.unit_id WHERE a.code = ?'),
      counted: db.prepare('SELECT count(*) FROM count_results WHERE count_id = ? AND found = 1').pluck(),
    };
    scanStatements.set(db, s);
  }
  return s;
}

function scan(args: ArgsOut<'counts.scan'>, ctx: HandlerContext): ScanResult {
  const c = requireCount(ctx, args.id);
  assertOpen(c);
  const st = statements(ctx.db);
  const { result, batchId } = ctx.write(`扫码盘点 ${c.count_no}（${args.scans.length} 条）`, (record, now) => {
    const counter = counterId(ctx, c.id, args.counter, args.device, now);
    const by = ctx.actor.name;
    const outcomes: ScanOutcome[] = [];
    const tally = { expected: 0, duplicate: 0, unknown: 0, replayed: 0 };
    for (const s of args.scans) {
      const at = s.at ?? now;
      if (s.clientId) {
        const prior = st.replay.get(c.id, s.clientId) as { code: string; kind: ScanOutcome['kind']; scanned_at: string; found_id: string | null; asset_code: string | null; name: string | null; location: string | null; user_name: string | null } | undefined;
        if (prior) {
          tally.replayed++;
          outcomes.push({ code: prior.code, kind: 'replayed', assetCode: prior.asset_code, name: prior.name, location: prior.location, userName: prior.user_name, foundId: prior.found_id, at: prior.scanned_at });
          continue;
        }
      }
      const e = st.expected.get(c.id, s.code) as { asset_id: string; code: string; name: string; location: string | null; user_name: string | null } | undefined;
      if (e) {
        const repeated = st.seen.get(c.id, s.code) !== undefined;
        st.upsertResult.run({ countId: c.id, assetId: e.asset_id, counterId: counter, at, now, by });
        const kind = repeated ? 'duplicate' : 'expected';
        st.insertScan.run(c.id, s.code, kind, e.asset_id, null, at, counter, s.clientId ?? null, now, by);
        tally[kind]++;
        outcomes.push({ code: s.code, kind, assetCode: e.code, name: e.name, location: e.location, userName: e.user_name, foundId: null, at });
        continue;
      }
      const prior = st.foundByCode.get(c.id, s.code) as { id: string } | undefined;
      let foundId: string;
      let kind: ScanOutcome['kind'];
      if (prior) {
        foundId = prior.id;
        kind = 'duplicate';
      } else {
        foundId = newId();
        kind = 'unknown';
        // A hint for whoever identifies it: the number may be a card of another unit, or one disposed.
        const card = st.cardByCode.get(s.code) as { unit_id: string; disposed_on: string | null; unit_name: string } | undefined;
        const hint = !card || !ctx.inScope(card.unit_id) ? '扫到的编号不在本次盘点清单中，待查明' : card.disposed_on ? `编号为已处置的资产（${card.disposed_on} 处置），待查明` : card.unit_id !== c.unit_id ? `编号属于 ${card.unit_name} 的资产，不在本次盘点范围，待查明` : '编号在账但不在本次盘点范围（科室/地点/分类之外，或基准日后入账），待查明';
        st.insertFound.run({ id: foundId, countId: c.id, code: s.code, description: hint, counterId: counter, now, by });
      }
      st.insertScan.run(c.id, s.code, kind, null, foundId, at, counter, s.clientId ?? null, now, by);
      tally[kind]++;
      outcomes.push({ code: s.code, kind, assetCode: null, name: null, location: null, userName: null, foundId, at });
    }
    if (tally.replayed < args.scans.length) recordCountChange(ctx, record, c, now, { scans: args.scans.length, ...tally });
    return outcomes;
  });
  return { batchId, outcomes: result, counted: st.counted.get(c.id) as number, expected: c.expected_count };
}

// ---------------------------------------------------------------------------------------------
// Grid entry

function results(args: ArgsOut<'counts.results'>, ctx: HandlerContext): CountResultRow[] {
  const c = requireCount(ctx, args.id);
  let rows = loadRows(ctx.db, c.id);
  if (args.location !== undefined) rows = rows.filter((r) => (r.bookLocation ?? '') === args.location || (r.actualLocation ?? '') === args.location);
  if (args.cls) rows = rows.filter((r) => r.cls === args.cls);
  if (args.uncounted) rows = rows.filter((r) => r.result === null);
  return rows.map(({ assetId: _, ...r }) => r as CountResultRow);
}

function recordResults(args: ArgsOut<'counts.record'>, ctx: HandlerContext) {
  const c = requireCount(ctx, args.id);
  assertOpen(c);
  const { result, batchId } = ctx.write(`登记盘点结果 ${c.count_no}（${args.rows.length} 行）`, (record, at) => {
    const counter = counterId(ctx, c.id, args.counter, args.device, at);
    const problems: ErrorDetail[] = [];
    const byCode = ctx.db.prepare('SELECT asset_id FROM count_expected WHERE count_id = ? AND code = ?').pluck();
    const current = ctx.db.prepare('SELECT * FROM count_results WHERE count_id = ? AND asset_id = ?');
    const del = ctx.db.prepare('DELETE FROM count_results WHERE count_id = ? AND asset_id = ?');
    const upsert = ctx.db.prepare(
      `INSERT INTO count_results (count_id, asset_id, found, actual_location, actual_user, actual_status, note, source, counter_id, scans, first_seen_at, recorded_at, recorded_by, version)
       VALUES (@countId, @assetId, @found, @loc, @user, @status, @note, @source, @counter, 0, @seen, @at, @by, 1)
       ON CONFLICT (count_id, asset_id) DO UPDATE SET found = excluded.found, actual_location = excluded.actual_location, actual_user = excluded.actual_user,
         actual_status = excluded.actual_status, note = excluded.note, source = excluded.source, counter_id = excluded.counter_id,
         first_seen_at = coalesce(first_seen_at, excluded.first_seen_at), recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by, version = version + 1`,
    );
    const seen = new Map<string, number>();
    const touched: string[] = [];
    args.rows.forEach((r, i) => {
      const assetId = byCode.get(c.id, r.code) as string | undefined;
      if (!assetId) return void problems.push({ row: i + 1, field: 'code', message: `资产 ${r.code} 不在本次盘点清单中（账外资产请登记为盘盈）` });
      const prior = seen.get(assetId);
      if (prior) return void problems.push({ row: i + 1, field: 'code', message: `资产 ${r.code} 与第 ${prior} 行重复` });
      seen.set(assetId, i + 1);
      const before = current.get(c.id, assetId) as Record<string, unknown> | undefined;
      if (r.result === null) {
        if (before) {
          del.run(c.id, assetId);
          record({ entity: 'count_result', id: `${c.id}:${r.code}`, before, after: null });
        }
        touched.push(assetId);
        return;
      }
      const keep = <T>(v: T | undefined, col: string): T | null => (v === undefined ? ((before?.[col] as T | undefined) ?? null) : v);
      const next = {
        countId: c.id,
        assetId,
        found: r.result === 'found' ? 1 : 0,
        loc: keep(r.actualLocation, 'actual_location'),
        user: keep(r.actualUser, 'actual_user'),
        status: keep(r.actualStatus, 'actual_status'),
        note: keep(r.note, 'note'),
        source: 'grid',
        counter,
        seen: r.result === 'found' ? at : null,
        at,
        by: ctx.actor.name,
      };
      upsert.run(next);
      record({ entity: 'count_result', id: `${c.id}:${r.code}`, before: before ?? null, after: { code: r.code, result: r.result, actualLocation: next.loc, actualUser: next.user, actualStatus: next.status, note: next.note } });
      touched.push(assetId);
    });
    throwIfProblems(problems, '盘点结果');
    ctx.db.prepare('UPDATE counts SET updated_at = ?, updated_by = ? WHERE id = ?').run(at, ctx.actor.name, c.id);
    const want = new Set(touched);
    return loadRows(ctx.db, c.id, { only: touched })
      .filter((r) => want.has(r.assetId))
      .map(({ assetId: _, ...r }) => r as CountResultRow);
  });
  return { batchId, rows: result };
}

// ---------------------------------------------------------------------------------------------
// Found items (盘盈)

interface FoundRow {
  id: string;
  status: FoundItem['status'];
  version: number;
  updated_at: string;
  updated_by: string;
}

/** Insert found items (or update identified ones) inside the caller's transaction; returns problems (row = 1-based position) and the ids touched. */
export function writeFound(
  ctx: HandlerContext,
  c: CountDb,
  items: readonly ArgsOut<'counts.recordFound'>['items'][number][],
  source: FoundItem['source'],
  counter: string,
  at: string,
  record: (x: { entity: string; id: string; before: Record<string, unknown> | null; after: Record<string, unknown> | null }) => void,
  rowOf: (i: number) => number = (i) => i + 1,
): { problems: ErrorDetail[]; ids: string[] } {
  const problems: ErrorDetail[] = [];
  const ids: string[] = [];
  const insert = ctx.db.prepare(
    `INSERT INTO count_found (id, count_id, code, name, model, location, user_name, description, quantity, source, status, counter_id, recorded_at, recorded_by, updated_at, updated_by, version)
     VALUES (@id, @countId, @code, @name, @model, @location, @userName, @description, @quantity, @source, 'open', @counter, @at, @by, @at, @by, 1)`,
  );
  const onList = ctx.db.prepare('SELECT 1 FROM count_expected WHERE count_id = ? AND code = ?').pluck();
  items.forEach((it, i) => {
    const row = rowOf(i);
    if (it.code && onList.get(c.id, it.code)) return void problems.push({ row, field: 'code', message: `资产 ${it.code} 在本次盘点清单中，不是盘盈（请登记为“在”）` });
    const values = { code: it.code ?? null, name: it.name, model: it.model ?? null, location: it.location ?? null, userName: it.userName ?? null, description: it.description ?? null, quantity: it.quantity };
    if (it.id) {
      if (it.version === undefined) return void problems.push({ row, field: 'version', message: '修改已登记的盘盈资产须提供 version' });
      let cur: FoundRow & Record<string, unknown>;
      try {
        cur = loadForEdit<FoundRow & Record<string, unknown>>(ctx.db, 'count_found', it.id, it.version, '盘盈资产', row);
      } catch (err) {
        return void problems.push({ row, field: 'id', message: (err as Error).message });
      }
      if (cur.count_id !== c.id) return void problems.push({ row, field: 'id', message: '该盘盈资产不属于本盘点任务' });
      if (cur.status !== 'open') return void problems.push({ row, field: 'id', message: cur.status === 'booked' ? '已入账的盘盈资产不能修改' : '已剔除的盘盈资产不能修改' });
      ctx.db
        .prepare('UPDATE count_found SET code=@code, name=@name, model=@model, location=@location, user_name=@userName, description=@description, quantity=@quantity, updated_at=@at, updated_by=@by, version=version+1 WHERE id=@id')
        .run({ ...values, at, by: ctx.actor.name, id: it.id });
      record({ entity: 'count_found', id: it.id, before: { code: cur.code, name: cur.name, model: cur.model, location: cur.location, userName: cur.user_name, description: cur.description }, after: values });
      ids.push(it.id);
      return;
    }
    const id = newId();
    insert.run({ id, countId: c.id, ...values, source, counter, at, by: ctx.actor.name });
    record({ entity: 'count_found', id, before: null, after: values });
    ids.push(id);
  });
  return { problems, ids };
}

function recordFound(args: ArgsOut<'counts.recordFound'>, ctx: HandlerContext) {
  const c = requireCount(ctx, args.id);
  assertOpen(c);
  const { result, batchId } = ctx.write(`登记盘盈资产 ${c.count_no}（${args.items.length} 项）`, (record, at) => {
    const counter = counterId(ctx, c.id, args.counter, args.device, at);
    const { problems, ids } = writeFound(ctx, c, args.items, 'grid', counter, at, record);
    throwIfProblems(problems, '盘盈资产');
    return ids.map((id) => foundItem(ctx.db, id));
  });
  return { batchId, items: result };
}

function dropFound(args: ArgsOut<'counts.dropFound'>, ctx: HandlerContext) {
  const c = requireCount(ctx, args.id);
  return ctx.write(`剔除盘盈登记 ${c.count_no}`, (record, at) => {
    const cur = loadForEdit<FoundRow & { count_id: string }>(ctx.db, 'count_found', args.foundId, args.version, '盘盈资产');
    if (cur.count_id !== c.id) throw new LedgerError('NOT_FOUND', '该盘盈资产不属于本盘点任务', { key: 'error.NOT_FOUND' });
    if (cur.status !== 'open') throw new LedgerError('VALIDATION', cur.status === 'booked' ? '已入账的盘盈资产不能剔除' : '该盘盈资产已剔除', { key: 'error.foundNotOpen' });
    ctx.db.prepare("UPDATE count_found SET status='dropped', drop_reason=?, updated_at=?, updated_by=?, version=version+1 WHERE id=?").run(args.reason, at, ctx.actor.name, cur.id);
    record({ entity: 'count_found', id: cur.id, before: { status: 'open' }, after: { status: 'dropped', reason: args.reason } });
    return foundItem(ctx.db, cur.id);
  }).result;
}

function close(args: ArgsOut<'counts.close'>, ctx: HandlerContext) {
  const c = requireCount(ctx, args.id);
  return ctx.write(`结束盘点 ${c.count_no}`, (record, at) => {
    const cur = loadForEdit<CountDb>(ctx.db, 'counts', c.id, args.version, `盘点任务 ${c.count_no}`);
    assertOpen(cur);
    ctx.db.prepare("UPDATE counts SET status='closed', closed_at=?, closed_by=?, updated_at=?, updated_by=?, version=version+1 WHERE id=?").run(at, ctx.actor.name, at, ctx.actor.name, c.id);
    record({ entity: 'count', id: c.id, before: { status: 'open' }, after: { status: 'closed' } });
    return countRow(ctx.db, reloadCount(ctx.db, c.id));
  }).result;
}

export const taskHandlers: HandlerMap<'counts.create' | 'counts.list' | 'counts.show' | 'counts.close' | 'counts.scan' | 'counts.results' | 'counts.record' | 'counts.found' | 'counts.recordFound' | 'counts.dropFound'> = {
  'counts.create': (args, ctx) => create(args, ctx),
  'counts.list': (args, ctx) => list(args, ctx),
  'counts.show': ({ id }, ctx) => show(id, ctx),
  'counts.close': (args, ctx) => close(args, ctx),
  'counts.scan': (args, ctx) => scan(args, ctx),
  'counts.results': (args, ctx) => results(args, ctx),
  'counts.record': (args, ctx) => recordResults(args, ctx),
  'counts.found': ({ id, status }, ctx) => foundItems(ctx.db, requireCount(ctx, id).id, status),
  'counts.recordFound': (args, ctx) => recordFound(args, ctx),
  'counts.dropFound': (args, ctx) => dropFound(args, ctx),
};
