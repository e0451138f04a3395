import type Database from 'better-sqlite3';
import { departmentFields, type DepartmentFields } from '../../../shared/api/schemas';
import type { DepartmentRow } from '../../../shared/api/types';
import type { ErrorDetail } from '../../../shared/errors';
import type { ColumnSpec } from '../../../shared/import/headers';
import { Rollback, type HandlerContext, type HandlerMap, type Recorder } from '../../engine/context';
import { image, loadForEdit, newId } from '../../engine/rows';
import { writeSheet } from '../../io/sheet';
import { readRecords, validateRecord } from '../../io/table-import';
import { throwIfProblems } from '../batch';
import { requireUnitInScope, unitByCode } from './units';

interface DeptDb {
  id: string;
  unit_id: string;
  code: string;
  name: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

const SELECT_ROW = `
  SELECT d.id, u.code AS unitCode, u.name AS unitName, d.code, d.name,
         d.version, d.updated_at AS updatedAt, d.updated_by AS updatedBy
  FROM departments d JOIN units u ON u.id = d.unit_id`;

export const DEPARTMENT_COLUMNS: readonly ColumnSpec<keyof DepartmentFields>[] = [
  { field: 'unitCode', aliases: ['单位编码', '所属单位编码', '单位代码', '所属单位'], required: true },
  { field: 'code', aliases: ['科室编码', '科室代码', '部门编码', '编码'], required: true },
  { field: 'name', aliases: ['科室名称', '部门名称', '科室', '名称'], required: true },
];

function rowById(db: Database.Database, id: string): DepartmentRow {
  return db.prepare(`${SELECT_ROW} WHERE d.id = ?`).get(id) as DepartmentRow;
}

type DeptOp = { kind: 'insert'; fields: DepartmentFields } | { kind: 'update'; id: string; version: number; changes: Partial<DepartmentFields> } | { kind: 'delete'; id: string; version: number };

function applyDepartment(ctx: HandlerContext, op: DeptOp, row: number, at: string, record: Recorder, affected: Set<string>, deleted: string[]): ErrorDetail[] {
  const db = ctx.db;
  const cur = op.kind === 'insert' ? undefined : loadForEdit<DeptDb>(db, 'departments', op.id, op.version, '科室', row);
  if (cur && !ctx.inScope(cur.unit_id)) return [{ row, id: cur.id, field: 'unitCode', message: '无权修改其他单位的科室' }];
  if (op.kind === 'delete') {
    db.prepare('DELETE FROM departments WHERE id = ?').run(cur!.id);
    record({ entity: 'department', id: cur!.id, before: image(cur), after: null });
    deleted.push(cur!.id);
    return [];
  }
  const fields = op.kind === 'insert' ? op.fields : op.changes;
  let unitId = cur?.unit_id;
  if (fields.unitCode !== undefined) {
    const unit = unitByCode(db, fields.unitCode);
    if (!unit) return [{ row, id: cur?.id, field: 'unitCode', message: `单位编码 ${fields.unitCode} 不存在` }];
    if (!ctx.inScope(unit.id)) return [{ row, id: cur?.id, field: 'unitCode', message: `无权在单位 ${fields.unitCode} 下建立科室` }];
    unitId = unit.id;
  }
  const code = fields.code ?? cur!.code;
  const name = fields.name ?? cur!.name;
  const id = cur?.id ?? newId();
  const dup = db.prepare('SELECT id, name FROM departments WHERE unit_id = ? AND code = ?').get(unitId, code) as { id: string; name: string } | undefined;
  if (dup && dup.id !== id) return [{ row, id: cur?.id, field: 'code', message: `本单位已有科室编码 ${code}（${dup.name}）` }];
  if (!cur) {
    db.prepare('INSERT INTO departments (id, unit_id, code, name, created_at, updated_at, updated_by, version) VALUES (?,?,?,?,?,?,?,1)').run(id, unitId, code, name, at, at, ctx.actor.name);
  } else if (cur.unit_id !== unitId || cur.code !== code || cur.name !== name) {
    db.prepare('UPDATE departments SET unit_id=?, code=?, name=?, updated_at=?, updated_by=?, version=version+1 WHERE id=?').run(unitId, code, name, at, ctx.actor.name, id);
  } else {
    affected.add(id);
    return [];
  }
  record({ entity: 'department', id, before: image(cur), after: image(db.prepare('SELECT * FROM departments WHERE id = ?').get(id) as object) });
  affected.add(id);
  return [];
}

export const departmentHandlers: HandlerMap<'departments.list' | 'departments.batch' | 'departments.import' | 'departments.export'> = {
  'departments.list': ({ unitCode }, ctx) => {
    const unit = unitCode ? requireUnitInScope(ctx, unitCode) : undefined;
    const rows = ctx.db.prepare(`${SELECT_ROW} ${unit ? 'WHERE d.unit_id = ?' : ''} ORDER BY u.code, d.code`).all(...(unit ? [unit.id] : [])) as (DepartmentRow & { unitCode: string })[];
    if (ctx.actor.scope === null) return rows;
    const allowed = new Set((ctx.db.prepare('SELECT id, code FROM units').all() as { id: string; code: string }[]).filter((u) => ctx.inScope(u.id)).map((u) => u.code));
    return rows.filter((r) => allowed.has(r.unitCode));
  },

  'departments.batch': ({ ops }, ctx) => {
    const { result, batchId } = ctx.write(`编辑科室 ${ops.length} 行`, (record, at) => {
      const affected = new Set<string>();
      const deleted: string[] = [];
      const problems: ErrorDetail[] = [];
      ops.forEach((op, i) => {
        const mapped: DeptOp = op.op === 'insert' ? { kind: 'insert', fields: op.row } : op.op === 'update' ? { kind: 'update', id: op.id, version: op.version, changes: op.changes } : { kind: 'delete', id: op.id, version: op.version };
        problems.push(...applyDepartment(ctx, mapped, i + 1, at, record, affected, deleted));
      });
      throwIfProblems(problems, '科室表');
      return { rows: [...affected].map((id) => rowById(ctx.db, id)), deletedIds: deleted };
    });
    return { batchId: batchId ?? 0, ...result };
  },

  'departments.import': async (args, ctx) => {
    const { records, labels } = await readRecords(args, DEPARTMENT_COLUMNS);
    const rejected: ErrorDetail[] = [];
    const valid: { rowNumber: number; fields: DepartmentFields }[] = [];
    for (const rec of records) {
      const v = validateRecord(departmentFields, rec, labels);
      if (v.ok) valid.push({ rowNumber: rec.rowNumber, fields: v.data });
      else rejected.push(...v.details);
    }
    if (!args.dryRun && valid.length && (args.skipInvalid || !rejected.length)) ctx.backup('before-import');
    const { result, batchId } = ctx.write(`导入科室 ${args.fileName}（${valid.length} 行）`, (record, at) => {
      let imported = 0;
      for (const v of valid) {
        const unit = unitByCode(ctx.db, v.fields.unitCode);
        const existing = unit ? (ctx.db.prepare('SELECT id, version FROM departments WHERE unit_id = ? AND code = ?').get(unit.id, v.fields.code) as { id: string; version: number } | undefined) : undefined;
        const op: DeptOp = existing ? { kind: 'update', id: existing.id, version: existing.version, changes: v.fields } : { kind: 'insert', fields: v.fields };
        const problems = applyDepartment(ctx, op, v.rowNumber, at, record, new Set(), []);
        rejected.push(...problems.map((d) => ({ ...d, column: labels[d.field as keyof DepartmentFields] ?? d.field })));
        if (!problems.length) imported++;
      }
      rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      if (args.dryRun || (rejected.length && !args.skipInvalid)) throw new Rollback(args.dryRun ? imported : 0);
      return imported;
    });
    return { imported: result, rejected, dryRun: args.dryRun, preview: valid.slice(0, 200).map((v) => ({ row: v.rowNumber, ...v.fields })), batchId };
  },

  'departments.export': async (args, ctx) => {
    const rows = (await departmentHandlers['departments.list'](args, ctx)) as DepartmentRow[];
    const bytes = await writeSheet(
      '科室',
      [
        { header: '单位编码', key: 'unitCode', width: 14 },
        { header: '单位名称', key: 'unitName', width: 30 },
        { header: '科室编码', key: 'code', width: 14 },
        { header: '科室名称', key: 'name', width: 24 },
      ],
      rows,
    );
    return { fileName: `科室-${new Date().toISOString().slice(0, 10)}.xlsx`, base64: bytes.toString('base64') };
  },
};
