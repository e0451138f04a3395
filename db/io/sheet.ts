import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { LedgerError } from '../../shared/errors';

/** A sheet row as text cells, with the row number the user sees in Excel (1-based). */
export interface SheetRow {
  rowNumber: number;
  cells: string[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Render any ExcelJS cell value as the text a person would read in the cell. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    // ExcelJS gives dates as UTC midnight of the calendar day.
    return `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
  }
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('text' in value) return String((value as { text: unknown }).text ?? '');
    if ('error' in value) return '';
    return '';
  }
  return String(value);
}

/** Decode CSV bytes: UTF-8 (with or without BOM) when valid, otherwise GB18030 — Chinese Excel's default. */
export function decodeCsv(bytes: Buffer): string {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3).toString('utf8');
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return iconv.decode(bytes.subarray(2), 'utf16le');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return iconv.decode(bytes, 'gb18030');
  }
}

/**
 * A field written the way systems protect leading zeros for Excel (`="000123"`) → its text.
 * CSV only: in an .xlsx the cell would be a formula with a cached result.
 */
function unprotect(field: string): string {
  return field.charCodeAt(0) === 61 /* = */ && /^="[^"]*"$/.test(field) ? field.slice(2, -1) : field;
}

/**
 * RFC 4180 CSV with quoted fields (embedded commas, quotes, newlines); the delimiter is sniffed
 * from the first line. `="000123"` (Excel's leading-zero protection) is read as `000123`.
 */
export function parseCsv(text: string): string[][] {
  const firstLine = text.slice(0, text.indexOf('\n') === -1 ? text.length : text.indexOf('\n'));
  const delimiter = [',', '\t', ';'].map((d) => ({ d, n: firstLine.split(d).length })).sort((a, b) => b.n - a.n)[0]!.d;
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(unprotect(field));
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(unprotect(field));
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) {
    row.push(unprotect(field));
    rows.push(row);
  }
  return rows;
}

/** Read the first worksheet of an .xlsx, or a .csv/.txt, into text rows. Empty rows are kept out. */
export async function readSheet(bytes: Buffer, fileName: string): Promise<SheetRow[]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    return parseCsv(decodeCsv(bytes))
      .map((cells, i) => ({ rowNumber: i + 1, cells: cells.map((c) => c.trim()) }))
      .filter((r) => r.cells.some((c) => c !== ''));
  }
  if (!lower.endsWith('.xlsx') && !lower.endsWith('.xlsm')) {
    throw new LedgerError('VALIDATION', `不支持的文件类型：${fileName}（请使用 .xlsx 或 .csv；旧版 .xls 请在 Excel 中另存为 .xlsx）`, { key: 'error.fileType' });
  }
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (err) {
    throw new LedgerError('VALIDATION', `无法读取 Excel 文件 ${fileName}：文件已损坏或不是 .xlsx 格式`, { key: 'error.badXlsx' });
  }
  const ws = wb.worksheets.find((w) => w.state !== 'hidden' && w.rowCount > 0) ?? wb.worksheets[0];
  if (!ws) return [];
  const rows: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value).trim());
    if (cells.some((c) => c !== '')) rows.push({ rowNumber, cells });
  });
  return rows;
}

export interface SheetColumn {
  header: string;
  key: string;
  width?: number;
}

/** Write one sheet with a bold, frozen, filterable header row; returns the .xlsx bytes. */
export async function writeSheet(sheetName: string, columns: SheetColumn[], rows: readonly object[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'MedCom Ledger';
  wb.created = new Date();
  const ws = wb.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width ?? 16 }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r as Record<string, unknown>);
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return Buffer.from(await wb.xlsx.writeBuffer());
}
