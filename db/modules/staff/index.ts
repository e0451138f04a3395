import type Database from 'better-sqlite3';
import { staffFields, type CurrentPost, type StaffDetail, type StaffFields, type StaffRow } from '../../../shared/api/staff';
import type { ImportResult } from '../../../shared/api/types';
import { can } from '../../../shared/auth/roles';
import type { UnitType } from '../../../shared/domain/org';
import { arrangementOf, bandOf, gradeLabel, type Grade, type PostCategory } from '../../../shared/domain/posts/catalogue';
import { idCrossCheck, maskIdNumber, parseIdNumber } from '../../../shared/domain/posts/idcard';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import type { ColumnSpec } from '../../../shared/import/headers';
import { normaliseText } from '../../../shared/parse/text';
import { Rollback, type HandlerContext, type HandlerMap, type Recorder } from '../../engine/context';
import { image, loadForEdit, newId } from '../../engine/rows';
import { writeSheet } from '../../io/sheet';
import { readRecords, validateRecord, type SheetRecord } from '../../io/table-import';
import { throwIfProblems } from '../batch';
import { requireUnitInScope } from '../org/units';
import { APPOINTMENT_SELECT, toAppointmentRow, type AppointmentDb } from '../posts/common';

// The staff register (issue #5). Scope: a unit operator sees a person when either their employing
// or their working unit is in scope. Identity numbers leave the engine in full only for staff.pii.

type StaffField = keyof StaffFields;

/** Columns; the first alias is what staff.export writes (and so staff.import reads back). */
export const STAFF_COLUMNS: readonly ColumnSpec<StaffField>[] = [
  { field: 'staffNo', aliases: ['工号', '职工编号', '人员编号', '员工编号', '职工号', '编号'], required: true },
  { field: 'name', aliases: ['姓名', '职工姓名', '人员姓名'], required: true },
  { field: 'idNumber', aliases: ['身份证号', '身份证号码', '公民身份号码', '证件号码', '身份证'] },
  { field: 'sex', aliases: ['性别'] },
  { field: 'birthDate', aliases: ['出生日期', '出生年月', '生日'] },
  { field: 'education', aliases: ['学历', '最高学历', '文化程度'] },
  { field: 'title', aliases: ['专业技术职称', '职称', '专业技术资格', '职称名称', '技术职称'] },
  { field: 'qualification', aliases: ['执业资格', '执业类别', '执业证书', '执业资格证', '执业注册'] },
  { field: 'staffingType', aliases: ['人员类别', '编制类型', '用工性质', '编制性质', '人员性质', '用工形式', '编制情况'], required: true },
  { field: 'employingUnitCode', aliases: ['聘用单位编码', '聘用单位', '人事关系单位', '人事关系所在单位', '编制所在单位', '所属单位', '单位编码', '单位'], required: true },
  { field: 'workingUnitCode', aliases: ['工作单位编码', '工作单位', '实际工作单位', '使用单位', '派驻单位'] },
  { field: 'joinedOn', aliases: ['参加工作时间', '参加工作日期', '入职日期'] },
  { field: 'leftOn', aliases: ['离岗日期', '离职日期'] },
  { field: 'remarks', aliases: ['备注'] },
];

interface StaffDb {
  id: string;
  staff_no: string;
  name: string;
  id_number: string | null;
  sex: '男' | '女' | null;
  birth_date: string | null;
  education: string | null;
  title: string | null;
  qualification: string | null;
  staffing_type: StaffRow['staffingType'];
  employing_unit_id: string;
  working_unit_id: string;
  joined_on: string | null;
  left_on: string | null;
  remarks: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  version: number;
}

interface StaffJoined extends StaffDb {
  e_code: string;
  e_name: string;
  e_type: UnitType;
  w_code: string;
  w_name: string;
  w_type: UnitType;
}

const SELECT = `
  SELECT s.*, e.code AS e_code, e.name AS e_name, e.type AS e_type, w.code AS w_code, w.name AS w_name, w.type AS w_type
  FROM staff s JOIN units e ON e.id = s.employing_unit_id JOIN units w ON w.id = s.working_unit_id`;

function currentPosts(db: Database.Database, staffIds: readonly string[] | null): Map<string, CurrentPost[]> {
  const rows = db
    .prepare(
      `SELECT a.id, a.staff_id AS staffId, u.code AS unitCode, a.category, a.grade, a.post_name AS postName, a.term_start AS termStart, a.term_end AS termEnd
       FROM appointments a JOIN units u ON u.id = a.unit_id WHERE a.ended_on IS NULL ${staffIds && staffIds.length === 1 ? 'AND a.staff_id = ?' : ''} ORDER BY CASE a.category WHEN '管理' THEN 1 WHEN '专业技术' THEN 2 ELSE 3 END, a.term_start`,
    )
    .all(...(staffIds && staffIds.length === 1 ? staffIds : [])) as { id: string; staffId: string; unitCode: string; category: PostCategory; grade: Grade; postName: string | null; termStart: string; termEnd: string | null }[];
  const out = new Map<string, CurrentPost[]>();
  for (const r of rows) {
    const list = out.get(r.staffId) ?? [];
    list.push({ appointmentId: r.id, unitCode: r.unitCode, category: r.category, grade: r.grade, gradeLabel: gradeLabel(r.category, r.grade), band: bandOf(r.category, r.grade)?.band ?? '', postName: r.postName, termStart: r.termStart, termEnd: r.termEnd });
    out.set(r.staffId, list);
  }
  return out;
}

function toRow(r: StaffJoined, posts: CurrentPost[], pii: boolean): StaffRow {
  return {
    id: r.id,
    staffNo: r.staff_no,
    name: r.name,
    idNumber: pii ? r.id_number : maskIdNumber(r.id_number),
    idMasked: !pii && r.id_number !== null,
    sex: r.sex,
    birthDate: r.birth_date,
    education: r.education,
    title: r.title,
    qualification: r.qualification,
    staffingType: r.staffing_type,
    employingUnitCode: r.e_code,
    employingUnitName: r.e_name,
    workingUnitCode: r.w_code,
    workingUnitName: r.w_name,
    arrangement: arrangementOf(r.e_type, r.w_type, r.employing_unit_id === r.working_unit_id),
    joinedOn: r.joined_on,
    leftOn: r.left_on,
    remarks: r.remarks,
    current: posts,
    version: r.version,
    updatedAt: r.updated_at,
    updatedBy: r.updated_by,
  };
}

export function hasPii(ctx: HandlerContext): boolean {
  return ctx.actor.role !== null && can(ctx.actor.role, 'staff.pii');
}

function staffInScope(ctx: HandlerContext, r: { employing_unit_id: string; working_unit_id: string }): boolean {
  return ctx.inScope(r.employing_unit_id) || ctx.inScope(r.working_unit_id);
}

/** A person by 工号 (or id), refused like an unknown one when outside the caller's scope. */
export function requireStaff(ctx: HandlerContext, staffNo: string): StaffDb {
  const s = ctx.db.prepare('SELECT * FROM staff WHERE staff_no = ? OR id = ?').get(staffNo, staffNo) as StaffDb | undefined;
  if (!s || !staffInScope(ctx, s)) throw new LedgerError('NOT_FOUND', `工号 ${staffNo} 不存在或不在您的权限范围内`, { key: 'error.staffNotFound', params: { staffNo } });
  return s;
}

export function staffRowById(ctx: HandlerContext, id: string): StaffRow {
  const r = ctx.db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as StaffJoined;
  return toRow(r, currentPosts(ctx.db, [id]).get(id) ?? [], hasPii(ctx));
}

/** Statements applyStaff runs per row, prepared once per connection (an import of 6,000 rows would otherwise compile them 24,000 times). */
const STATEMENTS = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function stmt(db: Database.Database, sql: string): Database.Statement {
  let m = STATEMENTS.get(db);
  if (!m) STATEMENTS.set(db, (m = new Map()));
  let st = m.get(sql);
  if (!st) m.set(sql, (st = db.prepare(sql)));
  return st;
}

type StaffOp = { kind: 'insert'; fields: StaffFields } | { kind: 'update'; id: string; version: number; changes: Partial<StaffFields> } | { kind: 'delete'; id: string; version: number };

interface UnitLite {
  id: string;
  code: string;
}

/** Insert, update or delete one person inside a write; returns problems instead of throwing so a batch or import reports every bad row. */
function applyStaff(ctx: HandlerContext, op: StaffOp, row: number, at: string, record: Recorder, unitsByCode: Map<string, UnitLite>, affected: Set<string>, deleted: string[]): ErrorDetail[] {
  const db = ctx.db;
  if (op.kind === 'delete') {
    const cur = loadForEdit<StaffDb>(db, 'staff', op.id, op.version, '人员', row);
    if (!staffInScope(ctx, cur)) return [{ row, id: op.id, field: 'staffNo', message: `无权删除 ${cur.staff_no}` }];
    const n = db.prepare('SELECT count(*) FROM appointments WHERE staff_id = ?').pluck().get(op.id) as number;
    if (n) return [{ row, id: op.id, field: 'staffNo', message: `${cur.staff_no} ${cur.name} 有 ${n} 条聘用记录，不能删除（请填写离岗日期）` }];
    const rounds = db.prepare('SELECT count(*) FROM post_round_applicants WHERE staff_id = ?').pluck().get(op.id) as number;
    if (rounds) return [{ row, id: op.id, field: 'staffNo', message: `${cur.staff_no} ${cur.name} 参加过竞聘，不能删除（请填写离岗日期）` }];
    db.prepare('DELETE FROM staff WHERE id = ?').run(op.id);
    record({ entity: 'staff', id: op.id, before: image(cur), after: null });
    deleted.push(op.id);
    return [];
  }
  const cur = op.kind === 'update' ? loadForEdit<StaffDb>(db, 'staff', op.id, op.version, '人员', row) : undefined;
  if (cur && !staffInScope(ctx, cur)) return [{ row, id: cur.id, field: 'staffNo', message: `无权修改 ${cur.staff_no}` }];
  const f: Partial<StaffFields> = op.kind === 'insert' ? op.fields : op.changes;
  const pick = <K extends keyof StaffFields>(k: K, col: keyof StaffDb): unknown => (f[k] !== undefined ? f[k] : cur ? cur[col] : null);
  const problems: ErrorDetail[] = [];
  const id = cur?.id ?? newId();
  const problem = (field: string, message: string) => problems.push({ row, id: cur?.id, field, message });

  const staffNo = pick('staffNo', 'staff_no') as string;
  const dup = stmt(db, 'SELECT id, name FROM staff WHERE staff_no = ?').get(staffNo) as { id: string; name: string } | undefined;
  if (dup && dup.id !== id) problem('staffNo', `工号 ${staffNo} 已被「${dup.name}」使用`);

  const unitOf = (field: 'employingUnitCode' | 'workingUnitCode', code: string): string | undefined => {
    const u = unitsByCode.get(code.toUpperCase());
    if (!u) problem(field, `单位 ${code} 不存在`);
    else if (!ctx.inScope(u.id)) problem(field, `单位 ${code} 不在您的权限范围内`);
    return u?.id;
  };
  const employingId = f.employingUnitCode !== undefined ? unitOf('employingUnitCode', f.employingUnitCode) : cur?.employing_unit_id;
  const workingId = f.workingUnitCode ? unitOf('workingUnitCode', f.workingUnitCode) : f.workingUnitCode === null || !cur ? employingId : cur.working_unit_id;

  // Identity number: checksum (schema), then against sex and birth date (filled from it when blank), then unique.
  let idNumber = pick('idNumber', 'id_number') as string | null;
  let sex = pick('sex', 'sex') as '男' | '女' | null;
  let birth = pick('birthDate', 'birth_date') as string | null;
  if (idNumber) {
    const parsed = parseIdNumber(idNumber);
    if (!parsed.ok) problem('idNumber', parsed.message);
    else {
      idNumber = parsed.id;
      for (const p of idCrossCheck(parsed, { birthDate: birth, sex })) problem(p.field, p.message);
      sex ??= parsed.sex;
      birth ??= parsed.birthDate;
      const other = stmt(db, 'SELECT staff_no, name FROM staff WHERE id_number = ? AND id <> ?').get(idNumber, id) as { staff_no: string; name: string } | undefined;
      if (other) problem('idNumber', `身份证号已登记为 ${other.staff_no} ${other.name}`);
    }
  }
  if (problems.length || !employingId || !workingId) return problems;

  const next = {
    id,
    staff_no: staffNo,
    name: pick('name', 'name') as string,
    id_number: idNumber,
    sex,
    birth_date: birth,
    education: pick('education', 'education'),
    title: pick('title', 'title'),
    qualification: pick('qualification', 'qualification'),
    staffing_type: pick('staffingType', 'staffing_type'),
    employing_unit_id: employingId,
    working_unit_id: workingId,
    joined_on: pick('joinedOn', 'joined_on'),
    left_on: pick('leftOn', 'left_on'),
    remarks: pick('remarks', 'remarks'),
  };
  if (!cur) {
    stmt(
      db,
      `INSERT INTO staff (id, staff_no, name, id_number, sex, birth_date, education, title, qualification, staffing_type, employing_unit_id, working_unit_id, joined_on, left_on, remarks, created_at, updated_at, updated_by, version)
       VALUES (@id, @staff_no, @name, @id_number, @sex, @birth_date, @education, @title, @qualification, @staffing_type, @employing_unit_id, @working_unit_id, @joined_on, @left_on, @remarks, @at, @at, @by, 1)`,
    ).run({ ...next, at, by: ctx.actor.name });
    record({ entity: 'staff', id, before: null, after: image(stmt(db, 'SELECT * FROM staff WHERE id = ?').get(id) as object) });
  } else {
    const changed = (Object.keys(next) as (keyof typeof next)[]).some((k) => next[k] !== cur[k as keyof StaffDb]);
    if (!changed) {
      affected.add(id);
      return [];
    }
    stmt(
      db,
      `UPDATE staff SET staff_no=@staff_no, name=@name, id_number=@id_number, sex=@sex, birth_date=@birth_date, education=@education, title=@title, qualification=@qualification,
         staffing_type=@staffing_type, employing_unit_id=@employing_unit_id, working_unit_id=@working_unit_id, joined_on=@joined_on, left_on=@left_on, remarks=@remarks,
         updated_at=@at, updated_by=@by, version=version+1 WHERE id=@id`,
    ).run({ ...next, at, by: ctx.actor.name });
    record({ entity: 'staff', id, before: image(cur), after: image(stmt(db, 'SELECT * FROM staff WHERE id = ?').get(id) as object) });
  }
  affected.add(id);
  return [];
}

function unitMaps(db: Database.Database) {
  const units = db.prepare('SELECT id, code, name FROM units').all() as { id: string; code: string; name: string }[];
  const byCode = new Map(units.map((u) => [u.code.toUpperCase(), u]));
  const byName = new Map<string, string>();
  const ambiguous = new Set<string>();
  for (const u of units) {
    const k = normaliseText(u.name);
    if (byName.has(k)) ambiguous.add(k);
    byName.set(k, u.code);
  }
  for (const k of ambiguous) byName.delete(k);
  return { byCode, byName };
}

/** A unit cell holding a unit's name (as sheets from the field usually do) → its code. */
function unitCell(v: string | undefined, maps: ReturnType<typeof unitMaps>): string | undefined {
  if (v === undefined) return v;
  const t = normaliseText(v);
  if (maps.byCode.has(t.toUpperCase())) return t;
  return maps.byName.get(t) ?? v;
}

export const staffHandlers: HandlerMap<'staff.list' | 'staff.get' | 'staff.batch' | 'staff.import' | 'staff.export'> = {
  'staff.list': ({ unitCode, includeLeft }, ctx) => {
    const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
    const where = [unit ? '(s.employing_unit_id = @u OR s.working_unit_id = @u)' : '', includeLeft ? '' : 's.left_on IS NULL'].filter(Boolean);
    const rows = ctx.db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY s.staff_no`).all(unit ? { u: unit.id } : {}) as StaffJoined[];
    const posts = currentPosts(ctx.db, null);
    const pii = hasPii(ctx);
    return rows.filter((r) => ctx.actor.scope === null || staffInScope(ctx, r)).map((r) => toRow(r, posts.get(r.id) ?? [], pii));
  },

  'staff.get': ({ staffNo }, ctx) => {
    const s = requireStaff(ctx, staffNo);
    const appointments = (ctx.db.prepare(`${APPOINTMENT_SELECT} WHERE a.staff_id = ? ORDER BY a.term_start, a.created_at`).all(s.id) as AppointmentDb[]).map(toAppointmentRow);
    return { ...staffRowById(ctx, s.id), appointments } satisfies StaffDetail;
  },

  'staff.batch': ({ ops }, ctx) => {
    const maps = unitMaps(ctx.db);
    const { result, batchId } = ctx.write(`编辑人员 ${ops.length} 行`, (record, at) => {
      const affected = new Set<string>();
      const deleted: string[] = [];
      const problems: ErrorDetail[] = [];
      ops.forEach((op, i) => {
        const mapped: StaffOp = op.op === 'insert' ? { kind: 'insert', fields: op.row as StaffFields } : op.op === 'update' ? { kind: 'update', id: op.id, version: op.version, changes: op.changes as Partial<StaffFields> } : { kind: 'delete', id: op.id, version: op.version };
        problems.push(...applyStaff(ctx, mapped, i + 1, at, record, maps.byCode, affected, deleted));
      });
      throwIfProblems(problems, '人员表');
      return { rows: [...affected].map((id) => staffRowById(ctx, id)), deletedIds: deleted };
    });
    return { batchId: batchId ?? 0, ...result };
  },

  'staff.import': async (args, ctx): Promise<ImportResult> => {
    const { records, labels } = await readRecords(args, STAFF_COLUMNS);
    const maps = unitMaps(ctx.db);
    const rejected: ErrorDetail[] = [];
    const valid: { rowNumber: number; fields: StaffFields }[] = [];
    const seenNo = new Map<string, number>();
    const seenId = new Map<string, number>();
    for (const rec of records as SheetRecord<StaffField>[]) {
      const values = { ...rec.values, employingUnitCode: unitCell(rec.values.employingUnitCode, maps), workingUnitCode: unitCell(rec.values.workingUnitCode, maps) };
      const v = validateRecord(staffFields, { rowNumber: rec.rowNumber, values }, labels);
      if (!v.ok) {
        rejected.push(...v.details);
        continue;
      }
      const no = v.data.staffNo.toUpperCase();
      if (seenNo.has(no)) {
        rejected.push({ row: rec.rowNumber, column: labels.staffNo ?? '工号', field: 'staffNo', message: `工号 ${v.data.staffNo} 与第 ${seenNo.get(no)} 行重复` });
        continue;
      }
      if (v.data.idNumber && seenId.has(v.data.idNumber)) {
        rejected.push({ row: rec.rowNumber, column: labels.idNumber ?? '身份证号', field: 'idNumber', message: `身份证号与第 ${seenId.get(v.data.idNumber)} 行重复` });
        continue;
      }
      seenNo.set(no, rec.rowNumber);
      if (v.data.idNumber) seenId.set(v.data.idNumber, rec.rowNumber);
      valid.push({ rowNumber: rec.rowNumber, fields: v.data });
    }
    if (!args.dryRun && valid.length && (args.skipInvalid || !rejected.length)) ctx.backup('before-import');
    const existing = ctx.db.prepare('SELECT id, version FROM staff WHERE staff_no = ?');
    const { result, batchId } = ctx.write(`导入人员 ${args.fileName}（${valid.length} 行）`, (record, at) => {
      let imported = 0;
      for (const v of valid) {
        const cur = existing.get(v.fields.staffNo) as { id: string; version: number } | undefined;
        const op: StaffOp = cur ? { kind: 'update', id: cur.id, version: cur.version, changes: v.fields } : { kind: 'insert', fields: v.fields };
        const problems = applyStaff(ctx, op, v.rowNumber, at, record, maps.byCode, new Set(), []);
        rejected.push(...problems.map((d) => ({ ...d, column: labels[d.field as StaffField] ?? d.field })));
        if (!problems.length) imported++;
      }
      rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      if (args.dryRun || (rejected.length && !args.skipInvalid)) throw new Rollback(args.dryRun ? imported : 0);
      return imported;
    });
    const pii = hasPii(ctx);
    const preview = valid.slice(0, 200).map((v) => ({ row: v.rowNumber, ...v.fields, idNumber: pii ? v.fields.idNumber : maskIdNumber(v.fields.idNumber ?? null) }));
    return { imported: result, rejected, dryRun: args.dryRun, preview, batchId };
  },

  'staff.export': async (args, ctx) => {
    const rows = (await staffHandlers['staff.list']({ unitCode: args.unitCode, includeLeft: true }, ctx)) as StaffRow[];
    const cols: { field: StaffField; key: keyof StaffRow; width: number }[] = [
      { field: 'staffNo', key: 'staffNo', width: 12 },
      { field: 'name', key: 'name', width: 10 },
      { field: 'idNumber', key: 'idNumber', width: 22 },
      { field: 'sex', key: 'sex', width: 6 },
      { field: 'birthDate', key: 'birthDate', width: 12 },
      { field: 'education', key: 'education', width: 10 },
      { field: 'title', key: 'title', width: 16 },
      { field: 'qualification', key: 'qualification', width: 16 },
      { field: 'staffingType', key: 'staffingType', width: 10 },
      { field: 'employingUnitCode', key: 'employingUnitCode', width: 14 },
      { field: 'workingUnitCode', key: 'workingUnitCode', width: 14 },
      { field: 'joinedOn', key: 'joinedOn', width: 12 },
      { field: 'leftOn', key: 'leftOn', width: 12 },
      { field: 'remarks', key: 'remarks', width: 20 },
    ];
    const header = (f: StaffField) => STAFF_COLUMNS.find((c) => c.field === f)!.aliases[0]!;
    const bytes = await writeSheet(
      '人员',
      [...cols.map((c) => ({ header: header(c.field), key: c.key, width: c.width })), { header: '聘用单位名称', key: 'employingUnitName', width: 24 }, { header: '工作单位名称', key: 'workingUnitName', width: 24 }],
      rows,
    );
    return { fileName: `人员-${new Date().toISOString().slice(0, 10)}.xlsx`, base64: bytes.toString('base64') };
  },
};
