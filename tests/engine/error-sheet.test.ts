import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { buildErrorSheet, groupErrors } from '../../db/io/error-sheet';
import type { ArgsIn } from '../../shared/api';
import { freshLedger, ok, seedOrg, type Fixture } from './helpers';

// imports.errorSheet: the uploaded sheet back with a 错误说明 column and the bad cells highlighted.

type Cell = ExcelJS.CellValue;

async function xlsx(rows: Cell[][], merges: string[] = [], extraSheet = false): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  if (extraSheet) wb.addWorksheet('填表说明').getCell('A1').value = '填表说明：资产编号必须唯一';
  const ws = wb.addWorksheet('资产清查');
  rows.forEach((cells, r) => cells.forEach((v, c) => v !== null && v !== undefined && (ws.getCell(r + 1, c + 1).value = v)));
  for (const m of merges) ws.mergeCells(m);
  ws.getColumn(2).width = 24;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** Title, a 填报 line, header on row 3; rows 4 and 6 good, 5 and 7 bad (7 twice), a 合计 row. */
const ROWS: Cell[][] = [
  ['县人民医院资产清查表'],
  ['填报单位：县人民医院'],
  ['资产编号', '资产名称', '分类代码', '原值', '入账日期', '使用状况'],
  ['E-1', '台式计算机', 'A02010105', 6000, '2025-01-10', '在用'],
  ['E-2', '台式计算机', 'A02010105', '六千', '2025-01-10', '在用'],
  ['E-3', '打印机', 'A02021000', 2000, '2025-02-10', '在用'],
  ['E-4', '打印机', 'A02021000', 2000, '2025-02-30', '封存'],
  ['合计', null, null, 10000],
];

async function seeded(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  return f;
}

const upload = (fileName: string, bytes: Buffer, extra: Partial<ArgsIn<'assets.import'>> = {}): ArgsIn<'assets.import'> => ({ fileName, base64: bytes.toString('base64'), unitCode: 'L01', skipInvalid: false, dryRun: true, ...extra });

async function load(base64: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  return wb;
}

const RED = 'FFFFC7CE';
const fillOf = (c: ExcelJS.Cell) => (c.fill && c.fill.type === 'pattern' ? c.fill.fgColor?.argb : undefined);

describe('groupErrors', () => {
  it('joins a row’s problems as 「列：原因；列：原因」, drops repeats and details without a row', () => {
    const g = groupErrors([
      { row: 7, column: '入账日期', message: '日期不正确' },
      { row: 7, column: '使用状况', message: '须为在用…' },
      { row: 7, column: '使用状况', message: '须为在用…' },
      { row: 5, column: '', message: '整行有误' },
      { message: '没有行号' },
    ]);
    expect([...g.keys()]).toEqual([7, 5]);
    expect(g.get(7)!.text).toBe('入账日期：日期不正确；使用状况：须为在用…');
    expect(g.get(5)!.text).toBe('整行有误');
  });
});

describe('imports.errorSheet', () => {
  it('an .xlsx comes back as it was, on the register sheet, with 错误说明 after the last column and the bad cells red', async () => {
    const f = await seeded();
    const bytes = await xlsx(ROWS, ['A1:F1'], true);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('清查.xlsx', bytes));
    expect(r.rejected.map((d) => [d.row, d.column])).toEqual([
      [5, '原值'],
      [7, '入账日期'],
      [7, '使用状况'],
    ]);
    const sheet = await ok(f.ledger, f.admin, 'imports.errorSheet', { fileName: '清查.xlsx', base64: bytes.toString('base64'), rejected: r.rejected });
    expect(sheet.fileName).toBe('清查-错误说明.xlsx');
    expect(sheet.rows).toBe(2);
    const wb = await load(sheet.base64);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['填表说明', '资产清查']);
    const ws = wb.getWorksheet('资产清查')!;
    expect(ws.getCell('A1').value).toBe('县人民医院资产清查表');
    expect(ws.getCell('B1').isMerged).toBe(true);
    expect(ws.getColumn(2).width).toBe(24);
    expect(ws.getCell('G3').value).toBe('错误说明');
    expect(ws.getCell('G4').value).toBeNull();
    expect(ws.getCell('G5').value).toBe('原值：金额格式不正确：六千');
    expect(String(ws.getCell('G7').value)).toMatch(/^入账日期：日期不正确：2025-02-30.*；使用状况：.*封存/);
    expect(fillOf(ws.getCell('D5'))).toBe(RED);
    expect(fillOf(ws.getCell('E7'))).toBe(RED);
    expect(fillOf(ws.getCell('F7'))).toBe(RED);
    expect(fillOf(ws.getCell('D4'))).toBeUndefined();
    expect(fillOf(ws.getCell('E5'))).toBeUndefined();
    expect(ws.getCell('D5').value).toBe('六千'); // the user's value is untouched
  });

  it('onlyRejected keeps the title and header rows and the rejected rows; after fixing them the file imports', async () => {
    const f = await seeded();
    const bytes = await xlsx(ROWS, ['A1:F1']);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('清查.xlsx', bytes, { dryRun: false, skipInvalid: true }));
    expect(r.imported).toBe(2);
    const sheet = await ok(f.ledger, f.admin, 'imports.errorSheet', { fileName: '清查.xlsx', base64: bytes.toString('base64'), rejected: r.rejected, onlyRejected: true });
    const wb = await load(sheet.base64);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['资产清查']);
    const ws = wb.worksheets[0]!;
    const values = (n: number) => (ws.getRow(n).values as Cell[]).slice(1);
    expect(ws.rowCount).toBe(5);
    expect(values(1)[0]).toBe('县人民医院资产清查表');
    expect(ws.getCell('B1').isMerged).toBe(true);
    expect(values(3)).toEqual(['资产编号', '资产名称', '分类代码', '原值', '入账日期', '使用状况', '错误说明']);
    expect(values(4).slice(0, 6)).toEqual(['E-2', '台式计算机', 'A02010105', '六千', '2025-01-10', '在用']);
    expect(values(4)[6]).toBe('第 5 行：原值：金额格式不正确：六千');
    expect(values(5)[0]).toBe('E-4');
    expect(String(values(5)[6])).toMatch(/^第 7 行：/);
    expect(fillOf(ws.getCell('D4'))).toBe(RED);

    // The user fixes the two rows in Excel and imports the file again: the 错误说明 column is ignored.
    ws.getCell('D4').value = 6000;
    ws.getCell('E5').value = '2025-02-28';
    ws.getCell('F5').value = '闲置';
    const fixed = Buffer.from(await wb.xlsx.writeBuffer());
    const again = await ok(f.ledger, f.admin, 'assets.import', upload('清查-错误说明.xlsx', fixed, { dryRun: false }));
    expect(again.rejected).toEqual([]);
    expect(again.imported).toBe(2);
    expect((await ok(f.ledger, f.admin, 'assets.list', {})).map((a) => a.code)).toEqual(['E-1', 'E-2', 'E-3', 'E-4']);
  });

  it('a GB18030 CSV comes back as .xlsx holding the CSV text row for row, with the error column', async () => {
    const f = await seeded();
    const text = ['资产清单', '资产编号,资产名称,分类代码,原值,入账日期', 'C-1,椅子,A05010301,"1,200",2024/5/6', 'C-2,椅子,A05010301,一千,2024/5/6', '', 'C-3,椅子,A05010301,800,2024/13/6'].join('\r\n');
    const bytes = iconv.encode(text, 'gb18030');
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('清单.csv', bytes));
    expect(r.rejected.map((d) => [d.row, d.column])).toEqual([
      [4, '原值'],
      [6, '入账日期'],
    ]);
    const sheet = await ok(f.ledger, f.admin, 'imports.errorSheet', { fileName: '清单.csv', base64: bytes.toString('base64'), rejected: r.rejected });
    expect(sheet.fileName).toBe('清单-错误说明.xlsx');
    const ws = (await load(sheet.base64)).worksheets[0]!;
    expect(ws.getCell('A1').value).toBe('资产清单');
    expect(ws.getCell('F2').value).toBe('错误说明');
    expect(ws.getCell('D3').value).toBe('1,200');
    expect(ws.getCell('F3').value).toBeNull();
    expect(ws.getCell('F4').value).toBe('原值：金额格式不正确：一千');
    expect(ws.getCell('A6').value).toBe('C-3');
    expect(String(ws.getCell('F6').value)).toContain('2024/13/6');
    expect(fillOf(ws.getCell('D4'))).toBe(RED);
    expect(fillOf(ws.getCell('E6'))).toBe(RED);
  });

  it('a large .xlsx is streamed (values only) with the same result, also onlyRejected', async () => {
    const rows: Cell[][] = [['资产清查'], ['资产编号', '资产名称', '原值']];
    for (let i = 1; i <= 3000; i++) rows.push([`S-${i}`, '椅子', i % 1000 === 0 ? 'x' : { formula: `${i}*2`, result: i * 2 }]);
    const bytes = await xlsx(rows, ['A1:C1']);
    const rejected = [1000, 2000, 3000].map((i) => ({ row: i + 2, column: '原值', message: `金额格式不正确：x` }));
    const whole = await buildErrorSheet({ fileName: 'big.xlsx', base64: bytes.toString('base64'), rejected, fullLoadBytes: 1 });
    const ws = (await load(whole.base64)).worksheets[0]!;
    expect(ws.getCell('D2').value).toBe('错误说明');
    expect(ws.getCell('C3').value).toBe(2); // formula → its result
    expect(ws.getCell('D1002').value).toBe('原值：金额格式不正确：x');
    expect(fillOf(ws.getCell('C1002'))).toBe(RED);
    expect(ws.getCell('D1003').value).toBeNull();
    expect(ws.rowCount).toBe(3002);
    const only = await buildErrorSheet({ fileName: 'big.xlsx', base64: bytes.toString('base64'), rejected, onlyRejected: true, fullLoadBytes: 1 });
    const ws2 = (await load(only.base64)).worksheets[0]!;
    expect(ws2.rowCount).toBe(5);
    expect((ws2.getRow(5).values as Cell[]).slice(1)).toEqual(['S-3000', '椅子', 'x', '第 3002 行：原值：金额格式不正确：x']);
  });

  it('refuses a file it cannot read with a Chinese message', async () => {
    await expect(buildErrorSheet({ fileName: 'a.xls', base64: 'AAAA', rejected: [] })).rejects.toThrow(/不支持的文件类型/);
    await expect(buildErrorSheet({ fileName: 'a.xlsx', base64: 'AAAA', rejected: [] })).rejects.toThrow(/无法读取 Excel 文件/);
  });
});

describe('CLI assets import --errors', () => {
  it('writes the error sheet when rows are rejected and names it in the JSON', async () => {
    const f = await seeded();
    f.ledger.close();
    const file = path.join(f.dir, '清查.xlsx');
    fs.writeFileSync(file, await xlsx(ROWS));
    const errors = path.join(f.dir, '错误.xlsx');
    const r = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('db/hosts/cli/main.ts'), 'assets', 'import', file, '--unit', 'L01', '--errors', errors, '--db', f.file, '--json'], { encoding: 'utf8', env: { ...process.env, MEDCOM_LEDGER: '' }, timeout: 120_000 });
    expect(r.status, r.stderr).toBe(1);
    const doc = JSON.parse(r.stdout) as { imported: number; errorSheet: string };
    expect(doc.imported).toBe(0);
    expect(doc.errorSheet).toBe(errors);
    const ws = (await load(fs.readFileSync(errors).toString('base64'))).worksheets[0]!;
    expect(ws.getCell('G5').value).toBe('原值：金额格式不正确：六千');
  }, 60_000);
});
