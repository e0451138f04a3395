import { z } from 'zod';
import { quotaInput, type QuotaInput } from '../../../shared/api/posts';
import { cleanText } from '../../../shared/api/schemas';
import type { ImportResult } from '../../../shared/api/types';
import type { ErrorDetail } from '../../../shared/errors';
import type { ColumnSpec } from '../../../shared/import/headers';
import { msg } from '../../../shared/i18n/messages';
import { normaliseText, numericText } from '../../../shared/parse/text';
import { Rollback, type HandlerMap } from '../../engine/context';
import { writeSheet } from '../../io/sheet';
import { readRecords, validateRecord } from '../../io/table-import';
import { listQuotas, saveQuotas } from './index';

// The community's post scheme as one sheet, a row per unit (issue #5: `posts quotas export|import`).
// Band columns left blank are not set (the band is bounded by the ratio rules only); 周转池 and
// 编制合计 are written for reading and ignored on import (the pool is moved with posts.pool.move).

type QuotaField = 'unitCode' | 'unitName' | 'ratioSet' | 'staffing' | 'pool' | 'totalPosts' | 'mgmtPosts' | 'proPosts' | 'workerPosts' | 'docNo' | `band:${string}`;

const BAND_COLUMNS = [
  ['正高', ['正高', '正高级', '正高级岗位', '专技正高']],
  ['副高', ['副高', '副高级', '副高级岗位', '专技副高']],
  ['中级', ['中级', '中级岗位', '专技中级']],
  ['初级', ['初级', '初级岗位', '专技初级']],
  ['技术工', ['技术工', '技术工岗位', '工勤技术工']],
  ['普通工', ['普通工', '普通工岗位']],
] as const;

export const QUOTA_COLUMNS: readonly ColumnSpec<QuotaField>[] = [
  { field: 'unitCode', aliases: ['单位编码', '单位代码', '机构编码', '单位'] },
  { field: 'unitName', aliases: ['单位名称', '机构名称'] },
  { field: 'ratioSet', aliases: ['比例方案', '结构比例方案', '比例方案编码'] },
  { field: 'staffing', aliases: ['编制数', '核定编制', '编制', '事业编制数'], required: true },
  { field: 'pool', aliases: ['周转池调剂', '周转编制', '周转池'] },
  { field: 'totalPosts', aliases: ['岗位总量', '岗位总数', '核定岗位总量', '岗位数'], required: true },
  { field: 'mgmtPosts', aliases: ['管理岗位', '管理岗', '管理'] },
  { field: 'proPosts', aliases: ['专业技术岗位', '专业技术岗', '专技岗位', '专业技术'] },
  { field: 'workerPosts', aliases: ['工勤技能岗位', '工勤岗位', '工勤技能岗', '工勤'] },
  ...BAND_COLUMNS.map(([band, aliases]): ColumnSpec<QuotaField> => ({ field: `band:${band}`, aliases })),
  { field: 'docNo', aliases: ['批复文号', '文号', '岗位设置批复文号'] },
];

const intCell = (v: unknown): unknown => {
  if (typeof v !== 'string') return v;
  const t = numericText(v).replace(/[,，\s]/g, '').replace(/(个|名|人)$/, '');
  if (t === '') return undefined;
  return /^\d+(\.0+)?$/.test(t) ? Number(t) : t;
};
const count = z.preprocess(intCell, z.number({ error: 'v.count' }).int('v.count').min(0, 'v.count'));
const rowSchema = z.object({
  unitCode: z.preprocess(cleanText, z.string({ error: 'v.required' })),
  ratioSet: z.preprocess((v) => cleanText(v) ?? null, z.string().max(32).nullable()).optional(),
  staffing: count,
  totalPosts: count,
  mgmtPosts: count.default(0),
  proPosts: count.default(0),
  workerPosts: count.default(0),
  docNo: z.preprocess((v) => cleanText(v) ?? null, z.string().max(50, 'v.tooLong').nullable()).optional(),
  ...Object.fromEntries(BAND_COLUMNS.map(([band]) => [`band:${band}`, count.optional()])),
});

export const quotaIoHandlers: HandlerMap<'posts.quotas.import' | 'posts.quotas.export'> = {
  'posts.quotas.import': async (args, ctx): Promise<ImportResult> => {
    const { records, labels } = await readRecords(args, QUOTA_COLUMNS);
    const units = ctx.db.prepare('SELECT code, name FROM units').all() as { code: string; name: string }[];
    const codes = new Set(units.map((u) => u.code.toUpperCase()));
    const byName = new Map(units.map((u) => [normaliseText(u.name), u.code]));
    const rejected: ErrorDetail[] = [];
    const valid: { row: number; input: QuotaInput }[] = [];
    for (const rec of records) {
      const values = { ...rec.values } as Record<string, string | undefined>;
      // The unit by code, or by name when the code column holds a name (or is missing but a name column is there).
      const code = values.unitCode ? normaliseText(values.unitCode) : undefined;
      if (code && !codes.has(code.toUpperCase()) && byName.has(code)) values.unitCode = byName.get(code);
      else if (!code && values.unitName) values.unitCode = byName.get(normaliseText(values.unitName)) ?? values.unitName;
      // A unit listed without any numbers (the export lists every unit) has no scheme: skipped.
      if (['staffing', 'totalPosts', 'mgmtPosts', 'proPosts', 'workerPosts'].every((k) => values[k] === undefined)) continue;
      const v = validateRecord(rowSchema, { rowNumber: rec.rowNumber, values }, labels);
      if (!v.ok) {
        rejected.push(...v.details);
        continue;
      }
      const d = v.data as Record<string, unknown>;
      const bands = Object.fromEntries(BAND_COLUMNS.filter(([b]) => d[`band:${b}`] !== undefined).map(([b]) => [b, d[`band:${b}`] as number]));
      const parsed = quotaInput.safeParse({ ...d, bands });
      if (!parsed.success) {
        rejected.push(...parsed.error.issues.map((i) => ({ row: rec.rowNumber, column: labels[String(i.path[0]) as QuotaField] ?? String(i.path[0]), field: String(i.path[0]), message: msg(i.message) })));
        continue;
      }
      valid.push({ row: rec.rowNumber, input: parsed.data });
    }
    if (!args.dryRun && valid.length && (args.skipInvalid || !rejected.length)) ctx.backup('before-import');
    const { result, batchId } = ctx.write(`导入岗位设置 ${args.fileName}（${valid.length} 个单位）`, (record, at) => {
      const { problems, saved } = saveQuotas(ctx, valid, record, at);
      const column = (field: string) => labels[(field.startsWith('bands.') ? `band:${field.slice(6)}` : field) as QuotaField] ?? field;
      rejected.push(...problems.map((p) => ({ ...p, column: column(p.field ?? '') })));
      rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
      if (args.dryRun || (rejected.length && !args.skipInvalid)) throw new Rollback(args.dryRun ? saved.length : 0);
      // With skip-invalid a row refused by the engine is left out; saveQuotas already skipped it.
      return saved.length;
    });
    return { imported: result, rejected, dryRun: args.dryRun, preview: valid.slice(0, 200).map((v) => ({ row: v.row, ...v.input })), batchId };
  },

  'posts.quotas.export': async (_args, ctx) => {
    // Every unit in scope; a unit without a scheme has its numbers left blank (fill them in to set one).
    const rows = listQuotas(ctx).map((q) => ({
      unitCode: q.unitCode,
      unitName: q.unitName,
      ratioSet: q.ratioSetChosen ? q.ratioSet : '',
      staffing: q.version === null ? null : q.staffing,
      pool: q.poolAllocated,
      totalPosts: q.version === null ? null : q.totalPosts,
      mgmtPosts: q.version === null ? null : q.categories.管理,
      proPosts: q.version === null ? null : q.categories.专业技术,
      workerPosts: q.version === null ? null : q.categories.工勤,
      ...Object.fromEntries(BAND_COLUMNS.map(([b]) => [`band:${b}`, q.bands[b] ?? null])),
      docNo: q.docNo,
    }));
    const header = (f: QuotaField) => QUOTA_COLUMNS.find((c) => c.field === f)!.aliases[0]!;
    const bytes = await writeSheet(
      '岗位设置',
      QUOTA_COLUMNS.map((c) => ({ header: header(c.field), key: c.field, width: c.field === 'unitName' ? 28 : c.field === 'docNo' ? 20 : 12 })),
      rows,
    );
    return { fileName: `岗位设置-${new Date().toISOString().slice(0, 10)}.xlsx`, base64: bytes.toString('base64') };
  },
};
