import type ExcelJS from 'exceljs';
import type { AssetInput } from '../../../shared/api/assets';
import { assetInput } from '../../../shared/api/assets';
import type { ImportResult } from '../../../shared/api/types';
import { addMonths, parseDepMethod } from '../../../shared/domain/depreciation';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import { msg } from '../../../shared/i18n/messages';
import { findHeader, isBannerRow, isBlankMarker, isColumnNumberRow, isTotalText, type ColumnSpec } from '../../../shared/import/headers';
import { parseMoney } from '../../../shared/money';
import {
  normaliseAcquisitionMethod,
  normaliseFundingSource,
  normaliseUsageStatus,
  normaliseValueType,
  parseDate,
  parseLife,
  parsePeriod,
  parseQuantity,
  shown,
  type FundingSource,
} from '../../../shared/parse';
import { nowIso } from '../../engine/clock';
import type Database from 'better-sqlite3';
import type { HandlerContext, HandlerMap, OpenWrite, Recorder } from '../../engine/context';
import { runSheetReader } from './import-worker-host';
import { loadExcelJS } from '../../io/exceljs';
import { openXlsx, type XlsxBook, type XlsxSheet } from '../../io/xlsx-rows';
import { decodeCsv, parseCsv } from '../../io/sheet';
import { requireUnitInScope } from '../org/units';
import { insertCards } from './cards';

// Importing an asset register from the field (issue #3 "Excel migration and exchange"; DOMAIN §2, §3.2).
//
// Reading: .csv (UTF-8 or GB18030) is decoded whole; an .xlsx up to FULL_LOAD_BYTES is loaded with
// ExcelJS's workbook reader (merged cells give every covered cell the master's value); a larger one
// is read with ExcelJS's streaming reader (which does not report merges: a machine export of that
// size has none). Cells keep their raw values (numbers, dates, text) so amounts and Excel serial
// dates are parsed exactly. The header is located below any title rows (and may span two rows:
// see findHeader); 合计/小计 rows and empty rows are skipped.
//
// Real-world registers, decided (tests/engine/assets-import-messy.test.ts):
// - Merged cells in data (使用部门 merged over the rows of one department) are filled down: every
//   covered row takes the merged value. Only in the whole-load path; the streamed path (files
//   above FULL_LOAD_BYTES, machine exports) sees a merge's covered cells as blank.
// - The register is the first visible sheet with an asset header in its first 30 rows (a 填表说明
//   sheet before it is passed over), in both paths.
// - Skipped, not rejected: section banners and notes merged across a row (一、通用设备 — every
//   filled cell the same text), the 栏次 row under a header (甲 乙 1 2 3), a header repeated
//   further down, signature lines (制表人：… 审核人：…), 以下空白, and single-cell lines after a
//   notes/signature line (the rest of a 注： block).
// - An Excel error value (#DIV/0!) or a formula saved without its result is rejected with that
//   reason, never read as blank; a formula's cached result is used, including a cached 0.
//
// Decisions:
// - 累计折旧 is an opening figure and needs the month it is "as of". It comes from the row's own
//   「累计折旧截至期间」 column (which our export writes) or else from `openingPeriod` (the cut-over
//   month, CLI --opening-period). A non-zero 累计折旧 with neither is rejected, asking for
//   --opening-period. Depreciation then continues from the month after. A card booked after the
//   cut-over month is a new acquisition: it takes no opening and depreciates from its booking month.
// - 财务入账日期 left blank (or the column absent) falls back to 取得日期: many old registers only
//   carry a 购置日期. Neither given → rejected.
// - 折旧年限 is in years, 折旧月数 (or a header like 折旧年限(月)) in months. Blank → class default.
// - 使用部门/管理部门 match a department code of the card's unit first, then a department name.
// - 资金来源 naming one source books the whole cost to it; the split columns (财政补助金额 …) win
//   when filled and must add up to the cost.
// - Unit: `unitCode` applies to every row; a 所属单位编码 column (our export writes it) may name
//   the unit per row — with `unitCode` given it must agree, without it it is required.
// - All-or-nothing by default; skipInvalid imports the valid rows; dryRun writes nothing (it runs
//   the database's checks on every row without inserting, so those are reported too).

export type AssetField =
  | 'code'
  | 'oldCode'
  | 'name'
  | 'classCode'
  | 'brand'
  | 'model'
  | 'quantity'
  | 'measureUnit'
  | 'acquisitionMethod'
  | 'acquiredOn'
  | 'inServiceOn'
  | 'bookedOn'
  | 'voucherNo'
  | 'cost'
  | 'valueType'
  | 'fundSource'
  | 'fundFiscal'
  | 'fundResearch'
  | 'fundOwn'
  | 'fundOther'
  | 'depMethod'
  | 'lifeMonths'
  | 'lifeYears'
  | 'totalUnits'
  | 'accumulated'
  | 'cutOver'
  | 'monthsUsed'
  | 'unitsUsed'
  | 'unit'
  | 'managingDept'
  | 'usingDept'
  | 'userName'
  | 'location'
  | 'status'
  | 'manufacturer'
  | 'supplier'
  | 'warrantyUntil'
  | 'remarks';

/** The register's columns. The first alias is the header our export writes (and so the import reads back). */
export const ASSET_COLUMNS: readonly ColumnSpec<AssetField>[] = [
  { field: 'code', aliases: ['资产编号', '资产编码', '卡片编号', '资产代码', '卡片编码'], required: true },
  { field: 'oldCode', aliases: ['原资产编号', '旧资产编号', '原卡片编号', '原编号'] },
  { field: 'name', aliases: ['资产名称', '名称'], required: true },
  { field: 'classCode', aliases: ['分类代码', '资产分类代码', '资产分类编码', '分类编码', '国标分类代码'], required: true },
  { field: 'brand', aliases: ['品牌'] },
  { field: 'model', aliases: ['规格型号', '规格', '型号', '规格及型号'] },
  { field: 'quantity', aliases: ['数量'] },
  { field: 'measureUnit', aliases: ['计量单位'] },
  { field: 'acquisitionMethod', aliases: ['取得方式', '增加方式', '购置方式'] },
  { field: 'acquiredOn', aliases: ['取得日期', '购置日期', '购入日期', '购买日期'] },
  { field: 'inServiceOn', aliases: ['投入使用日期', '启用日期', '开始使用日期'] },
  { field: 'bookedOn', aliases: ['财务入账日期', '入账日期', '记账日期'] },
  { field: 'voucherNo', aliases: ['会计凭证号', '凭证号', '记账凭证号', '入账凭证号'] },
  { field: 'cost', aliases: ['原值', '价值', '金额', '资产原值', '账面原值'], required: true },
  { field: 'valueType', aliases: ['价值类型'] },
  { field: 'fundSource', aliases: ['资金来源', '经费来源'] },
  { field: 'fundFiscal', aliases: ['财政补助金额'] },
  { field: 'fundResearch', aliases: ['科教项目金额'] },
  { field: 'fundOwn', aliases: ['自有资金金额', '医疗收入(自有资金)金额'] },
  { field: 'fundOther', aliases: ['其他资金金额'] },
  { field: 'depMethod', aliases: ['折旧方法'] },
  { field: 'lifeMonths', aliases: ['折旧月数', '使用月数', '预计使用月数', '折旧期限(月)'] },
  { field: 'lifeYears', aliases: ['折旧年限', '使用年限', '预计使用年限'] },
  { field: 'totalUnits', aliases: ['总工作量'] },
  { field: 'accumulated', aliases: ['累计折旧', '已提折旧', '累计已提折旧', '期初累计折旧'] },
  { field: 'cutOver', aliases: ['累计折旧截至期间', '累计折旧截至', '期初期间'] },
  { field: 'monthsUsed', aliases: ['已提折旧月数', '已计提月数'] },
  { field: 'unitsUsed', aliases: ['已完成工作量'] },
  { field: 'unit', aliases: ['所属单位编码', '单位编码'] },
  { field: 'managingDept', aliases: ['管理部门', '管理科室'] },
  { field: 'usingDept', aliases: ['使用部门', '使用科室', '使用部门名称'] },
  { field: 'userName', aliases: ['使用人', '责任人', '保管人'] },
  { field: 'location', aliases: ['存放地点', '存放位置', '放置地点'] },
  { field: 'status', aliases: ['使用状况', '使用状态', '资产状态'] },
  { field: 'manufacturer', aliases: ['生产厂家', '生产厂商', '制造商', '厂家'] },
  { field: 'supplier', aliases: ['供应商', '销售商'] },
  { field: 'warrantyUntil', aliases: ['保修截止日期', '保修期至'] },
  { field: 'remarks', aliases: ['备注'] },
];

/** .xlsx files up to this size are loaded whole (merged cells resolved); larger ones are streamed. */
export const FULL_LOAD_BYTES = 1024 * 1024;

type Raw = string | number | boolean | Date | undefined;
interface RawRow {
  rowNumber: number;
  cells: Raw[];
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/**
 * Marks a cell that has no usable value although it is not blank: an Excel error (#DIV/0!) or a
 * formula saved without its result. Text after the mark says which; convert() reports it.
 */
const BROKEN = '\uE000';
const BROKEN_CODE = BROKEN.charCodeAt(0);

/** An ExcelJS cell value → a plain value: text, number, boolean or (UTC) Date; undefined when blank. */
function rawOf(v: ExcelJS.CellValue | undefined): Raw {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return trimmed(v) === '' ? undefined : v;
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('error' in v) return `${BROKEN}是 Excel 错误值 ${String(v.error)}`;
    if ('sharedFormula' in v || 'formula' in v) {
      const result = (v as { result?: ExcelJS.CellValue }).result;
      if (result === undefined || result === null) return `${BROKEN}是公式 =${String((v as { formula?: string }).formula ?? (v as { sharedFormula?: string }).sharedFormula ?? '')}，文件里没有保存它的计算结果（请在 Excel 中打开、重新计算并保存后再导入）`;
      return rawOf(result);
    }
    if ('result' in v) return rawOf(v.result as ExcelJS.CellValue);
    if ('text' in v) return rawOf((v as { text: ExcelJS.CellValue }).text);
  }
  return undefined;
}

function textOf(v: Raw): string {
  if (v === undefined) return '';
  if (typeof v === 'string') return trimmed(v);
  if (v instanceof Date) return `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
  return String(v).trim();
}

/** A printable ASCII or CJK character: not white space. */
const visible = (c: number) => (c > 0x20 && c < 0x7f) || (c >= 0x3400 && c <= 0x9fff);

/** s.trim(), skipping the call in the usual case of a text that starts and ends visibly (millions of cells per import). */
function trimmed(s: string): string {
  return s.length > 0 && visible(s.charCodeAt(0)) && visible(s.charCodeAt(s.length - 1)) ? s : s.trim();
}

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Facts about the workbook learnt while reading (the 1904 date system is known once the workbook part is read). */
export interface SheetMeta {
  date1904: boolean;
}

/**
 * The first visible worksheet (or the CSV) as raw rows, in batches (a large .xlsx a piece of its XML
 * at a time, so 100,000 rows convert as they stream and are never all held in memory as rows).
 */
export async function* assetSheetRows(bytes: Buffer, fileName: string, meta: SheetMeta): AsyncGenerator<RawRow[]> {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt')) {
    const rows = parseCsv(decodeCsv(bytes));
    const out: RawRow[] = [];
    for (let i = 0; i < rows.length; i++) {
      const raw: Raw[] = rows[i]!.map((c) => (c.trim() === '' ? undefined : c));
      if (raw.some((c) => c !== undefined)) out.push({ rowNumber: i + 1, cells: raw });
    }
    yield out;
    return;
  }
  if (!lower.endsWith('.xlsx') && !lower.endsWith('.xlsm')) {
    throw new LedgerError('VALIDATION', `不支持的文件类型：${fileName}（请使用 .xlsx 或 .csv；旧版 .xls 请在 Excel 中另存为 .xlsx）`, { key: 'error.fileType' });
  }
  const broken = () => new LedgerError('VALIDATION', `无法读取 Excel 文件 ${fileName}：文件已损坏或不是 .xlsx 格式`, { key: 'error.badXlsx' });
  if (bytes.length <= FULL_LOAD_BYTES) {
    const wb = new (await loadExcelJS()).Workbook();
    try {
      await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    } catch {
      throw broken();
    }
    meta.date1904 = Boolean(wb.properties.date1904);
    const visible = wb.worksheets.filter((w) => w.state !== 'hidden' && w.rowCount > 0);
    const read = (ws: ExcelJS.Worksheet | undefined) => {
      const rows: RawRow[] = [];
      ws?.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        const cells: Raw[] = [];
        for (let c = 1; c <= row.cellCount; c++) {
          const cell = row.getCell(c);
          const value = cell.value;
          // Cell.value drops a falsy cached result (a formula showing 0); Cell.result keeps it.
          if (value && typeof value === 'object' && ('formula' in value || 'sharedFormula' in value) && !('result' in value)) cells.push(rawOf({ ...value, result: cell.result } as ExcelJS.CellValue));
          else cells.push(rawOf(value));
        }
        if (cells.some((c) => c !== undefined)) rows.push({ rowNumber, cells });
      });
      return rows;
    };
    // The register is the first visible sheet with an asset header in its first 30 rows: a
    // workbook often opens on a 填表说明 (instructions) or 封面 sheet.
    for (const ws of visible) {
      const rows = read(ws);
      if (findHeader(rows.slice(0, 30).map((r) => Array.from(r.cells, textOf)), ASSET_COLUMNS)) {
        yield rows;
        return;
      }
    }
    yield read(visible[0] ?? wb.worksheets[0]);
    return;
  }
  // Large files: db/io/xlsx-rows.ts reads the cell values straight from the zip (several times
  // faster than ExcelJS's streaming reader, and without its garbling of Chinese text). The register
  // is the first visible sheet with an asset header in its first 30 rows (else the first visible
  // sheet with rows), as for small files.
  let book: XlsxBook;
  try {
    book = openXlsx(bytes);
  } catch {
    throw broken();
  }
  meta.date1904 = book.date1904;
  const rowsOf = async function* (sheet: XlsxSheet): AsyncGenerator<RawRow[]> {
    for await (const batch of sheet.streamRows()) {
      const rows: RawRow[] = [];
      for (const r of batch) {
        // Converted in place: the reader's arrays are made for us and used once.
        const cells = r.cells as Raw[];
        let any = false;
        for (let c = 0; c < cells.length; c++) {
          const v = rawOf(r.cells[c] as ExcelJS.CellValue | undefined);
          cells[c] = v;
          if (v !== undefined) any = true;
        }
        if (any) rows.push(r as RawRow);
      }
      if (rows.length) yield rows;
    }
  };
  const visible = book.sheets.filter((s) => s.state === 'visible');
  let fallback: XlsxSheet | undefined;
  for (const sheet of visible) {
    let it: AsyncGenerator<RawRow[]>;
    const first: RawRow[] = [];
    try {
      it = rowsOf(sheet);
      while (first.length < 30) {
        const n = await it.next();
        if (n.done) break;
        for (const r of n.value) first.push(r); // not push(...): a batch may hold the whole sheet
      }
    } catch {
      throw broken();
    }
    if (!first.length) continue;
    fallback ??= sheet;
    if (!findHeader(first.slice(0, 30).map((r) => Array.from(r.cells, textOf)), ASSET_COLUMNS)) {
      await it.return(undefined);
      continue;
    }
    yield first;
    try {
      yield* it;
    } catch (err) {
      throw err instanceof LedgerError ? err : broken();
    }
    return;
  }
  if (fallback) yield* rowsOf(fallback);
}

const FOOTER = /^[\s\u3000]*(注|说明|制表|填表|填报|审核|复核|负责人|单位负责人|财务负责人|经办人|编制)/;

/**
 * Signature and note lines under a table (制表人：…  审核人：…, 注：…): the first filled cell starts
 * like that, and there are at most three cells or every cell is such a 「label：value」 text.
 */
function isFooterRow(cells: readonly Raw[]): boolean {
  const first = cells.find((c) => c !== undefined);
  if (!(typeof first === 'string' && FOOTER.test(first) && /[:：]/.test(first))) return false;
  const filled = cells.filter((c) => c !== undefined);
  return filled.length <= 3 || filled.every((c) => typeof c === 'string' && /^[^:：]{1,12}[:：]/.test(c.trim()));
}

export interface AssetImportArgs {
  fileName: string;
  base64: string;
  unitCode?: string | undefined;
  openingPeriod?: string | undefined;
  skipInvalid: boolean;
  dryRun: boolean;
}

/** What the sheet reader is given: the file and the import's own unit and cut-over month. */
export interface SheetInput {
  bytes: Uint8Array;
  fileName: string;
  defaultUnitCode?: string | undefined;
  openingPeriod?: string | undefined;
}

/** What reading a sheet needs from the ledger: a unit's departments, and units by code or name. */
export interface SheetLookups {
  departments(unitCode: string): { code: string; name: string }[];
  units(text: string): { code: string }[];
}

export interface ValidRow {
  rowNumber: number;
  card: AssetInput;
}

/** Rows read since the last batch: the cards that passed the sheet's checks and the problems of the others. */
export interface SheetBatch {
  valid: ValidRow[];
  rejected: ErrorDetail[];
  /** Sheet rows read so far. */
  read: number;
}

export interface SheetSink {
  /** The header's labels by field, once found (problems found later by the database name these columns). */
  header(labels: Partial<Record<AssetField, string>>): void;
  batch(batch: SheetBatch): void;
}

/** The sheet's own header text for a field (what problems name as their column), else `fallback`. */
function labelOf(labels: Partial<Record<AssetField, string | undefined>>, f: AssetField | undefined, fallback: string): string {
  return (f && labels[f]) || fallback;
}

/** One row's values by field, undefined where blank. */
type RowValues = Record<AssetField, Raw>;

/** Every field present, so every row's values have one shape (V8 keeps such objects fast). */
function blankRow(): RowValues {
  return {
    code: undefined, oldCode: undefined, name: undefined, classCode: undefined, brand: undefined, model: undefined, quantity: undefined, measureUnit: undefined,
    acquisitionMethod: undefined, acquiredOn: undefined, inServiceOn: undefined, bookedOn: undefined, voucherNo: undefined, cost: undefined, valueType: undefined,
    fundSource: undefined, fundFiscal: undefined, fundResearch: undefined, fundOwn: undefined, fundOther: undefined, depMethod: undefined, lifeMonths: undefined,
    lifeYears: undefined, totalUnits: undefined, accumulated: undefined, cutOver: undefined, monthsUsed: undefined, unitsUsed: undefined, unit: undefined,
    managingDept: undefined, usingDept: undefined, userName: undefined, location: undefined, status: undefined, manufacturer: undefined, supplier: undefined,
    warrantyUntil: undefined, remarks: undefined,
  };
}

/** Rows per batch handed from the reader to the inserts (and per progress event). */
const BATCH = 2000;
/** Rows of the preview returned with the result. */
const PREVIEW_ROWS = 200;

interface DeptIndex {
  byCode: Map<string, string>;
  byName: Map<string, string[]>;
}

const FUND_FIELD: Record<FundingSource, 'fundFiscalFen' | 'fundResearchFen' | 'fundOwnFen' | 'fundOtherFen'> = {
  财政补助: 'fundFiscalFen',
  科教项目: 'fundResearchFen',
  '医疗收入(自有资金)': 'fundOwnFen',
  其他: 'fundOtherFen',
};

/** insertCards' field names → the sheet column they came from. */
const FIELD_COLUMN: Record<string, AssetField | undefined> = {
  code: 'code',
  oldCode: 'oldCode',
  name: 'name',
  classCode: 'classCode',
  brand: 'brand',
  model: 'model',
  quantity: 'quantity',
  measureUnit: 'measureUnit',
  acquisitionMethod: 'acquisitionMethod',
  acquiredOn: 'acquiredOn',
  inServiceOn: 'inServiceOn',
  bookedOn: 'bookedOn',
  voucherNo: 'voucherNo',
  costFen: 'cost',
  valueType: 'valueType',
  fundFiscalFen: 'fundFiscal',
  fundResearchFen: 'fundResearch',
  fundOwnFen: 'fundOwn',
  fundOtherFen: 'fundOther',
  depMethod: 'depMethod',
  totalUnits: 'totalUnits',
  openingAccumulatedFen: 'accumulated',
  openingMonthsUsed: 'monthsUsed',
  openingUnitsUsed: 'unitsUsed',
  unitCode: 'unit',
  managingDeptCode: 'managingDept',
  usingDeptCode: 'usingDept',
  userName: 'userName',
  location: 'location',
  status: 'status',
  manufacturer: 'manufacturer',
  supplier: 'supplier',
  warrantyUntil: 'warrantyUntil',
  remarks: 'remarks',
};

/**
 * Read a register sheet and turn every row into a checked card or its problems, handing them to
 * `sink` in batches as they are read. Needs nothing from the ledger but `lookups`, so it runs the
 * same in the engine's thread or in a worker thread (import-worker.ts) while the engine inserts.
 */
export async function readAssetSheet(input: SheetInput, lookups: SheetLookups, sink: SheetSink): Promise<void> {
  const defaultUnit = input.defaultUnitCode ? { code: input.defaultUnitCode } : undefined;
  const meta: SheetMeta = { date1904: false };
  const source = assetSheetRows(Buffer.from(input.bytes.buffer, input.bytes.byteOffset, input.bytes.byteLength), input.fileName, meta)[Symbol.asyncIterator]();
  // The first batches, up to at least 30 rows: the header is looked for in those.
  const head: RawRow[] = [];
  let exhausted = false;
  while (head.length < 30) {
    const n = await source.next();
    if (n.done) {
      exhausted = true;
      break;
    }
    for (const r of n.value) head.push(r); // not push(...): a CSV comes as one batch of every row
  }
  const header = findHeader(
    head.slice(0, 30).map((r) => Array.from(r.cells, textOf)),
    ASSET_COLUMNS,
  );
  const expected = ASSET_COLUMNS.filter((s) => s.required).map((s) => s.aliases[0]).join('、');
  if (!header) throw new LedgerError('VALIDATION', `在 ${input.fileName} 的前 30 行中找不到资产表头（应包含：${expected}）`, { key: 'error.noHeader', params: { expected } });
  const headerRow = head[header.headerIndex]!.rowNumber;
  const missing = header.missingRequired.map((f) => ASSET_COLUMNS.find((s) => s.field === f)!.aliases[0]!);
  if (header.columns.bookedOn === undefined && header.columns.acquiredOn === undefined) missing.push('财务入账日期');
  if (missing.length) {
    throw new LedgerError('VALIDATION', `表头缺少必需的列：${missing.join('、')}`, {
      key: 'error.missingColumns',
      params: { missing: missing.join('、') },
      details: missing.map((m) => ({ row: headerRow, column: m, message: '缺少此列' })),
    });
  }
  if (!defaultUnit && header.columns.unit === undefined) {
    throw new LedgerError('VALIDATION', '请指定导入到哪个单位（--unit 单位编码），或在表中提供「所属单位编码」列', { key: 'error.unitMissing' });
  }
  const labels = header.labels as Record<AssetField, string | undefined>;
  // 折旧年限(月) normalises to 折旧年限: a header naming months in brackets is a months column.
  if (labels.lifeYears && /[（(]\s*月\s*[)）]/.test(labels.lifeYears) && header.columns.lifeMonths === undefined) {
    header.columns.lifeMonths = header.columns.lifeYears;
    labels.lifeMonths = labels.lifeYears;
    delete header.columns.lifeYears;
    labels.lifeYears = undefined;
  }
  sink.header({ ...labels });
  const costInWan = /万元/.test(labels.cost ?? '');
  const accInWan = /万元/.test(labels.accumulated ?? '');
  const colEntries = Object.entries(header.columns) as [AssetField, number][];
  const label = (f: AssetField | undefined, fallback: string) => labelOf(labels, f, fallback);
  const labelColumn = new Map(colEntries.map(([f, c]) => [labels[f], c]));
  const colIndex = (column: string | undefined) => labelColumn.get(column) ?? 999;
  // A header repeated further down (every printed page of a pasted report) is not data.
  const codeHeader = labels.code;
  // Once a notes or signature block has started, lines with a single text are more notes.
  let inNotes = false;

  // Departments of the units involved, by code and by name.
  const depts = new Map<string, DeptIndex>();
  const deptsOf = (unitCode: string): DeptIndex => {
    const key = unitCode.toUpperCase();
    let idx = depts.get(key);
    if (!idx) {
      idx = { byCode: new Map(), byName: new Map() };
      for (const d of lookups.departments(unitCode)) {
        idx.byCode.set(d.code.toUpperCase(), d.code);
        const list = idx.byName.get(d.name) ?? [];
        list.push(d.code);
        idx.byName.set(d.name, list);
      }
      depts.set(key, idx);
    }
    return idx;
  };

  // Registers repeat the same few texts (在用, 购置, 财政拨款, the same dates) thousands of times.
  const memos = new Map<unknown, Map<string, unknown>>();
  const memo = <T>(fn: (t: string) => T, t: string): T => {
    let m = memos.get(fn);
    if (!m) memos.set(fn, (m = new Map()));
    const known = m.get(t);
    if (known !== undefined || m.has(t)) return known as T;
    const r = fn(t);
    if (m.size < 10_000) m.set(t, r);
    return r;
  };
  const parseDateText = (t: string) => parseDate(t, { date1904: meta.date1904 });
  const dateOfText = (t: string) => memo(parseDateText, t);

  let rejected: ErrorDetail[] = [];
  let valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  // The row being converted, shared with the helpers below (defined once, not once per row).
  let v: RowValues = blankRow();
  let problems: ErrorDetail[] = [];
  let rowNumber = 0;
  const bad = (f: AssetField, message: string) => problems.push({ row: rowNumber, column: label(f, f), field: f, message });
  const text = (f: AssetField) => (v[f] === undefined ? undefined : textOf(v[f]));
  const money = (f: AssetField, wan = false): number | undefined => {
    const x = v[f];
    if (x === undefined) return undefined;
    if (x instanceof Date || typeof x === 'boolean') return void bad(f, `金额格式不正确：${textOf(x)}`);
    const r = parseMoney(x, wan ? { unit: '万元' } : {});
    if (!r.ok) return void bad(f, r.message);
    if (r.fen < 0) return void bad(f, `金额不能为负数：${shown(x)}`);
    return r.fen;
  };
  const day = (f: AssetField): string | undefined => {
    const x = v[f];
    if (x === undefined || typeof x === 'boolean') return undefined;
    const r = typeof x === 'string' ? dateOfText(x) : parseDate(x, { date1904: meta.date1904 });
    if (!r.ok) return void bad(f, r.message);
    return r.date;
  };
  const whole = (f: AssetField): number | undefined => {
    const x = v[f];
    if (x === undefined) return undefined;
    const t = textOf(x).replace(/[,，\s]/g, '');
    const n = /^\d+$/.test(t) ? Number(t) : Number.NaN;
    if (!Number.isSafeInteger(n)) return void bad(f, `应为非负整数：${shown(x)}`);
    return n;
  };
  const choice = <T>(f: AssetField, norm: (t: unknown) => T | undefined, key: string): T | undefined => {
    const t = text(f);
    if (t === undefined) return undefined;
    const r = memo(norm, t);
    if (r === undefined) bad(f, `${msg(key)}（表中为「${shown(t)}」）`);
    return r;
  };

  // Departments by code, then by name, within the row's unit.
  const dept = (f: 'usingDept' | 'managingDept', unitCode: string | undefined): string | undefined => {
    const t = text(f);
    if (!t || !unitCode) return undefined;
    const idx = deptsOf(unitCode);
    const byCode = idx.byCode.get(t.replace(/\s/g, '').toUpperCase());
    if (byCode) return byCode;
    const byName = idx.byName.get(t) ?? idx.byName.get(t.replace(/\s/g, ''));
    if (byName?.length === 1) return byName[0];
    if (byName && byName.length > 1) return void bad(f, `单位 ${unitCode} 有 ${byName.length} 个名为「${t}」的科室（${byName.join('、')}），请填写科室编码`);
    return void bad(f, `单位 ${unitCode} 没有科室「${shown(t)}」（按科室编码或名称查找）`);
  };

  const convert = (row: RawRow): void => {
    v = blankRow();
    let any = false;
    let broken = false;
    for (const [f, c] of colEntries) {
      const x = row.cells[c];
      if (x !== undefined) {
        v[f] = x;
        any = true;
        if (typeof x === 'string' && x.charCodeAt(0) === BROKEN_CODE) broken = true;
      }
    }
    if (!any) return;
    if (row.cells.some((c) => typeof c === 'string' && c.length <= 10 && isTotalText(c))) return;
    // Section headings, notes and 以下空白 merged across the row; the 栏次 row (甲 乙 1 2 3) under the header.
    if (isBannerRow(row.cells)) return;
    if (typeof v.code === 'string' && v.code.trim() === codeHeader) return;
    if (row.rowNumber <= headerRow + 3 && isColumnNumberRow(Array.from(row.cells, textOf))) return;
    if (isFooterRow(row.cells)) {
      inNotes = true;
      return;
    }
    let filled = 0;
    let only: Raw;
    for (const c of row.cells) if (c !== undefined && ++filled === 1) only = c;
    if (filled === 1 && typeof only === 'string' && isBlankMarker(only)) {
      inNotes = true;
      return;
    }
    if (inNotes && filled === 1) return;
    problems = [];
    rowNumber = row.rowNumber;
    if (broken) {
      for (const [f] of colEntries) {
        const x = v[f];
        if (typeof x === 'string' && x.startsWith(BROKEN)) {
          bad(f, `单元格${x.slice(BROKEN.length)}`);
          v[f] = undefined;
        }
      }
    }
    // Unit of the row.
    let unitCode = defaultUnit?.code;
    const unitText = text('unit');
    if (unitText) {
      const found = lookups.units(unitText);
      if (!found.length) bad('unit', `单位「${shown(unitText)}」不存在`);
      else if (defaultUnit && found[0]!.code.toUpperCase() !== defaultUnit.code.toUpperCase()) bad('unit', `本行所属单位 ${found[0]!.code} 与导入指定的单位 ${defaultUnit.code} 不一致`);
      else unitCode = found[0]!.code;
    } else if (!unitCode) bad('unit', '必填');

    const costFen = money('cost', costInWan);
    const accFen = money('accumulated', accInWan) ?? 0;
    const acquiredOn = day('acquiredOn');
    let bookedOn = day('bookedOn');
    if (v.bookedOn === undefined) {
      if (acquiredOn) bookedOn = acquiredOn;
      else bad(header.columns.bookedOn !== undefined ? 'bookedOn' : 'acquiredOn', '必填（财务入账日期为空时取取得日期，两者都没有）');
    }

    // Quantity may carry its unit of measure: 3台.
    let quantity: number | undefined;
    let measureUnit = text('measureUnit');
    if (v.quantity !== undefined) {
      const q = parseQuantity(v.quantity instanceof Date || typeof v.quantity === 'boolean' ? textOf(v.quantity) : v.quantity);
      if (!q.ok) bad('quantity', q.message);
      else {
        quantity = q.quantity;
        measureUnit ??= q.unit;
      }
    }

    let lifeMonths: number | undefined;
    for (const [f, hint] of [['lifeMonths', 'months'], ['lifeYears', 'years']] as const) {
      const x = v[f];
      if (x === undefined || lifeMonths !== undefined) continue;
      const r = parseLife(typeof x === 'number' ? x : textOf(x), hint);
      if (!r.ok) bad(f, r.message);
      else lifeMonths = r.months;
    }

    let depMethod: AssetInput['depMethod'];
    const methodText = text('depMethod');
    if (methodText) {
      depMethod = parseDepMethod(methodText);
      if (!depMethod) bad('depMethod', `折旧方法须为：年限平均法、工作量法（表中为「${shown(methodText)}」）`);
    }

    // Cut-over month of the opening accumulated depreciation.
    let cutOver = input.openingPeriod;
    if (v.cutOver !== undefined) {
      const p = parsePeriod(v.cutOver instanceof Date || typeof v.cutOver === 'number' ? v.cutOver : textOf(v.cutOver), { date1904: meta.date1904 });
      if (!p.ok) bad('cutOver', p.message);
      else cutOver = p.period;
    }
    const bookedPeriod = bookedOn?.slice(0, 7);
    if (cutOver && bookedPeriod && bookedPeriod > cutOver) {
      // Booked after the cut-over: a new acquisition, no opening figures.
      if (accFen > 0) bad('accumulated', `入账月份 ${bookedPeriod} 晚于期初期间 ${cutOver}，不应有期初累计折旧`);
      cutOver = undefined;
    } else if (accFen > 0 && !cutOver) {
      bad('accumulated', '累计折旧不为 0 时须说明截至哪个月：请用 --opening-period YYYY-MM 指定切换月份（累计折旧为该月末数，下月起继续计提），或填写「累计折旧截至期间」列');
    }

    // Funding: split columns, or one named source for the whole cost.
    const split = { fundFiscalFen: money('fundFiscal'), fundResearchFen: money('fundResearch'), fundOwnFen: money('fundOwn'), fundOtherFen: money('fundOther') };
    const fund: Partial<Record<'fundFiscalFen' | 'fundResearchFen' | 'fundOwnFen' | 'fundOtherFen', number>> = {};
    if (Object.values(split).some((x) => x !== undefined)) {
      for (const [k, x] of Object.entries(split)) fund[k as keyof typeof fund] = x ?? 0;
    } else if (v.fundSource !== undefined && costFen !== undefined) {
      const t = textOf(v.fundSource);
      const source = normaliseFundingSource(t);
      if (!source) bad('fundSource', `资金来源须为：财政补助、科教项目、医疗收入(自有资金)、其他（表中为「${shown(t)}」；多个来源请填写各来源金额列）`);
      else fund[FUND_FIELD[source]] = costFen;
    }

    const candidate = {
      code: text('code'),
      oldCode: text('oldCode'),
      name: text('name'),
      classCode: text('classCode'),
      brand: text('brand'),
      model: text('model'),
      quantity,
      measureUnit,
      acquisitionMethod: choice('acquisitionMethod', normaliseAcquisitionMethod, 'v.acquisitionMethod'),
      acquiredOn,
      inServiceOn: day('inServiceOn'),
      bookedOn,
      voucherNo: text('voucherNo'),
      costFen,
      valueType: choice('valueType', normaliseValueType, 'v.valueType'),
      ...fund,
      depMethod,
      lifeMonths,
      totalUnits: whole('totalUnits'),
      openingAccumulatedFen: accFen,
      openingMonthsUsed: cutOver ? whole('monthsUsed') : undefined,
      openingUnitsUsed: cutOver ? whole('unitsUsed') : undefined,
      openingPeriod: cutOver,
      unitCode,
      managingDeptCode: dept('managingDept', unitCode),
      usingDeptCode: dept('usingDept', unitCode),
      userName: text('userName'),
      location: text('location'),
      status: choice('status', normaliseUsageStatus, 'v.usageStatus'),
      manufacturer: text('manufacturer'),
      supplier: text('supplier'),
      warrantyUntil: day('warrantyUntil'),
      remarks: text('remarks'),
    };
    // The schema has the last word; a column that already failed to parse is not reported twice.
    const parsed = assetInput.safeParse(candidate);
    if (!parsed.success) {
      const failed = new Set(problems.map((p) => p.column));
      for (const i of parsed.error.issues) {
        const f = String(i.path[0] ?? '');
        const col = FIELD_COLUMN[f] ?? (f === 'lifeMonths' ? (v.lifeMonths !== undefined ? 'lifeMonths' : 'lifeYears') : f === 'openingPeriod' ? 'cutOver' : undefined);
        const column = label(col, f);
        if (failed.has(column) || (f === 'costFen' && v.cost !== undefined) || (f === 'bookedOn' && problems.some((p) => p.field === 'bookedOn' || p.field === 'acquiredOn'))) continue;
        const given = col && v[col] !== undefined ? `（表中为「${shown(textOf(v[col]))}」）` : '';
        problems.push({ row: row.rowNumber, column, field: f, message: `${msg(i.message)}${given}` });
      }
    } else if (!problems.length) {
      const key = parsed.data.code.toUpperCase();
      const prior = seen.get(key);
      if (prior) bad('code', `资产编号 ${parsed.data.code} 与第 ${prior} 行重复`);
      else {
        seen.set(key, row.rowNumber);
        valid.push({ rowNumber: row.rowNumber, card: parsed.data });
      }
    }
    problems.sort((a, b) => colIndex(a.column) - colIndex(b.column));
    rejected.push(...problems);
  };
  // Rows up to the header count as read; then each row as it is converted.
  let read = header.headerIndex + 1;
  const flush = () => {
    sink.batch({ valid, rejected, read });
    valid = [];
    rejected = [];
  };
  let rows: RawRow[] | undefined = head.slice(header.headerIndex + 1);
  while (rows) {
    for (const row of rows) {
      convert(row);
      if (++read % BATCH === 0) {
        flush();
        await tick();
      }
    }
    const n = exhausted ? undefined : await source.next();
    rows = n && !n.done ? n.value : undefined;
  }
  flush();
}

/** Units and departments as the sheet reader looks them up (a snapshot: a worker has no connection). */
export interface LookupSnapshot {
  units: { code: string; name: string }[];
  departments: { unitCode: string; code: string; name: string }[];
}

export function lookupSnapshot(db: Database.Database): LookupSnapshot {
  return {
    units: db.prepare('SELECT code, name FROM units ORDER BY code').all() as LookupSnapshot['units'],
    departments: db.prepare('SELECT u.code AS unitCode, d.code, d.name FROM departments d JOIN units u ON u.id = d.unit_id ORDER BY u.code, d.code').all() as LookupSnapshot['departments'],
  };
}

export function snapshotLookups(snapshot: LookupSnapshot): SheetLookups {
  const deptsByUnit = new Map<string, { code: string; name: string }[]>();
  for (const d of snapshot.departments) {
    const key = d.unitCode.toUpperCase();
    const list = deptsByUnit.get(key) ?? [];
    list.push({ code: d.code, name: d.name });
    deptsByUnit.set(key, list);
  }
  return {
    departments: (unitCode) => deptsByUnit.get(unitCode.toUpperCase()) ?? [],
    // A unit named by its code (any case) or its name; the code's match first.
    units(text) {
      const upper = text.toUpperCase();
      const byCode = snapshot.units.filter((u) => u.code.toUpperCase() === upper);
      const byName = snapshot.units.filter((u) => u.name === text && u.code.toUpperCase() !== upper);
      return [...byCode, ...byName].slice(0, 2);
    },
  };
}

export async function importAssets(args: AssetImportArgs, ctx: HandlerContext): Promise<ImportResult> {
  const task = `导入资产 ${args.fileName}`;
  const defaultUnit = args.unitCode ? requireUnitInScope(ctx, args.unitCode) : undefined;
  if (args.openingPeriod !== undefined && !parsePeriod(args.openingPeriod).ok) {
    throw new LedgerError('VALIDATION', `期初期间格式应为 YYYY-MM：${args.openingPeriod}`, { key: 'v.period' });
  }
  const input: SheetInput = { bytes: Buffer.from(args.base64, 'base64'), fileName: args.fileName, defaultUnitCode: defaultUnit?.code, openingPeriod: args.openingPeriod };

  // Rows are checked against the database and inserted batch by batch as the reader hands them
  // over, in one transaction opened with the first batch worth writing (after the automatic
  // backup) and committed at the end; with a worker reading the sheet, reading and inserting
  // overlap. All-or-nothing unless skipInvalid: once a row is rejected, the rest are only checked
  // and the transaction is rolled back. A dry run checks without writing.
  let labels: Partial<Record<AssetField, string>> = {};
  const rejected: ErrorDetail[] = [];
  const preview: ValidRow[] = [];
  let accepted = 0;
  let read = 0;
  let tx: OpenWrite | null = null;
  const columnOf = (field: string | undefined): string => {
    const label = (f: AssetField | undefined, fallback: string) => labelOf(labels, f, fallback);
    if (field === 'lifeMonths') return label(labels.lifeMonths ? 'lifeMonths' : 'lifeYears', '折旧年限');
    if (field === 'openingPeriod') return labels.cutOver ?? label('accumulated', '累计折旧');
    if (field === 'bookedOn') return label(labels.bookedOn ? 'bookedOn' : 'acquiredOn', '财务入账日期');
    if (field === 'unitCode') return label('unit', '所属单位编码');
    return label(FIELD_COLUMN[field ?? ''], field ?? '');
  };
  const noRecord: Recorder = () => undefined;
  const onBatch = (batch: SheetBatch) => {
    read = batch.read;
    for (const p of batch.rejected) rejected.push(p);
    const keepGoing = args.skipInvalid || !rejected.length;
    if (!tx && !args.dryRun && keepGoing && batch.valid.length) {
      ctx.backup('before-import');
      tx = ctx.openWrite(`导入资产 ${args.fileName}`);
    }
    const writing = tx !== null && keepGoing;
    const cards = batch.valid.map((x) => x.card);
    const r = insertCards(ctx, cards, tx?.at ?? nowIso(), writing ? tx!.record : noRecord, (i) => batch.valid[i]!.rowNumber, { checkOnly: !writing });
    accepted += r.accepted;
    rejected.push(...r.problems.map((p) => ({ ...p, column: columnOf(p.field) })));
    if (preview.length < PREVIEW_ROWS) {
      const refused = new Set(r.problems.map((p) => p.row));
      for (const x of batch.valid) if (preview.length < PREVIEW_ROWS && !refused.has(x.rowNumber)) preview.push(x);
    }
    ctx.progress(task, read, 0);
  };
  let batchId: number | null = null;
  let imported = 0;
  try {
    await runSheetReader(input, lookupSnapshot(ctx.db), { header: (l) => (labels = l), batch: onBatch });
    ctx.progress(task, read, read);
    if (tx && (args.skipInvalid || !rejected.length)) {
      batchId = (tx as OpenWrite).commit();
      imported = accepted;
    } else if (args.dryRun) {
      imported = accepted;
    }
  } finally {
    (tx as OpenWrite | null)?.rollback();
  }
  rejected.sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { imported, rejected, dryRun: args.dryRun, preview: preview.map((x) => ({ row: x.rowNumber, ...x.card })), batchId };
}

/** The cut-over a card's accumulated depreciation is as of (the month before its next charge), or '' when it has none. */
export function cutOverOf(card: { opening_period: string | null; dep_start_period: string; dep_next_period: string }): string {
  return card.opening_period || card.dep_next_period > card.dep_start_period ? addMonths(card.dep_next_period, -1) : '';
}

export const importHandlers: HandlerMap<'assets.import'> = {
  'assets.import': (args, ctx) => importAssets(args, ctx),
};
