// A small, fast reader for the cell values of large .xlsx files (imports of 100,000 rows).
//
// ExcelJS's streaming reader builds a Row and a Cell object per cell and parses the XML event by
// event; for a plain register that is most of an import's time (and it garbles Chinese text at
// chunk boundaries, see db/io/exceljs.ts). Here the zip's central directory is read from the bytes
// already in memory, the parts are inflated with zlib, and the worksheet XML is scanned with
// indexOf: shared strings, inline strings, numbers, booleans, errors, formulas with or without a
// cached result, ISO dates (t="d"). Styles are not read, so date cells come back as Excel serial
// numbers (the importers parse those), exactly like ExcelJS's streaming reader with styles ignored.
// Merged cells are not resolved (a machine export of that size has none).
//
// Values come in ExcelJS's CellValue shapes (string | number | boolean | Date | {error} |
// {formula, result?}) so the same conversion code handles both readers.
import { createInflateRaw, inflateRawSync } from 'node:zlib';

export type XlsxValue = string | number | boolean | Date | { error: string } | { formula: string; result?: undefined } | undefined;

export interface XlsxRow {
  /** 1-based row number as Excel shows it. */
  rowNumber: number;
  /** Values by column, index 0 = column A; undefined for empty cells. */
  cells: XlsxValue[];
}

export interface XlsxSheet {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /**
   * The sheet's rows in batches, inflated and scanned piece by piece: the first rows come before the
   * whole sheet is inflated, and the sheet's XML (75 MB for 100,000 rows) is never held whole.
   */
  streamRows(): AsyncGenerator<XlsxRow[]>;
}

export interface XlsxBook {
  date1904: boolean;
  /** In workbook order (the tab order). */
  sheets: XlsxSheet[];
}

export class XlsxError extends Error {}

interface Entry {
  method: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

function zipEntries(buf: Buffer): Map<string, Entry> {
  // End of central directory: signature 0x06054b50, within the last 22 + 65,535 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new XlsxError('not a zip file');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  if (p === 0xffffffff) throw new XlsxError('zip64 is not supported');
  const out = new Map<string, Entry>();
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) throw new XlsxError('bad central directory');
    const method = buf.readUInt16LE(p + 10);
    const compressedSize = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    out.set(name.replace(/^\//, ''), { method, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

/** An entry's stored bytes (compressed or not), found through its local header. */
function storedBytes(buf: Buffer, e: Entry): Buffer {
  const p = e.localOffset;
  if (buf.readUInt32LE(p) !== 0x04034b50) throw new XlsxError('bad local header');
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (e.method !== 0 && e.method !== 8) throw new XlsxError(`zip compression method ${e.method} is not supported`);
  return buf.subarray(start, start + e.compressedSize);
}

function entryBytes(buf: Buffer, e: Entry): Buffer {
  const data = storedBytes(buf, e);
  if (e.method === 0) return data;
  // Inflated into one buffer of the size the directory declares (not the default 16 KiB pieces that
  // zlib then concatenates: a copy of the whole sheet). A wrong size only costs that optimisation.
  return inflateRawSync(data, { chunkSize: Math.min(Math.max(e.size, 64 * 1024), 512 * 1024 * 1024) });
}

const ENTITY = /&(?:#(\d+)|#x([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/** XML entities, and Excel's _xHHHH_ escapes for control characters. */
function unescapeXml(s: string): string {
  if (s.includes('&')) s = s.replace(ENTITY, (_m, dec: string | undefined, hex: string | undefined, name: string | undefined) => (name ? NAMED[name]! : String.fromCodePoint(dec ? Number(dec) : parseInt(hex!, 16))));
  if (s.includes('_x')) s = s.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  return s;
}

/** An attribute's value in a start tag (name="value", as Excel and every xlsx writer write them). */
function attr(tag: string, name: string): string | undefined {
  const key = `${name}="`;
  let i = tag.indexOf(key);
  // the name must start an attribute: ' r="' but not ' cr="'
  while (i > 0 && !/\s/.test(tag[i - 1]!)) i = tag.indexOf(key, i + 1);
  if (i < 0) return undefined;
  const from = i + key.length;
  const to = tag.indexOf('"', from);
  const v = tag.slice(from, to < 0 ? tag.length : to);
  return v.includes('&') || v.includes('_x') ? unescapeXml(v) : v;
}

const T_RUN = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>/g;
/** The text of an <si> or <is>: every <t> outside phonetic runs (<rPh>). */
function richText(xml: string): string {
  const body = xml.includes('<rPh') ? xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '') : xml;
  let out = '';
  T_RUN.lastIndex = 0;
  for (let m = T_RUN.exec(body); m; m = T_RUN.exec(body)) out += m[1];
  return unescapeXml(out);
}

function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  let p = 0;
  for (;;) {
    const a = xml.indexOf('<si', p);
    if (a < 0) break;
    const gt = xml.indexOf('>', a);
    if (xml[gt - 1] === '/') {
      out.push('');
      p = gt + 1;
      continue;
    }
    const b = xml.indexOf('</si>', gt);
    if (b < 0) break;
    out.push(richText(xml.slice(gt + 1, b)));
    p = b + 5;
  }
  return out;
}

// The worksheet XML is scanned as a latin1 string: one character per byte, so decoding is a copy,
// a piece never ends inside a character, and the markup (all ASCII) reads the same. Text values are
// turned back from their UTF-8 bytes (utf8Of) only when they have any byte above 0x7F; the cells of
// a large register are mostly shared-string indexes and numbers, which need no decoding at all.

/** A latin1 string of UTF-8 bytes → the text they encode. */
function utf8Of(s: string): string {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return Buffer.from(s, 'latin1').toString('utf8');
  return s;
}

const isSpace = (ch: number) => ch === 32 || ch === 9 || ch === 10 || ch === 13;

/**
 * Where the value of attribute `name` begins in the start tag xml[from, to) (after its opening
 * quote), or -1. The name must start an attribute: ' r="' but not ' cr="'. Looked for within the
 * tag only: a search past it could run to the end of the piece for every cell.
 */
function attrAt(xml: string, from: number, to: number, name: string): number {
  const first = name.charCodeAt(0);
  const len = name.length;
  for (let i = from + 1; i + len + 1 < to; i++) {
    if (xml.charCodeAt(i) === first && isSpace(xml.charCodeAt(i - 1)) && xml.charCodeAt(i + len) === 61 /* = */ && xml.charCodeAt(i + len + 1) === 34 /* " */ && (len === 1 || xml.startsWith(name, i))) return i + len + 2;
  }
  return -1;
}

/** A run of decimal digits at xml[from, to) as a number; -1 if there is anything else or nothing. */
function digitsAt(xml: string, from: number, to: number): number {
  if (from >= to) return -1;
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = xml.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

// Cell types (the t attribute).
const T_NUMBER = 0;
const T_SHARED = 1;
const T_STR = 2;
const T_INLINE = 3;
const T_BOOL = 4;
const T_ERROR = 5;
const T_DATE = 6;

function cellType(xml: string, at: number): number {
  const end = xml.indexOf('"', at);
  const len = end - at;
  const ch = xml.charCodeAt(at);
  if (len === 1) return ch === 115 /* s */ ? T_SHARED : ch === 98 /* b */ ? T_BOOL : ch === 101 /* e */ ? T_ERROR : ch === 100 /* d */ ? T_DATE : T_NUMBER;
  if (len === 3 && xml.startsWith('str', at)) return T_STR;
  if (len === 9 && xml.startsWith('inlineStr', at)) return T_INLINE;
  return T_NUMBER;
}

/** The cell values of one row, whose XML is xml[from, to) (between <row …> and </row>). */
function rowCells(xml: string, from: number, to: number, strings: readonly string[]): XlsxValue[] {
  // Dense (undefined for blank cells), as the importers index it.
  const cells: XlsxValue[] = [];
  let q = from;
  let col = -1;
  for (;;) {
    const c = xml.indexOf('<c', q);
    if (c < 0 || c >= to) break;
    const cgt = xml.indexOf('>', c);
    const next = xml.charCodeAt(c + 2);
    if (!(isSpace(next) || next === 62 /* > */ || next === 47) /* / */) {
      q = c + 2; // another element starting with <c
      continue;
    }
    // The column from the reference's letters (r="BC12" → 54); the next column when there is none.
    const r = attrAt(xml, c, cgt, 'r');
    if (r >= 0) {
      let n = 0;
      let i = r;
      for (let ch = xml.charCodeAt(i); (ch >= 65 && ch <= 90) || (ch >= 97 && ch <= 122); ch = xml.charCodeAt(++i)) n = n * 26 + ((ch & 0xdf) - 64);
      col = i === r ? col + 1 : n - 1;
    } else col++;
    if (xml.charCodeAt(cgt - 1) === 47 /* / */) {
      q = cgt + 1;
      continue;
    }
    const cend = xml.indexOf('</c>', cgt);
    q = cend + 4;
    const ta = attrAt(xml, c, cgt, 't');
    const type = ta < 0 ? T_NUMBER : cellType(xml, ta);
    // <v> right after the tag is the common case; anything else (formulas, inline strings, an empty
    // <v/>) is looked for within the cell only.
    let vFrom = -1;
    let vTo = -1;
    let inner: string | undefined;
    if (xml.startsWith('<v>', cgt + 1)) {
      vFrom = cgt + 4;
      vTo = xml.indexOf('</v>', vFrom);
    } else {
      inner = xml.slice(cgt + 1, cend);
      const vs = inner.indexOf('<v');
      if (vs >= 0) {
        const vgt = inner.indexOf('>', vs);
        if (inner.charCodeAt(vgt - 1) !== 47) {
          vFrom = cgt + 1 + vgt + 1;
          vTo = cgt + 1 + inner.indexOf('</v>', vgt);
        }
      }
    }
    let value: XlsxValue;
    if (type === T_INLINE) value = richText(utf8Of(inner ?? xml.slice(cgt + 1, cend)));
    else if (vFrom < 0) {
      const fs = inner === undefined ? -1 : inner.indexOf('<f');
      if (fs >= 0) {
        const fgt = inner!.indexOf('>', fs);
        const ftext = inner!.charCodeAt(fgt - 1) === 47 ? '' : unescapeXml(utf8Of(inner!.slice(fgt + 1, inner!.indexOf('</f>', fgt))));
        value = { formula: ftext };
      }
    } else if (type === T_SHARED) {
      const k = digitsAt(xml, vFrom, vTo);
      value = strings[k >= 0 ? k : Number(xml.slice(vFrom, vTo))];
    } else {
      const v = xml.slice(vFrom, vTo);
      if (type === T_STR) value = unescapeXml(utf8Of(v));
      else if (type === T_BOOL) value = v === '1' || v === 'true';
      else if (type === T_ERROR) value = { error: unescapeXml(v) };
      else if (type === T_DATE) {
        const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(v) ? v : `${v}Z`);
        value = Number.isNaN(d.getTime()) ? unescapeXml(v) : d;
      } else {
        const n = Number(v);
        value = Number.isFinite(n) && v.trim() !== '' ? n : unescapeXml(utf8Of(v));
      }
    }
    if (value === undefined || col < 0) continue;
    while (cells.length < col) cells.push(undefined);
    cells[col] = value;
  }
  return cells;
}

interface ScanState {
  lastRow: number;
  /** </sheetData> seen: nothing after it is a row. */
  done: boolean;
}

/**
 * Scan the complete rows of `xml` (a whole worksheet part, or a piece of one as it is inflated; a
 * latin1 string, see above), starting at `from`. Returns the rows and where the unscanned rest
 * begins (a row cut off at the end of a piece is left for the next one).
 */
function scanRows(xml: string, from: number, strings: readonly string[], state: ScanState, out: XlsxRow[]): number {
  let p = from;
  const end = xml.indexOf('</sheetData>', p);
  const stop = end < 0 ? xml.length : end;
  for (;;) {
    const a = xml.indexOf('<row', p);
    if (a < 0 || a >= stop) break;
    const gt = xml.indexOf('>', a);
    if (gt < 0) return a;
    const r = attrAt(xml, a, gt, 'r');
    const given = r < 0 ? -1 : digitsAt(xml, r, xml.indexOf('"', r));
    if (xml.charCodeAt(gt - 1) === 47 /* / */) {
      state.lastRow = given > 0 ? given : state.lastRow + 1;
      p = gt + 1;
      continue; // an empty row
    }
    const close = xml.indexOf('</row>', gt);
    if (close < 0 || close > stop) {
      if (end < 0) return a; // the rest of this row is in the next piece
      return stop;
    }
    const rowNumber = given > 0 ? given : state.lastRow + 1;
    state.lastRow = rowNumber;
    const cells = rowCells(xml, gt + 1, close, strings);
    p = close + 6;
    if (cells.length) out.push({ rowNumber, cells });
  }
  if (end >= 0) {
    state.done = true;
    return xml.length;
  }
  return p; // the rest (perhaps the start of a "<row" tag) waits for the next piece
}

/** Rows of a worksheet part in batches, inflating it piece by piece (see XlsxSheet.streamRows). */
async function* streamSheetRows(bytes: Buffer, e: Entry | undefined, shared: () => readonly string[]): AsyncGenerator<XlsxRow[]> {
  if (!e) return;
  const strings = shared();
  const state: ScanState = { lastRow: 0, done: false };
  // Bytes not scanned yet (a row cut off at the end of the last piece). Each piece is scanned as one
  // flat string made from these bytes and the new ones (latin1: offsets in it are byte offsets), not
  // as a concatenation of strings, which V8 would keep as a rope that is slower to search.
  let pending: Buffer = Buffer.alloc(0);
  let started = false;
  const scan = (bytes: Buffer): XlsxRow[] => {
    const out: XlsxRow[] = [];
    const text = bytes.toString('latin1');
    let from = 0;
    if (!started) {
      from = text.indexOf('<sheetData');
      if (from < 0) {
        pending = bytes;
        return out;
      }
      started = true;
    }
    pending = bytes.subarray(scanRows(text, from, strings, state, out));
    return out;
  };
  if (e.method === 0) {
    yield scan(storedBytes(bytes, e));
    return;
  }
  const inflate = createInflateRaw({ chunkSize: 1024 * 1024 });
  inflate.end(storedBytes(bytes, e));
  for await (const chunk of inflate as AsyncIterable<Buffer>) {
    if (state.done) continue;
    const rows = scan(pending.length ? Buffer.concat([pending, chunk]) : chunk);
    if (rows.length) yield rows;
  }
}

/** Open an .xlsx held in memory. Sheets are inflated and scanned only when their rows are read. */
export function openXlsx(bytes: Buffer): XlsxBook {
  const entries = zipEntries(bytes);
  const decoder = new TextDecoder('utf-8');
  const part = (name: string): string | undefined => {
    const e = entries.get(name);
    return e ? decoder.decode(entryBytes(bytes, e)) : undefined;
  };
  const workbook = part('xl/workbook.xml');
  if (workbook === undefined) throw new XlsxError('no xl/workbook.xml');
  const rels = new Map<string, string>();
  for (const m of (part('xl/_rels/workbook.xml.rels') ?? '').matchAll(/<Relationship\b[^>]*>/g)) {
    const id = attr(m[0], 'Id');
    const target = attr(m[0], 'Target');
    if (id && target) rels.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/'));
  }
  const pr = /<workbookPr\b[^>]*>/.exec(workbook)?.[0] ?? '';
  const d1904 = attr(pr, 'date1904');
  let strings: string[] | null = null;
  const shared = () => {
    if (!strings) {
      const target = [...rels.values()].find((t) => /sharedStrings\.xml$/i.test(t)) ?? 'xl/sharedStrings.xml';
      const xml = part(target);
      strings = xml ? sharedStrings(xml) : [];
    }
    return strings;
  };
  const sheets: XlsxSheet[] = [];
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const tag = m[0];
    const rid = /\sr:id="([^"]*)"/.exec(tag)?.[1] ?? /\s[\w]+:id="([^"]*)"/.exec(tag)?.[1];
    const target = rid ? rels.get(rid) : undefined;
    if (!target) continue;
    const state = (attr(tag, 'state') ?? 'visible') as XlsxSheet['state'];
    sheets.push({
      name: attr(tag, 'name') ?? '',
      state,
      streamRows: () => streamSheetRows(bytes, entries.get(target), shared),
    });
  }
  return { date1904: d1904 === '1' || d1904 === 'true', sheets };
}
