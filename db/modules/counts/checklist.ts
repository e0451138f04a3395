import ExcelJS from 'exceljs';
import type { ArgsOut } from '../../../shared/api';
import type { CountImportResult } from '../../../shared/api/counts';
import type { ExportResult } from '../../../shared/api/types';
import { MARKS, parseCountMark } from '../../../shared/domain/count';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import { findHeader, isTotalRow, type ColumnSpec } from '../../../shared/import/headers';
import { normaliseUsageStatus, shown } from '../../../shared/parse';
import { cleanName, cleanText } from '../../../shared/parse/text';
import { Rollback, type HandlerContext, type HandlerMap } from '../../engine/context';
import { readSheet } from '../../io/sheet';
import { assertOpen, counterId, countRow, loadRows, recordCountChange, requireCount } from './common';
import { writeFound } from './tasks';

// The count checklist (盘点清单): exported for a counter to fill in, read back filled in (.xlsx, or
// .csv in UTF-8/GB18030 as Chinese Excel saves it).
//
// Layout written: title rows (task, unit, reference date, how to fill it in), then one header row and
// one row per expected asset sorted by location (a location column, so a sheet can be filtered or
// printed per location; `location` exports one location only), with the book's location, user and
// status, and empty 盘点结果 / 实际存放地点 / 实际使用人 / 实际使用状况 / 备注 columns (the result column
// offers 在 / 无 / 盘盈 in a drop-down). Below the list, a line starting 「以下填写账外资产」 and
// empty rows for items found that are not on the book.
//
// Reading back (any sheet with the header, title rows and 合计 rows skipped):
// - a row whose 资产编号 is on the list: 盘点结果 在/有/√/是 … = found, 无/未找到/×/否 … = missing,
//   blank = not counted (an actual location/user/status without a result is refused: say 在 or 无);
//   blank actual location / user / status = as on the book; 盘盈 on a listed asset is refused;
// - a row with no 资产编号, or a number not on the list, that names an item (资产名称): a found
//   item not on the book (result blank, 盘盈 or 在); its location is 实际存放地点 (or 存放地点), its user
//   实际使用人 (or 使用人), its description 备注. The same item already recorded is not added twice;
// - the same 资产编号 twice in the file is refused on the second row.
// All-or-nothing unless skipInvalid; dryRun writes nothing.

type Field = 'seq' | 'code' | 'name' | 'model' | 'dept' | 'bookLocation' | 'bookUser' | 'bookStatus' | 'result' | 'actualLocation' | 'actualUser' | 'actualStatus' | 'note' | 'quantity';

export const CHECKLIST_COLUMNS: readonly ColumnSpec<Field>[] = [
  { field: 'seq', aliases: ['序号'] },
  { field: 'code', aliases: ['资产编号', '资产编码', '卡片编号', '资产代码', '编号', '条码'] },
  { field: 'name', aliases: ['资产名称', '名称', '物品名称'] },
  { field: 'model', aliases: ['规格型号', '规格', '型号'] },
  { field: 'dept', aliases: ['使用科室', '使用部门'] },
  { field: 'bookLocation', aliases: ['账面存放地点', '存放地点', '账面地点', '存放位置'] },
  { field: 'bookUser', aliases: ['账面使用人', '使用人', '责任人', '保管人'] },
  { field: 'bookStatus', aliases: ['账面使用状况', '使用状况'] },
  { field: 'result', aliases: ['盘点结果', '盘点情况', '实盘结果', '清查结果', '核对结果', '是否在', '是否找到', '实物', '盘点'], required: true },
  { field: 'actualLocation', aliases: ['实际存放地点', '实际地点', '实盘地点', '实际位置', '现存放地点'] },
  { field: 'actualUser', aliases: ['实际使用人', '实际责任人', '现使用人', '实际保管人'] },
  { field: 'actualStatus', aliases: ['实际使用状况', '实际状态', '现使用状况', '实际使用状态'] },
  { field: 'note', aliases: ['备注', '说明', '情况说明', '差异说明', '差异原因'] },
  { field: 'quantity', aliases: ['数量', '实盘数量'] },
];

const ORDER: readonly Field[] = ['seq', 'code', 'name', 'model', 'dept', 'bookLocation', 'bookUser', 'bookStatus', 'result', 'actualLocation', 'actualUser', 'actualStatus', 'note'];
const WIDTH: Record<string, number> = { seq: 6, code: 18, name: 24, model: 18, dept: 12, bookLocation: 18, bookUser: 10, bookStatus: 10, result: 10, actualLocation: 18, actualUser: 12, actualStatus: 12, note: 24 };
const header = (f: Field) => CHECKLIST_COLUMNS.find((c) => c.field === f)!.aliases[0]!;
const FOUND_ROWS = 20;
export const FOUND_LINE = '以下填写账外资产（盘盈）：资产编号可空，填写资产名称、规格型号、实际存放地点、实际使用人，盘点结果填“盘盈”，说明写在备注';

async function exportChecklist(args: ArgsOut<'counts.exportChecklist'>, ctx: HandlerContext): Promise<ExportResult> {
  const c = requireCount(ctx, args.id);
  const count = countRow(ctx.db, c);
  let rows = loadRows(ctx.db, c.id);
  if (args.location !== undefined) rows = rows.filter((r) => (r.bookLocation ?? '') === args.location);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MedCom Ledger';
  wb.created = new Date();
  const ws = wb.addWorksheet('盘点清单', { pageSetup: { orientation: 'landscape', fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: '5:5' } });
  const n = ORDER.length;
  ws.addRow([`资产盘点清单　${count.no}　${count.name}`]).font = { bold: true, size: 14 };
  ws.addRow([`单位：${count.unitCode} ${count.unitName}　盘点基准日：${count.referenceDate}${args.location !== undefined ? `　存放地点：${args.location || '（未登记地点）'}` : ''}　共 ${rows.length} 项`]);
  ws.addRow([`填写说明：盘点结果填“${MARKS.found[0]}”（找到，也可写 有、√、是）或“${MARKS.missing[0]}”（未找到，也可写 未找到、×、否）；实际存放地点、实际使用人、实际使用状况与账面相同时留空`]);
  ws.addRow([]);
  const head = ws.addRow(ORDER.map(header));
  head.font = { bold: true };
  ORDER.forEach((f, i) => {
    ws.getColumn(i + 1).width = WIDTH[f] ?? 14;
    const cell = head.getCell(i + 1);
    cell.alignment = { horizontal: 'center', vertical: 'middle' };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: f === 'result' || f.startsWith('actual') || f === 'note' ? 'FFFFF2CC' : 'FFE7E6E6' } };
  });
  const resultCol = ORDER.indexOf('result') + 1;
  const thin: Partial<ExcelJS.Borders> = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
  const borderRow = (row: ExcelJS.Row) => {
    for (let i = 1; i <= n; i++) row.getCell(i).border = thin;
  };
  borderRow(head);
  rows.forEach((r, i) => {
    const row = ws.addRow([i + 1, r.code, r.name, r.model, r.deptName, r.bookLocation, r.bookUser, r.bookStatus, r.result === null ? null : r.result === 'found' ? '在' : '无', r.actualLocation, r.actualUser, r.actualStatus, r.note]);
    row.getCell(2).numFmt = '@';
    row.getCell(resultCol).dataValidation = { type: 'list', allowBlank: true, formulae: ['"在,无"'], showErrorMessage: false };
    borderRow(row);
  });
  ws.addRow([]);
  ws.addRow([FOUND_LINE]).font = { bold: true };
  for (let i = 0; i < FOUND_ROWS; i++) {
    const row = ws.addRow([]);
    row.getCell(resultCol).dataValidation = { type: 'list', allowBlank: true, formulae: ['"盘盈"'], showErrorMessage: false };
    borderRow(row);
  }
  ws.addRow([]);
  ws.addRow(['盘点人：', '', '', '监盘人：', '', '', '盘点日期：']);
  ws.views = [{ state: 'frozen', ySplit: 5 }];
  ws.autoFilter = { from: { row: 5, column: 1 }, to: { row: 5 + rows.length, column: n } };
  const bytes = Buffer.from(await wb.xlsx.writeBuffer());
  const safe = (args.location ?? '').replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40);
  return { fileName: `盘点清单-${count.no}${safe ? `-${safe}` : ''}.xlsx`, base64: bytes.toString('base64') };
}

const SKIP_LINE = /^(以下|说明|填写说明|注[:：]|盘点人|监盘人|盘点日期|制表|审核)/;

async function importChecklist(args: ArgsOut<'counts.importChecklist'>, ctx: HandlerContext): Promise<CountImportResult> {
  const c = requireCount(ctx, args.id);
  assertOpen(c);
  const sheet = await readSheet(Buffer.from(args.base64, 'base64'), args.fileName);
  const match = findHeader(
    sheet.map((r) => r.cells),
    CHECKLIST_COLUMNS,
  );
  if (!match || (match.columns.code === undefined && match.columns.name === undefined)) {
    throw new LedgerError('VALIDATION', `在 ${args.fileName} 的前 30 行中找不到盘点清单的表头（应包含：资产编号、盘点结果）`, { key: 'error.noHeader', params: { expected: '资产编号、盘点结果' } });
  }
  if (match.missingRequired.length) {
    throw new LedgerError('VALIDATION', '表头缺少必需的列：盘点结果', { key: 'error.missingColumns', params: { missing: '盘点结果' }, details: [{ row: sheet[match.headerIndex]!.rowNumber, column: '盘点结果', message: '缺少此列' }] });
  }
  const labels = match.labels as Partial<Record<Field, string>>;
  const expected = new Map(loadRows(ctx.db, c.id).map((r) => [r.code.toUpperCase(), r]));
  const rejected: ErrorDetail[] = [];
  const results: { rowNumber: number; code: string; found: boolean; loc: string | null; user: string | null; status: string | null; note: string | null }[] = [];
  const found: { rowNumber: number; item: { code: string | null; name: string; model: string | null; location: string | null; userName: string | null; description: string | null; quantity: number } }[] = [];
  const seen = new Map<string, number>();
  for (const row of sheet.slice(match.headerIndex + 1)) {
    if (isTotalRow(row.cells)) continue;
    const v: Partial<Record<Field, string>> = {};
    for (const [f, col] of Object.entries(match.columns) as [Field, number][]) {
      const t = row.cells[col];
      if (t !== undefined && t !== '') v[f] = t;
    }
    const first = row.cells.find((x) => x !== '') ?? '';
    if (SKIP_LINE.test(first.trim())) continue;
    // A row with only its 序号 filled (the empty rows below the list) is no data.
    const filled = (Object.keys(v) as Field[]).filter((f) => f !== 'seq');
    if (!filled.length) continue;
    const bad = (f: Field, message: string) => rejected.push({ row: row.rowNumber, column: labels[f] ?? header(f), field: f, message });
    const before = rejected.length;
    const mark = parseCountMark(v.result);
    if (mark === undefined) bad('result', `无法识别的盘点结果「${shown(v.result)}」：找到填 在（有、√、是），未找到填 无（未找到、×、否），账外资产填 盘盈`);
    const text = (f: Field) => {
      const t = cleanName(v[f]);
      return typeof t === 'string' ? t : null;
    };
    let status: string | null = null;
    if (v.actualStatus !== undefined) {
      const s = normaliseUsageStatus(v.actualStatus);
      if (!s || s === '已处置') bad('actualStatus', `实际使用状况须为：在用、闲置、出租出借、待修、待报废（表中为「${shown(v.actualStatus)}」）`);
      else status = s;
    }
    const codeText = cleanText(v.code);
    const code = typeof codeText === 'string' ? codeText : null;
    const listed = code ? expected.get(code.toUpperCase()) : undefined;
    if (listed) {
      const prior = seen.get(listed.code.toUpperCase());
      if (prior) bad('code', `资产编号 ${listed.code} 与第 ${prior} 行重复`);
      else seen.set(listed.code.toUpperCase(), row.rowNumber);
      if (mark === 'surplus') bad('result', `资产 ${listed.code} 在账上（本次盘点清单中），不能填“盘盈”`);
      if (mark === null && (v.actualLocation !== undefined || v.actualUser !== undefined || v.actualStatus !== undefined)) bad('result', '填写了实际地点、使用人或状况，但盘点结果为空：找到填“在”，未找到填“无”');
      if (rejected.length > before || mark === null || mark === undefined) continue;
      results.push({ rowNumber: row.rowNumber, code: listed.code, found: mark === 'found', loc: text('actualLocation'), user: text('actualUser'), status, note: text('note') });
      continue;
    }
    // Not on the list: an item found that is not on the book.
    const name = text('name');
    if (mark === 'missing') {
      bad(code ? 'code' : 'result', code ? `资产编号 ${code} 不在本次盘点清单中，不能填“无”` : '账外资产的盘点结果只能是“盘盈”');
      continue;
    }
    if (!name) {
      bad(code ? 'code' : 'name', code ? `资产编号 ${code} 不在本次盘点清单中；账外资产请填写资产名称，盘点结果填“盘盈”` : '账外资产须填写资产名称');
      continue;
    }
    if (code && !/^[A-Za-z0-9][A-Za-z0-9_./-]{0,99}$/.test(code)) bad('code', `资产编号格式不正确「${shown(code)}」`);
    let quantity = 1;
    if (v.quantity !== undefined) {
      const q = Number(cleanText(v.quantity));
      if (!Number.isInteger(q) || q < 1) bad('quantity', `数量应为正整数（表中为「${shown(v.quantity)}」）`);
      else quantity = q;
    }
    if (rejected.length > before) continue;
    const key = (code ?? '').toUpperCase();
    if (key) {
      const prior = seen.get(key);
      if (prior) {
        bad('code', `资产编号 ${code} 与第 ${prior} 行重复`);
        continue;
      }
      seen.set(key, row.rowNumber);
    }
    found.push({ rowNumber: row.rowNumber, item: { code, name, model: text('model'), location: text('actualLocation') ?? text('bookLocation'), userName: text('actualUser') ?? text('bookUser'), description: text('note'), quantity } });
  }

  const preview = [...results.map((r) => ({ row: r.rowNumber, code: r.code, result: r.found ? 'found' : 'missing', actualLocation: r.loc, actualUser: r.user, actualStatus: r.status })), ...found.map((f) => ({ row: f.rowNumber, result: 'surplus', ...f.item }))]
    .sort((a, b) => a.row - b.row)
    .slice(0, 200);
  const willWrite = !args.dryRun && (results.length > 0 || found.length > 0) && (args.skipInvalid || !rejected.length);
  if (willWrite) ctx.backup('before-import');
  const { result, batchId } = ctx.write(`导入盘点清单 ${c.count_no}（${args.fileName}）`, (record, at) => {
    const counter = counterId(ctx, c.id, args.counter, args.device, at);
    const assetOf = ctx.db.prepare('SELECT asset_id FROM count_expected WHERE count_id = ? AND code = ?').pluck();
    const upsert = ctx.db.prepare(
      `INSERT INTO count_results (count_id, asset_id, found, actual_location, actual_user, actual_status, note, source, counter_id, scans, first_seen_at, recorded_at, recorded_by, version)
       VALUES (@countId, @assetId, @found, @loc, @user, @status, @note, 'import', @counter, 0, @seen, @at, @by, 1)
       ON CONFLICT (count_id, asset_id) DO UPDATE SET found = excluded.found, actual_location = excluded.actual_location, actual_user = excluded.actual_user,
         actual_status = excluded.actual_status, note = excluded.note, source = excluded.source, counter_id = excluded.counter_id,
         first_seen_at = coalesce(first_seen_at, excluded.first_seen_at), recorded_at = excluded.recorded_at, recorded_by = excluded.recorded_by, version = version + 1`,
    );
    for (const r of results) {
      upsert.run({ countId: c.id, assetId: assetOf.get(c.id, r.code), found: r.found ? 1 : 0, loc: r.loc, user: r.user, status: r.status, note: r.note, counter, seen: r.found ? at : null, at, by: ctx.actor.name });
    }
    // The same found item read again (a file imported twice) is not added twice.
    const same = ctx.db.prepare(
      "SELECT 1 FROM count_found WHERE count_id = @countId AND status <> 'dropped' AND coalesce(code, '') = coalesce(@code, '') AND coalesce(name, '') = @name AND coalesce(model, '') = coalesce(@model, '') AND coalesce(location, '') = coalesce(@location, '')",
    );
    const fresh = found.filter((f) => !same.get({ countId: c.id, code: f.item.code, name: f.item.name, model: f.item.model, location: f.item.location }));
    const made = writeFound(ctx, c, fresh.map((f) => f.item), 'import', counter, at, record, (i) => fresh[i]!.rowNumber);
    rejected.push(...made.problems.map((p) => ({ ...p, column: p.field === 'code' ? (labels.code ?? '资产编号') : p.field })));
    rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
    const counts = { found: results.filter((r) => r.found).length, missing: results.filter((r) => !r.found).length, surplus: made.ids.length };
    if (results.length || made.ids.length) recordCountChange(ctx, record, c, at, { imported: args.fileName, ...counts });
    if (args.dryRun || (rejected.length && !args.skipInvalid)) throw new Rollback(args.dryRun ? counts : { found: 0, missing: 0, surplus: 0 });
    return counts;
  });
  return { imported: result.found + result.missing + result.surplus, rejected, dryRun: args.dryRun, preview, batchId, ...result };
}

export const checklistHandlers: HandlerMap<'counts.exportChecklist' | 'counts.importChecklist'> = {
  'counts.exportChecklist': (args, ctx) => exportChecklist(args, ctx),
  'counts.importChecklist': (args, ctx) => importChecklist(args, ctx),
};
