// ExcelJS, loaded on first use and with its streaming reader fixed for Chinese text.
//
// 1. Start-up: `import ExcelJS from 'exceljs'` at the top of a module costs ~140 ms when the engine
//    starts, for a library only imports and exports need. `loadExcelJS()` imports it the first time
//    a sheet is read or written.
// 2. ExcelJS 4.4's streaming reader (`stream.xlsx.WorkbookReader`) decodes each inflated chunk of
//    sharedStrings.xml and of the worksheets as UTF-8 on its own (lib/utils/parse-sax.js →
//    TextDecoder.decode without {stream: true}), so a character whose three bytes straddle two
//    chunks becomes "��": in a 100,000-row register a few cells in every 10,000 — names, places, and
//    dates like 2020年5月12日 that then fail to parse (exceljs/exceljs#2063, #2084, #2316; fixes
//    proposed upstream in #1665, #2081, not released). Our reader gets whole characters instead:
//    shared strings through the entry stream's own UTF-8 decoding (`setEncoding`), worksheets
//    through a streaming TextDecoder between the zip entry and the SAX parser. The patch goes on
//    the class's prototype, so it also holds when the engine is bundled (esbuild inlines exceljs).
import type ExcelJSType from 'exceljs';

export type ExcelJS = typeof ExcelJSType;

interface ReaderInternals {
  _parseSharedStrings(entry: NodeJS.ReadableStream): AsyncGenerator<unknown>;
  _parseWorksheet(iterator: AsyncIterable<unknown>, sheetNo: string): Generator<unknown>;
  __utf8Fixed?: boolean;
}

/** Chunks of bytes → strings, never splitting a character (strings pass through). */
export async function* utf8Chunks(chunks: AsyncIterable<unknown>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  for await (const chunk of chunks) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk as Uint8Array, { stream: true });
    if (text) yield text;
  }
  const tail = decoder.decode();
  if (tail) yield tail;
}

/** Make the streaming reader decode UTF-8 across chunk boundaries (idempotent). */
export function fixStreamingReader(excel: ExcelJS): void {
  const proto = excel.stream.xlsx.WorkbookReader.prototype as unknown as ReaderInternals;
  if (proto.__utf8Fixed) return;
  const sharedStrings = proto._parseSharedStrings;
  const worksheet = proto._parseWorksheet;
  if (typeof sharedStrings !== 'function' || typeof worksheet !== 'function') return; // another ExcelJS: nothing to fix here
  proto._parseSharedStrings = function (entry) {
    (entry as { setEncoding?: (e: BufferEncoding) => void }).setEncoding?.('utf8');
    return sharedStrings.call(this, entry);
  };
  proto._parseWorksheet = function (iterator, sheetNo) {
    return worksheet.call(this, utf8Chunks(iterator), sheetNo);
  };
  proto.__utf8Fixed = true;
}

let loading: Promise<ExcelJS> | null = null;

/** ExcelJS, imported on first use, with the streaming reader fixed. */
export function loadExcelJS(): Promise<ExcelJS> {
  loading ??= import('exceljs').then((m) => {
    const excel = ((m as unknown as { default?: ExcelJS }).default ?? m) as ExcelJS;
    fixStreamingReader(excel);
    return excel;
  });
  return loading;
}
