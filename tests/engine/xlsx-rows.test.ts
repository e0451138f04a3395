import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openXlsx, XlsxError, type XlsxRow, type XlsxSheet } from '../../db/io/xlsx-rows';

// db/io/xlsx-rows.ts: the fast cell reader for large imports, checked against workbooks written by
// ExcelJS with the cell kinds real registers contain.

async function book(fill: (wb: ExcelJS.Workbook) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  fill(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Every row of a sheet, in the batches streamRows gives them. */
async function rowsOf(sheet: XlsxSheet): Promise<XlsxRow[]> {
  const out: XlsxRow[] = [];
  for await (const batch of sheet.streamRows()) out.push(...batch);
  return out;
}

describe('openXlsx', () => {
  it('reads every kind of cell value in ExcelJS shapes, by column, with row numbers', async () => {
    const bytes = await book((wb) => {
      wb.addWorksheet('说明').getCell('A1').value = '填表说明';
      const ws = wb.addWorksheet('资产台账');
      ws.getCell('A1').value = '清河县人民医院 <资产> & "台账"';
      ws.getCell('A3').value = '资产编号';
      ws.getCell('B3').value = { richText: [{ text: '资产', font: { bold: true } }, { text: '名称' }] };
      ws.getCell('A4').value = 'ZC-001';
      ws.getCell('B4').value = '彩色多普勒超声诊断仪';
      ws.getCell('C4').value = 12345.6;
      ws.getCell('D4').value = true;
      ws.getCell('E4').value = { error: '#DIV/0!' } as ExcelJS.CellErrorValue;
      ws.getCell('F4').value = { formula: 'C4*2', result: 24691.2 } as ExcelJS.CellFormulaValue;
      ws.getCell('G4').value = { formula: 'C4*3' } as ExcelJS.CellFormulaValue;
      ws.getCell('H4').value = '  留空格  ';
      ws.getCell('AB4').value = '远列';
      ws.getCell('A6').value = '合计';
    });
    const b = openXlsx(bytes);
    expect(b.sheets.map((s) => [s.name, s.state])).toEqual([
      ['说明', 'visible'],
      ['资产台账', 'visible'],
    ]);
    const rows = await rowsOf(b.sheets[1]!);
    expect(rows.map((r) => r.rowNumber)).toEqual([1, 3, 4, 6]);
    expect(rows[0]!.cells).toEqual(['清河县人民医院 <资产> & "台账"']);
    expect(rows[1]!.cells).toEqual(['资产编号', '资产名称']);
    const r4 = rows[2]!.cells;
    expect(r4.slice(0, 8)).toEqual(['ZC-001', '彩色多普勒超声诊断仪', 12345.6, true, { error: '#DIV/0!' }, 24691.2, { formula: 'C4*3' }, '  留空格  ']);
    expect(r4.length).toBe(28);
    expect(r4[27]).toBe('远列');
    expect(r4[10]).toBeUndefined();
  });

  it('streams the same rows piece by piece, with rows and characters cut across the 1 MiB pieces', async () => {
    // ~3 MiB of sheet XML: several inflated pieces, each ending inside some row (and, with three-byte
    // Chinese characters everywhere, sometimes inside a character).
    const bytes = await book((wb) => {
      const ws = wb.addWorksheet('资产台账');
      ws.addRow(['资产编号', '资产名称', '原值', '存放地点']);
      for (let i = 1; i <= 12_000; i++) ws.addRow([`ZC-${i}`, `彩色多普勒超声诊断仪第${i}台`, i + 0.5, i % 7 ? `门诊楼${i % 9}层东侧` : undefined]);
      ws.getCell('F12003').value = '远列';
    });
    const sheet = openXlsx(bytes).sheets[0]!;
    const pieces: number[] = [];
    const streamed: XlsxRow[] = [];
    for await (const batch of sheet.streamRows()) {
      pieces.push(batch.length);
      streamed.push(...batch);
    }
    expect(pieces.length).toBeGreaterThan(1);
    // What was written: the header, 12,000 cards, and row 12,003 after a blank row.
    const written: XlsxRow[] = [{ rowNumber: 1, cells: ['资产编号', '资产名称', '原值', '存放地点'] }];
    for (let i = 1; i <= 12_000; i++) written.push({ rowNumber: i + 1, cells: [`ZC-${i}`, `彩色多普勒超声诊断仪第${i}台`, i + 0.5, ...(i % 7 ? [`门诊楼${i % 9}层东侧`] : [])] });
    written.push({ rowNumber: 12_003, cells: [undefined, undefined, undefined, undefined, undefined, '远列'] });
    expect(streamed).toEqual(written);
  });

  it('reports hidden sheets and the 1904 date system', async () => {
    const bytes = await book((wb) => {
      wb.addWorksheet('旧表', { state: 'hidden' }).getCell('A1').value = 'x';
      wb.addWorksheet('台账').getCell('A1').value = 'y';
      wb.properties.date1904 = true;
    });
    const b = openXlsx(bytes);
    expect(b.date1904).toBe(true);
    expect(b.sheets.map((s) => s.state)).toEqual(['hidden', 'visible']);
    expect((await rowsOf(b.sheets[1]!))[0]!.cells).toEqual(['y']);
  });

  it('refuses what is not a zip', () => {
    expect(() => openXlsx(Buffer.from('资产编号,资产名称\n'.repeat(20)))).toThrow(XlsxError);
  });
});
