import type Database from 'better-sqlite3';
import type { UnitFields } from '../../../shared/api/schemas';
import { unitFields } from '../../../shared/api/schemas';
import type { ImportResult, UnitRow } from '../../../shared/api/types';
import { parentRuleViolation, type UnitType } from '../../../shared/domain/org';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import type { ColumnSpec } from '../../../shared/import/headers';
import { Rollback, type HandlerContext, type HandlerMap, type Recorder } from '../../engine/context';
import { image, loadForEdit, newId } from '../../engine/rows';
import { readRecords, validateRecord, type SheetRecord } from '../../io/table-import';
import { writeSheet } from '../../io/sheet';
import { throwIfProblems } from '../batch';

interface UnitDb {
  id: string;
  code: string;
  name: string;
  type: UnitType;
  parent_id: string | null;
  created_at: string;
  updated_at: string;
  updated_by: string;
  version: number;
}

const SELECT_ROW = `
  SELECT u.id, u.code, u.name, u.type, p.code AS parentCode, p.name AS parentName,
         u.version, u.updated_at AS updatedAt, u.updated_by AS updatedBy
  FROM units u LEFT JOIN units p ON p.id = u.parent_id`;

export function unitRowById(db: Database.Database, id: string): UnitRow {
  return db.prepare(`${SELECT_ROW} WHERE u.id = ?`).get(id) as UnitRow;
}

export function unitByCode(db: Database.Database, code: string): UnitDb | undefined {
  return db.prepare('SELECT * FROM units WHERE code = ?').get(code) as UnitDb | undefined;
}

/** Resolve a unit code the caller named, refusing units outside their scope with the same message as unknown ones. */
export function requireUnitInScope(ctx: HandlerContext, code: string): UnitDb {
  const unit = unitByCode(ctx.db, code);
  if (!unit || !ctx.inScope(unit.id)) throw new LedgerError('NOT_FOUND', `单位 ${code} 不存在或不在您的权限范围内`, { key: 'error.unitNotFound', params: { code } });
  return unit;
}

export const UNIT_COLUMNS: readonly ColumnSpec<keyof UnitFields>[] = [
  { field: 'code', aliases: ['单位编码', '单位代码', '编码', '代码', '机构编码', '机构代码', 'code'], required: true },
  { field: 'name', aliases: ['单位名称', '名称', '机构名称', '单位', 'name'], required: true },
  { field: 'type', aliases: ['单位类型', '类型', '机构类型', 'type'], required: true },
  { field: 'parentCode', aliases: ['上级单位编码', '上级编码', '上级单位代码', '上级单位', '所属乡镇卫生院', 'parent'] },
];

/** Would making `parentId` the parent of `unitId` create a cycle? */
function isDescendant(db: Database.Database, unitId: string, candidateParentId: string): boolean {
  const row = db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
       SELECT 1 FROM sub WHERE id = ?`,
    )
    .get(unitId, candidateParentId);
  return row !== undefined;
}

/**
 * Apply one unit edit inside a write transaction; returns problems instead of throwing so a
 * batch can report every bad row at once (and then roll back).
 */
function applyUnit(
  db: Database.Database,
  op: { kind: 'insert'; fields: UnitFields } | { kind: 'update'; id: string; version: number; changes: Partial<UnitFields> } | { kind: 'delete'; id: string; version: number },
  row: number,
  actor: string,
  at: string,
  record: Recorder,
  affected: Set<string>,
  deleted: string[],
): ErrorDetail[] {
  if (op.kind === 'delete') {
    const cur = loadForEdit<UnitDb>(db, 'units', op.id, op.version, `单位`, row);
    const used = db
      .prepare(
        `SELECT (SELECT count(*) FROM units WHERE parent_id = @id) AS children,
                (SELECT count(*) FROM departments WHERE unit_id = @id) AS depts,
                (SELECT count(*) FROM users WHERE unit_id = @id) AS users`,
      )
      .get({ id: op.id }) as { children: number; depts: number; users: number };
    if (used.children || used.depts || used.users) {
      return [{ row, id: op.id, field: 'code', message: `单位 ${cur.code} 仍有下级单位 ${used.children} 个、科室 ${used.depts} 个、用户 ${used.users} 个，不能删除` }];
    }
    db.prepare('DELETE FROM units WHERE id = ?').run(op.id);
    record({ entity: 'unit', id: op.id, before: image(cur), after: null });
    deleted.push(op.id);
    return [];
  }

  const cur = op.kind === 'update' ? loadForEdit<UnitDb>(db, 'units', op.id, op.version, '单位', row) : undefined;
  const next = {
    code: op.kind === 'insert' ? op.fields.code : (op.changes.code ?? cur!.code),
    name: op.kind === 'insert' ? op.fields.name : (op.changes.name ?? cur!.name),
    type: op.kind === 'insert' ? op.fields.type : (op.changes.type ?? cur!.type),
  };
  const problems: ErrorDetail[] = [];
  const id = cur?.id ?? newId();

  const dup = unitByCode(db, next.code);
  if (dup && dup.id !== id) problems.push({ row, id: cur?.id, field: 'code', message: `单位编码 ${next.code} 已被「${dup.name}」使用` });

  let parentId: string | null = cur?.parent_id ?? null;
  let parentType: UnitType | null = null;
  const parentCode = op.kind === 'insert' ? op.fields.parentCode : op.changes.parentCode;
  if (parentCode !== undefined) {
    if (parentCode === null) parentId = null;
    else {
      const parent = unitByCode(db, parentCode);
      if (!parent) problems.push({ row, id: cur?.id, field: 'parentCode', message: `上级单位编码 ${parentCode} 不存在` });
      else if (parent.id === id || (cur && isDescendant(db, id, parent.id))) problems.push({ row, id: cur?.id, field: 'parentCode', message: '上级单位不能是本单位或其下级单位' });
      else parentId = parent.id;
    }
  }
  if (parentId) parentType = (db.prepare('SELECT type FROM units WHERE id = ?').get(parentId) as { type: UnitType } | undefined)?.type ?? null;
  const ruleProblem = parentRuleViolation(next.type, parentType);
  if (ruleProblem && !problems.some((p) => p.field === 'parentCode')) problems.push({ row, id: cur?.id, field: 'parentCode', message: ruleProblem });
  if (cur && next.type !== cur.type && next.type !== '乡镇卫生院' && next.type !== '社区卫生服务中心') {
    const villages = (db.prepare("SELECT count(*) AS n FROM units WHERE parent_id = ? AND type = '村卫生室'").get(id) as { n: number }).n;
    if (villages) problems.push({ row, id, field: 'type', message: `该单位下有 ${villages} 个村卫生室，类型只能是乡镇卫生院或社区卫生服务中心` });
  }
  if (problems.length) return problems;

  if (!cur) {
    db.prepare('INSERT INTO units (id, code, name, type, parent_id, created_at, updated_at, updated_by, version) VALUES (?,?,?,?,?,?,?,?,1)').run(
      id,
      next.code,
      next.name,
      next.type,
      parentId,
      at,
      at,
      actor,
    );
  } else {
    const unchanged = cur.code === next.code && cur.name === next.name && cur.type === next.type && cur.parent_id === parentId;
    if (unchanged) {
      affected.add(id);
      return [];
    }
    db.prepare('UPDATE units SET code=?, name=?, type=?, parent_id=?, updated_at=?, updated_by=?, version=version+1 WHERE id=?').run(
      next.code,
      next.name,
      next.type,
      parentId,
      at,
      actor,
      id,
    );
  }
  record({ entity: 'unit', id, before: image(cur), after: image(db.prepare('SELECT * FROM units WHERE id = ?').get(id) as object) });
  affected.add(id);
  return [];
}

export const unitHandlers: HandlerMap<'units.list' | 'units.batch' | 'units.import' | 'units.export'> = {
  'units.list': ({ unitCode }, ctx) => {
    const rows = ctx.db.prepare(`${SELECT_ROW} ${unitCode ? 'WHERE u.code = ?' : ''} ORDER BY u.code`).all(...(unitCode ? [unitCode] : [])) as UnitRow[];
    return ctx.actor.scope === null ? rows : rows.filter((r) => ctx.inScope(r.id));
  },

  'units.batch': ({ ops }, ctx) => {
    const { result, batchId } = ctx.write(`编辑单位 ${ops.length} 行`, (record, at) => {
      const affected = new Set<string>();
      const deleted: string[] = [];
      const problems: ErrorDetail[] = [];
      ops.forEach((op, i) => {
        const row = i + 1;
        problems.push(
          ...applyUnit(
            ctx.db,
            op.op === 'insert' ? { kind: 'insert', fields: op.row } : op.op === 'update' ? { kind: 'update', id: op.id, version: op.version, changes: op.changes } : { kind: 'delete', id: op.id, version: op.version },
            row,
            ctx.actor.name,
            at,
            record,
            affected,
            deleted,
          ),
        );
      });
      throwIfProblems(problems, '单位表');
      return { rows: [...affected].map((id) => unitRowById(ctx.db, id)), deletedIds: deleted };
    });
    return { batchId: batchId ?? 0, ...result };
  },

  'units.import': async (args, ctx) => {
    const { records, labels } = await readRecords(args, UNIT_COLUMNS);
    const { valid, rejected } = validateAll(records, labels);
    // Parents defined further down the sheet are inserted first. Depths are computed once per row
    // (a comparator that recomputes them makes a large import quadratic).
    const byCode = new Map(valid.map((v) => [v.fields.code.toUpperCase(), v.fields]));
    const depths = new Map(valid.map((v) => [v, depth(v.fields, byCode)]));
    const ordered = [...valid].sort((a, b) => depths.get(a)! - depths.get(b)!);
    const preview = valid.slice(0, 200).map((v) => ({ row: v.rowNumber, ...v.fields }));
    if (!args.dryRun && valid.length && (args.skipInvalid || !rejected.length)) ctx.backup('before-import');
    const { result, batchId } = ctx.write(`导入单位 ${args.fileName}（${valid.length} 行）`, (record, at) => {
      let imported = 0;
      for (const v of ordered) {
        const existing = unitByCode(ctx.db, v.fields.code);
        const problems = applyUnit(
          ctx.db,
          existing ? { kind: 'update', id: existing.id, version: existing.version, changes: v.fields } : { kind: 'insert', fields: v.fields },
          v.rowNumber,
          ctx.actor.name,
          at,
          record,
          new Set(),
          [],
        );
        rejected.push(...problems.map((d) => ({ ...d, column: labels[d.field as keyof UnitFields] ?? d.field })));
        if (!problems.length) imported++;
      }
      rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      // All-or-nothing unless the user chose to skip bad rows; a dry run never writes.
      if (args.dryRun || (rejected.length && !args.skipInvalid)) throw new Rollback(args.dryRun ? imported : 0);
      return imported;
    });
    return { imported: result, rejected, dryRun: args.dryRun, preview, batchId };
  },

  'units.export': async (_args, ctx) => {
    const rows = unitHandlers['units.list']({}, ctx) as UnitRow[];
    const bytes = await writeSheet(
      '单位',
      [
        { header: '单位编码', key: 'code', width: 14 },
        { header: '单位名称', key: 'name', width: 32 },
        { header: '单位类型', key: 'type', width: 18 },
        { header: '上级单位编码', key: 'parentCode', width: 14 },
        { header: '上级单位名称', key: 'parentName', width: 32 },
      ],
      rows,
    );
    return { fileName: `单位-${new Date().toISOString().slice(0, 10)}.xlsx`, base64: bytes.toString('base64') };
  },
};

/** How many ancestors of a sheet row are themselves in the sheet (parents go first). */
function depth(f: UnitFields, byCode: ReadonlyMap<string, UnitFields>): number {
  let d = 0;
  let parent = f.parentCode;
  while (parent && d < 10) {
    const p = byCode.get(parent.toUpperCase());
    if (!p) break;
    d++;
    parent = p.parentCode;
  }
  return d;
}

function validateAll(records: SheetRecord<keyof UnitFields>[], labels: Partial<Record<keyof UnitFields, string>>) {
  const rejected: ErrorDetail[] = [];
  const valid: { rowNumber: number; fields: UnitFields }[] = [];
  const seen = new Map<string, number>();
  for (const rec of records) {
    const v = validateRecord(unitFields, rec, labels);
    if (!v.ok) {
      rejected.push(...v.details);
      continue;
    }
    const prior = seen.get(v.data.code.toUpperCase());
    if (prior) {
      rejected.push({ row: rec.rowNumber, column: labels.code ?? '单位编码', field: 'code', message: `单位编码 ${v.data.code} 与第 ${prior} 行重复` });
      continue;
    }
    seen.set(v.data.code.toUpperCase(), rec.rowNumber);
    valid.push({ rowNumber: rec.rowNumber, fields: v.data });
  }
  return { valid, rejected };
}
