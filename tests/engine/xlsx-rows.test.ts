import { crc32, deflateRawSync } from 'node:zlib';
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

/**
 * A zip of the given parts, deflated (method 8) or stored (0), written by hand: ExcelJS writes
 * shared strings only, and real files from other programs have inline strings and cells without
 * references.
 */
function zipOf(parts: Record<string, string>, method: 0 | 8 = 8): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(parts)) {
    const data = Buffer.from(text, 'utf8');
    const stored = method === 8 ? deflateRawSync(data) : data;
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(method, 10);
    dir.writeUInt32LE(crc32(data), 16);
    dir.writeUInt32LE(stored.length, 20);
    dir.writeUInt32LE(data.length, 24);
    dir.writeUInt16LE(nameBytes.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, stored);
    central.push(dir, nameBytes);
    offset += 30 + nameBytes.length + stored.length;
  }
  const dirBytes = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(parts).length, 8);
  end.writeUInt16LE(Object.keys(parts).length, 10);
  end.writeUInt32LE(dirBytes.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, dirBytes, end]);
}

/** A one-sheet workbook whose sheet data is `rowsXml`. */
function workbookOf(rowsXml: string, method: 0 | 8 = 8): Buffer {
  return zipOf(
    {
      'xl/workbook.xml': '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
      'xl/_rels/workbook.xml.rels': '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rowsXml}</sheetData></worksheet>`,
    },
    method,
  );
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

  it('reads inline strings, text formulas and cells without references, with Chinese text cut across pieces', async () => {
    // ~4 MiB of XML with the text in the sheet itself (as WPS and many exporters write it): three-
    // byte characters and a four-byte one land across the 1 MiB pieces the sheet is inflated in.
    const rows: string[] = [];
    const expected: XlsxRow[] = [];
    for (let i = 1; i <= 20_000; i++) {
      const name = `彩超&amp;监护仪🩺${i}号`;
      rows.push(`<row r="${i}"><c r="A${i}" t="inlineStr"><is><t>ZC-${i}</t></is></c><c t="inlineStr"><is><t xml:space="preserve"> ${name} </t></is></c><c r="D${i}" s="2"><v>${i}.25</v></c><c r="E${i}" t="str"><f>B${i}&amp;"楼"</f><v>门诊楼${i % 9}层</v></c><c r="F${i}" t="b"><v>1</v></c></row>`);
      expected.push({ rowNumber: i, cells: [`ZC-${i}`, ` 彩超&监护仪🩺${i}号 `, undefined, i + 0.25, `门诊楼${i % 9}层`, true] });
    }
    rows.push('<row r="20002"><c r="B20002" t="e"><v>#N/A</v></c><c r="C20002"><f>SUM(D1:D20000)</f></c><c r="D20002" t="inlineStr"><is><r><t>合</t></r><r><t>计</t></r></is></c></row>');
    expected.push({ rowNumber: 20_002, cells: [undefined, { error: '#N/A' }, { formula: 'SUM(D1:D20000)' }, '合计'] });
    const xml = rows.join('');
    expect(xml.length).toBeGreaterThan(3 * 1024 * 1024);
    for (const method of [8, 0] as const) {
      const sheet = openXlsx(workbookOf(xml, method)).sheets[0]!;
      expect(sheet.name).toBe('台账');
      const got = await rowsOf(sheet);
      expect(got.length).toBe(expected.length);
      expect(got).toEqual(expected);
    }
  });

  it('refuses what is not a zip', () => {
    expect(() => openXlsx(Buffer.from('资产编号,资产名称\n'.repeat(20)))).toThrow(XlsxError);
  });
});
