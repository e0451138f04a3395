import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { loadExcelJS, utf8Chunks } from '../../db/io/exceljs';
import { assetSheetRows, FULL_LOAD_BYTES } from '../../db/modules/assets/import';

// ExcelJS 4.4's streaming reader decodes each inflated chunk as UTF-8 on its own, so Chinese
// characters straddling two chunks come out as U+FFFD. db/io/exceljs.ts fixes that for the import.

const N = 20_000;
const NAMES = ['彩色多普勒超声诊断仪', '全自动生化分析仪', '门诊楼三楼检验科', '医疗收入(自有资金)'];

/** A sheet of N rows with unique Chinese texts (a large sharedStrings.xml) and Chinese dates. */
async function bigSheet(n = N): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise((r) => sink.on('end', r));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  const ws = wb.addWorksheet('资产');
  ws.addRow(['资产编号', '资产名称', '分类代码', '原值', '取得日期', '存放地点']).commit();
  for (let i = 0; i < n; i++) ws.addRow([`ZC${i}`, `${NAMES[i % 4]}${i}号`, 'A02010105', 1000 + i, `20${10 + (i % 15)}年${1 + (i % 12)}月${1 + (i % 28)}日`, `住院楼${i}号病房`]).commit();
  await wb.commit();
  await ended;
  return Buffer.concat(chunks);
}

async function texts(reader: ExcelJS.stream.xlsx.WorkbookReader): Promise<string[]> {
  const out: string[] = [];
  for await (const ws of reader) for await (const row of ws) for (const v of row.values as unknown[]) if (typeof v === 'string') out.push(v);
  return out;
}

const OPTS = { sharedStrings: 'cache', worksheets: 'emit', styles: 'ignore', hyperlinks: 'ignore', entries: 'ignore' } as const;

describe('ExcelJS streaming reader and Chinese text', () => {
  it('the stock reader garbles characters at chunk boundaries; the fixed one reads every text whole', async () => {
    const bytes = await bigSheet();
    // Upstream bug, shown once so the fix is known to matter (if a new ExcelJS fixes it, this line says so).
    const stock = await texts(new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([bytes]), OPTS));
    expect(stock.filter((t) => t.includes('\uFFFD')).length).toBeGreaterThan(0);

    const Excel = await loadExcelJS();
    const fixed = await texts(new Excel.stream.xlsx.WorkbookReader(Readable.from([bytes]), OPTS));
    expect(fixed.filter((t) => t.includes('\uFFFD'))).toEqual([]);
    expect(fixed.length).toBe(6 + N * 5);
    expect(fixed).toContain(`${NAMES[3]}${N - 1}号`);
  });

  it('the asset import reads a large sheet (streamed) without a replacement character', async () => {
    const bytes = await bigSheet(N + 5000);
    expect(bytes.length).toBeGreaterThan(FULL_LOAD_BYTES); // the streaming path
    let bad = 0;
    let rows = 0;
    for await (const batch of assetSheetRows(bytes, 'big.xlsx', { date1904: false })) {
      for (const r of batch) {
        rows++;
        for (const c of r.cells) if (typeof c === 'string' && c.includes('\uFFFD')) bad++;
      }
    }
    expect(rows).toBe(N + 5000 + 1);
    expect(bad).toBe(0);
  });

  it('utf8Chunks joins a character split across chunks', async () => {
    const bytes = Buffer.from('资产名称', 'utf8');
    const parts = [bytes.subarray(0, 4), bytes.subarray(4, 7), bytes.subarray(7)];
    const out: string[] = [];
    for await (const s of utf8Chunks(Readable.from(parts))) out.push(s);
    expect(out.join('')).toBe('资产名称');
    expect(out.join('')).not.toContain('\uFFFD');
  });
});
