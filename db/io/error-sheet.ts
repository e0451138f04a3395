import { PassThrough, Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { ErrorDetail } from '../../shared/errors';
import { LedgerError } from '../../shared/errors';
import { loadExcelJS } from './exceljs';
import { decodeCsv, parseCsv } from './sheet';

// "The original sheet plus an error column" (issue #3): give the user back the file they uploaded
// with a 错误说明 column saying, for every rejected row, which column is wrong and why, and the bad
// cells highlighted, so they can fix the rows in Excel and import the file again. Generic: it knows
// nothing about assets — it takes any import's `rejected` list ({row, column, message}), where
// `row` is the sheet row the user sees and `column` the header as written in the sheet.
//
// - An .xlsx up to FULL_LOAD_BYTES is loaded whole and changed in place: formatting, merges, other
//   sheets and formulas stay as they were. With `onlyRejected` the register sheet keeps its title
//   and header rows and only the rejected rows (values, styles and heights; formulas as their
//   results, since the rows they point at are gone); the 错误说明 then starts with the original row
//   number.
// - A larger .xlsx is streamed (values only: a 100,000-row sheet never sits in memory as a model),
//   and a .csv becomes an .xlsx (a CSV cannot carry highlights) holding the CSV's text, row for row.
// - Which sheet: the first visible one whose first 30 rows name the most of the rejected columns
//   (the import took the register sheet by its header); that row is the header row.

export const ERROR_COLUMN = '错误说明';
/** .xlsx files up to this size are changed in place; larger ones are streamed, values only. */
export const ERROR_SHEET_FULL_LOAD_BYTES = 8 * 1024 * 1024;

const BAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFC7CE' } };
const BAD_FONT: Partial<ExcelJS.Font> = { color: { argb: 'FF9C0006' } };
const HEAD_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFC00000' } };
const HEAD_FONT: Partial<ExcelJS.Font> = { bold: true, color: { argb: 'FFFFFFFF' } };

export interface ErrorSheetInput {
  fileName: string;
  base64: string;
  rejected: readonly ErrorDetail[];
  /** Keep only the title/header rows and the rejected rows (to fix and re-import after importing the valid ones). */
  onlyRejected?: boolean;
  /** Tests: stream .xlsx files above this size (default ERROR_SHEET_FULL_LOAD_BYTES). */
  fullLoadBytes?: number;
}

export interface ErrorSheetResult {
  fileName: string;
  base64: string;
  /** Rows that got an error text. */
  rows: number;
}

interface RowErrors {
  /** header text → messages */
  columns: Map<string, string[]>;
  text: string;
}

/** rejected → per sheet row: the 错误说明 text (「列：原因；列：原因」) and the columns to highlight. */
export function groupErrors(rejected: readonly ErrorDetail[]): Map<number, RowErrors> {
  const byRow = new Map<number, RowErrors>();
  for (const d of rejected) {
    if (d.row === undefined || !Number.isInteger(d.row) || d.row < 1) continue;
    let e = byRow.get(d.row);
    if (!e) byRow.set(d.row, (e = { columns: new Map(), text: '' }));
    const col = (d.column ?? '').trim();
    const list = e.columns.get(col) ?? [];
    if (!list.includes(d.message)) list.push(d.message);
    e.columns.set(col, list);
  }
  for (const e of byRow.values()) {
    e.text = [...e.columns].map(([col, msgs]) => (col ? `${col}：${msgs.join('，')}` : msgs.join('，'))).join('；');
  }
  return byRow;
}

function outputName(fileName: string): string {
  const base = fileName.replace(/\.[^./\\]+$/, '');
  return `${base}-${ERROR_COLUMN}.xlsx`;
}

function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object' && !(v instanceof Date)) {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('text' in v) return String((v as { text: unknown }).text ?? '');
  }
  return '';
}

/** The header row: among the first 30 rows, the one naming the most rejected columns; 0 when none does. */
function headerRowOf(rows: { rowNumber: number; texts: string[] }[], labels: Set<string>): { rowNumber: number; score: number } {
  let best = { rowNumber: 0, score: 0 };
  for (const r of rows.slice(0, 30)) {
    const found = new Set(r.texts.map((t) => t.trim()).filter((t) => labels.has(t)));
    if (found.size > best.score) best = { rowNumber: r.rowNumber, score: found.size };
  }
  return best;
}

/** header text → 1-based column, from the header row and the rows just above and below it (two-row headers). */
function columnsOf(rows: Map<number, string[]>, headerRow: number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of [headerRow, headerRow - 1, headerRow + 1]) {
    rows.get(r)?.forEach((t, i) => {
      const k = t.trim();
      if (k && !out.has(k)) out.set(k, i + 1);
    });
  }
  return out;
}

/** Build the error workbook for an uploaded file and an import's rejected rows. */
export async function buildErrorSheet(input: ErrorSheetInput): Promise<ErrorSheetResult> {
  const bytes = Buffer.from(input.base64, 'base64');
  const lower = input.fileName.toLowerCase();
  const errors = groupErrors(input.rejected);
  const labels = new Set(input.rejected.map((d) => (d.column ?? '').trim()).filter(Boolean));
  let out: Buffer;
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    const rows = parseCsv(decodeCsv(bytes));
    out = await streamCopy(
      (async function* () {
        for (let i = 0; i < rows.length; i++) yield { rowNumber: i + 1, values: rows[i]! as ExcelJS.CellValue[] };
      })(),
      errors,
      labels,
      input.onlyRejected ?? false,
      'Sheet1',
    );
  } else if (lower.endsWith('.xlsx') || lower.endsWith('.xlsm')) {
    out = bytes.length <= (input.fullLoadBytes ?? ERROR_SHEET_FULL_LOAD_BYTES) ? await inPlace(bytes, input.fileName, errors, labels, input.onlyRejected ?? false) : await streamXlsx(bytes, input.fileName, errors, labels, input.onlyRejected ?? false);
  } else {
    throw new LedgerError('VALIDATION', `不支持的文件类型：${input.fileName}（请使用 .xlsx 或 .csv；旧版 .xls 请在 Excel 中另存为 .xlsx）`, { key: 'error.fileType' });
  }
  return { fileName: outputName(input.fileName), base64: out.toString('base64'), rows: errors.size };
}

const broken = (fileName: string) => new LedgerError('VALIDATION', `无法读取 Excel 文件 ${fileName}：文件已损坏或不是 .xlsx 格式`, { key: 'error.badXlsx' });

function headCell(cell: ExcelJS.Cell): void {
  cell.value = ERROR_COLUMN;
  cell.fill = HEAD_FILL;
  cell.font = HEAD_FONT;
  cell.alignment = { vertical: 'middle', wrapText: true };
}

function errorCell(cell: ExcelJS.Cell, text: string): void {
  cell.value = text;
  cell.font = BAD_FONT;
  cell.alignment = { vertical: 'top', wrapText: true };
}

function markBad(cell: ExcelJS.Cell): void {
  cell.fill = BAD_FILL;
  cell.font = { ...(cell.font ?? {}), ...BAD_FONT };
}

/** A formula's cached result, so a copied row does not point at rows that are gone. */
function plainValue(v: ExcelJS.CellValue): ExcelJS.CellValue {
  if (v && typeof v === 'object' && !(v instanceof Date) && ('formula' in v || 'sharedFormula' in v)) return ((v as { result?: ExcelJS.CellValue }).result ?? null) as ExcelJS.CellValue;
  return v;
}

async function inPlace(bytes: Buffer, fileName: string, errors: Map<number, RowErrors>, labels: Set<string>, onlyRejected: boolean): Promise<Buffer> {
  // loadExcelJS: imported on first use (db/io/exceljs.ts)
  const wb = new (await loadExcelJS()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw broken(fileName);
  }
  const texts = (ws: ExcelJS.Worksheet) => {
    const rows: { rowNumber: number; texts: string[] }[] = [];
    for (let r = 1; r <= Math.min(ws.rowCount, 30); r++) {
      const row = ws.getRow(r);
      const t: string[] = [];
      for (let c = 1; c <= row.cellCount; c++) t.push(cellText(row.getCell(c).value));
      rows.push({ rowNumber: r, texts: t });
    }
    return rows;
  };
  const visible = wb.worksheets.filter((w) => w.state !== 'hidden' && w.rowCount > 0);
  let ws = visible[0] ?? wb.worksheets[0];
  let header = { rowNumber: 0, score: 0 };
  for (const w of visible) {
    const h = headerRowOf(texts(w), labels);
    if (h.score > header.score) {
      header = h;
      ws = w;
    }
  }
  if (!ws) ws = wb.addWorksheet('Sheet1');
  const firstBad = Math.min(...errors.keys());
  const headerRow = header.rowNumber || (Number.isFinite(firstBad) && firstBad > 1 ? firstBad - 1 : 0);
  const head = new Map(texts(ws).map((r) => [r.rowNumber, r.texts]));
  const cols = columnsOf(head, headerRow);
  const errCol = ws.columnCount + 1;

  if (!onlyRejected) {
    if (headerRow) headCell(ws.getCell(headerRow, errCol));
    for (const [r, e] of errors) {
      errorCell(ws.getCell(r, errCol), e.text);
      for (const col of e.columns.keys()) {
        const c = cols.get(col);
        if (c) markBad(ws.getCell(r, c));
      }
    }
    ws.getColumn(errCol).width = 60;
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  // Only the title/header block and the rejected rows, copied into a fresh sheet in the same place.
  const copy = wb.addWorksheet(`${ws.name}-错误行`.slice(0, 31), { views: ws.views, properties: ws.properties });
  ws.columns?.forEach((col, i) => {
    if (col.width) copy.getColumn(i + 1).width = col.width;
  });
  const copyRow = (from: number, to: number) => {
    const src = ws.getRow(from);
    const dst = copy.getRow(to);
    if (src.height) dst.height = src.height;
    src.eachCell({ includeEmpty: false }, (cell, c) => {
      const d = dst.getCell(c);
      d.value = plainValue(cell.value);
      d.style = cell.style;
    });
  };
  for (let r = 1; r <= headerRow; r++) copyRow(r, r);
  for (const range of (ws.model as { merges?: string[] }).merges ?? []) {
    const m = /^[A-Z]+(\d+):[A-Z]+(\d+)$/.exec(range);
    if (m && Number(m[2]) <= headerRow) copy.mergeCells(range);
  }
  if (headerRow) headCell(copy.getCell(headerRow, errCol));
  let to = headerRow;
  for (const r of [...errors.keys()].sort((a, b) => a - b)) {
    if (r <= headerRow) continue;
    to++;
    copyRow(r, to);
    const e = errors.get(r)!;
    errorCell(copy.getCell(to, errCol), `第 ${r} 行：${e.text}`);
    for (const col of e.columns.keys()) {
      const c = cols.get(col);
      if (c) markBad(copy.getCell(to, c));
    }
  }
  copy.getColumn(errCol).width = 60;
  const at = (ws as unknown as { orderNo: number }).orderNo;
  const name = ws.name;
  wb.removeWorksheet(ws.id);
  copy.name = name;
  (copy as unknown as { orderNo: number }).orderNo = at;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function streamXlsx(bytes: Buffer, fileName: string, errors: Map<number, RowErrors>, labels: Set<string>, onlyRejected: boolean): Promise<Buffer> {
  // the streaming reader with its UTF-8 decoding fixed for Chinese text (db/io/exceljs.ts)
  const reader = new (await loadExcelJS()).stream.xlsx.WorkbookReader(Readable.from([bytes]), { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' });
  async function* rows(): AsyncGenerator<{ rowNumber: number; values: ExcelJS.CellValue[] }> {
    // The first sheet with rows, as the import takes it; the rest are drained.
    let taken = false;
    try {
      for await (const ws of reader) {
        const skip = taken;
        for await (const row of ws) {
          if (skip) continue;
          taken = true;
          yield { rowNumber: row.number, values: (row.values as ExcelJS.CellValue[]).slice(1) };
        }
      }
    } catch (err) {
      if (err instanceof LedgerError) throw err;
      throw broken(fileName);
    }
  }
  return streamCopy(rows(), errors, labels, onlyRejected, 'Sheet1');
}

/** Values-only copy of a row stream into a streamed workbook, with the error column and highlights. */
async function streamCopy(source: AsyncIterable<{ rowNumber: number; values: ExcelJS.CellValue[] }>, errors: Map<number, RowErrors>, labels: Set<string>, onlyRejected: boolean, sheetName: string): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  const wb = new (await loadExcelJS()).stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const ws = wb.addWorksheet(sheetName);
  // The header row is known once the first 30 rows are seen: hold them until then.
  const held: { rowNumber: number; values: ExcelJS.CellValue[] }[] = [];
  let headerRow = -1;
  let cols = new Map<string, number>();
  let width = 0;
  let to = 0;
  const firstBad = Math.min(...errors.keys());
  const write = (r: { rowNumber: number; values: ExcelJS.CellValue[] }) => {
    const e = errors.get(r.rowNumber);
    if (onlyRejected && !e && r.rowNumber > headerRow) return;
    const target = onlyRejected ? ++to : r.rowNumber;
    const row = ws.getRow(target);
    r.values.forEach((v, i) => {
      const p = plainValue(v);
      if (p !== null && p !== undefined && p !== '') row.getCell(i + 1).value = p;
    });
    if (r.rowNumber === headerRow) headCell(row.getCell(width + 1));
    if (e && r.rowNumber > headerRow) {
      errorCell(row.getCell(width + 1), onlyRejected ? `第 ${r.rowNumber} 行：${e.text}` : e.text);
      for (const col of e.columns.keys()) {
        const c = cols.get(col);
        if (c) markBad(row.getCell(c));
      }
    }
    row.commit();
  };
  const flush = () => {
    const texts = held.map((r) => ({ rowNumber: r.rowNumber, texts: r.values.map(cellText) }));
    const h = headerRowOf(texts, labels);
    headerRow = h.rowNumber || (Number.isFinite(firstBad) && firstBad > 1 ? firstBad - 1 : 0);
    cols = columnsOf(new Map(texts.map((t) => [t.rowNumber, t.texts])), headerRow);
    width = Math.max(width, ...held.map((r) => r.values.length));
    ws.getColumn(width + 1).width = 60;
    for (const r of held) write(r);
    held.length = 0;
  };
  for await (const r of source) {
    if (headerRow === -1) {
      held.push(r);
      if (held.length >= 30) flush();
    } else write(r);
  }
  if (headerRow === -1) flush();
  ws.commit();
  await wb.commit();
  await done;
  return Buffer.concat(chunks);
}
