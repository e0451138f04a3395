import fs from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ErrorDetail } from '../../shared/errors';
import { auditCount, dump, fails, freshLedger, ok, seedOrg, unitsByCode, type Fixture } from './helpers';

type Cell = string | number | null;

/** Build an .xlsx: row i of `rows` is sheet row i+1; null/'' cells stay empty. */
async function xlsx(rows: Cell[][], merges: string[] = []): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('单位名册');
  rows.forEach((cells, r) =>
    cells.forEach((v, c) => {
      if (v !== null && v !== '') ws.getCell(r + 1, c + 1).value = v;
    }),
  );
  for (const m of merges) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

const TITLE = 'XX县医共体成员单位名册（2026年）';
const HEADER: Cell[] = ['单位编码(必填)', '*单位名称', '单位 类型', '上级单位编码'];

/** A sheet as it arrives from the field: title rows (merged), header variants, blanks, full-width digits, stray spaces, a parent defined after its child, a merged parent column, a numeric code and a total row. */
async function fieldSheet(): Promise<string> {
  return xlsx(
    [
      [TITLE, null, null, null], // 1 (merged A1:D1)
      ['填报单位：县卫健局', null, '填报日期：2026-03-01', null], // 2 (merged A2:B2)
      [], // 3 blank
      HEADER, // 4
      ['L01', '县人民医院', '牵头医院', ''], // 5
      [' Ｔ０１ ', '城关镇卫生院\u3000', '卫生院', 'L01'], // 6
      [], // 7 blank
      ['V01', '东村卫生室', '卫生室', 'Ｔ０１'], // 8
      ['V02', ' 西村卫生室', '村卫生室', 'T02'], // 9  parent defined further down
      ['V03', '河口村卫生室', '村卫生室', 'T02'], // 10 (D9:D10 merged, value T02)
      ['T02', '河口镇卫生院', '中心卫生院', 'L01'], // 11
      [1001, '县中医院', '县医院', 'L01'], // 12 numeric code
      ['合计', '7 个', '', ''], // 13
    ],
    ['A1:D1', 'A2:B2', 'D9:D10'],
  );
}

/** A sheet with one good parent pair and six different problems, each on its own row. */
async function badSheet(): Promise<string> {
  return xlsx([
    [TITLE, null, null, null], // 1
    HEADER, // 2
    ['L01', '县人民医院', '牵头医院', null], // 3 good
    ['T01', '城关镇卫生院', '乡镇卫生院', 'L01'], // 4 good
    ['X 9', '某单位', '其他', null], // 5 bad code
    ['V01', '', '村卫生室', 'T01'], // 6 missing name
    ['V02', '西村卫生室', '医院', 'T01'], // 7 unknown type
    ['V03', '某村卫生室', '村卫生室', 'NOPE'], // 8 unknown parent
    ['V04', '某村卫生室', '村卫生室', 'L01'], // 9 village under the lead hospital
    ['T01', '城关镇卫生院（重复）', '乡镇卫生院', 'L01'], // 10 duplicate of row 4
  ]);
}

const EXPECTED_REJECTS: Partial<ErrorDetail>[] = [
  { row: 5, column: '单位编码(必填)', field: 'code' },
  { row: 6, column: '*单位名称', field: 'name' },
  { row: 7, column: '单位 类型', field: 'type' },
  { row: 8, column: '上级单位编码', field: 'parentCode' },
  { row: 9, column: '上级单位编码', field: 'parentCode' },
  { row: 10, column: '单位编码(必填)', field: 'code' },
];

function expectRejects(rejected: ErrorDetail[]) {
  expect(rejected.map(({ row, column, field }) => ({ row, column, field }))).toEqual(EXPECTED_REJECTS);
  for (const r of rejected) expect(r.message, JSON.stringify(r)).toMatch(/[\u4e00-\u9fff]/);
  expect(rejected[0]!.message).toContain('单位编码');
  expect(rejected[1]!.message).toBe('必填');
  expect(rejected[2]!.message).toContain('单位类型须为');
  expect(rejected[3]!.message).toContain('NOPE 不存在');
  expect(rejected[4]!.message).toContain('乡镇卫生院或社区卫生服务中心');
  expect(rejected[5]!.message).toContain('与第 4 行重复');
}

const upload = (fileName: string, base64: string, extra: { dryRun?: boolean; skipInvalid?: boolean } = {}) => ({ fileName, base64, ...extra });

describe('units.import from .xlsx', () => {
  it('reads a field sheet: title rows, merged cells, header variants, blanks, full-width digits, spaces, total row, parent after child', async () => {
    const f = await freshLedger();
    const r = await ok(f.ledger, f.admin, 'units.import', upload('单位名册.xlsx', await fieldSheet()));
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(7);
    expect(r.batchId).toBeGreaterThan(0);
    const units = await unitsByCode(f.ledger);
    expect([...units.values()].map((u) => [u.code, u.name, u.type, u.parentCode]).sort()).toEqual(
      [
        ['1001', '县中医院', '县级医院', 'L01'],
        ['L01', '县人民医院', '牵头医院', null],
        ['T01', '城关镇卫生院', '乡镇卫生院', 'L01'],
        ['T02', '河口镇卫生院', '乡镇卫生院', 'L01'],
        ['V01', '东村卫生室', '村卫生室', 'T01'],
        ['V02', '西村卫生室', '村卫生室', 'T02'],
        ['V03', '河口村卫生室', '村卫生室', 'T02'],
      ].sort(),
    );
  });

  it('a deeper chain listed child-first imports (village, then township, then lead hospital)', async () => {
    const f = await freshLedger();
    const r = await ok(f.ledger, f.admin, 'units.import', upload('u.xlsx', await xlsx([HEADER, ['V01', '东村卫生室', '村卫生室', 'T01'], ['T01', '城关镇卫生院', '乡镇卫生院', 'L01'], ['L01', '县人民医院', '牵头医院', null]])));
    expect(r).toMatchObject({ imported: 3, rejected: [] });
  });

  it('one import is one audit row', async () => {
    const f = await freshLedger();
    const n = auditCount(f.ledger);
    const r = await ok(f.ledger, f.admin, 'units.import', upload('单位名册.xlsx', await fieldSheet()));
    expect(auditCount(f.ledger)).toBe(n + 1);
    expect(f.ledger.db.prepare('SELECT method, summary FROM audit_log WHERE seq = ?').get(r.batchId)).toMatchObject({ method: 'units.import', summary: expect.stringContaining('单位名册.xlsx') });
  });

  it('dryRun reports rejected rows with sheet row, header as written and a Chinese reason, and writes nothing', async () => {
    const f = await freshLedger();
    const n = auditCount(f.ledger);
    const r = await ok(f.ledger, f.admin, 'units.import', upload('bad.xlsx', await badSheet(), { dryRun: true }));
    expect(r.dryRun).toBe(true);
    expect(r.imported).toBe(2); // would be written: L01, T01
    expect(r.batchId).toBeNull();
    expectRejects(r.rejected);
    expect(r.preview.map((p) => p.code)).toEqual(expect.arrayContaining(['L01', 'T01']));
    expect(dump(f.ledger.db, 'units')).toEqual([]);
    expect(auditCount(f.ledger)).toBe(n);
  });

  it('takes an automatic backup before writing an import, and none for a dry run', async () => {
    const f = await freshLedger();
    const backups = () => (fs.existsSync(`${f.file}.backups`) ? fs.readdirSync(`${f.file}.backups`).filter((n) => n.includes('before-import')) : []);
    await ok(f.ledger, f.admin, 'units.import', upload('单位名册.xlsx', await fieldSheet(), { dryRun: true }));
    expect(backups()).toEqual([]);
    await ok(f.ledger, f.admin, 'units.import', upload('单位名册.xlsx', await fieldSheet()));
    expect(backups()).toHaveLength(1);
  });

  it('a clean dryRun writes nothing either', async () => {
    const f = await freshLedger();
    const r = await ok(f.ledger, f.admin, 'units.import', upload('单位名册.xlsx', await fieldSheet(), { dryRun: true }));
    expect(r).toMatchObject({ imported: 7, rejected: [], batchId: null });
    expect(dump(f.ledger.db, 'units')).toEqual([]);
  });

  it('by default is all-or-nothing: any bad row means nothing is written', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const before = dump(f.ledger.db, 'units');
    const n = auditCount(f.ledger);
    // T01 and L01 exist already (they would be updated); the bad rows must stop those updates too.
    const r = await ok(f.ledger, f.admin, 'units.import', upload('bad.xlsx', await badSheet()));
    expect(r.imported).toBe(0);
    expect(r.batchId).toBeNull();
    expect(r.rejected.length).toBeGreaterThan(0);
    expect(dump(f.ledger.db, 'units')).toEqual(before);
    expect(auditCount(f.ledger)).toBe(n);
  });

  it('skipInvalid writes the good rows only', async () => {
    const f = await freshLedger();
    const r = await ok(f.ledger, f.admin, 'units.import', upload('bad.xlsx', await badSheet(), { skipInvalid: true }));
    expect(r.imported).toBe(2);
    expect(r.batchId).toBeGreaterThan(0);
    expectRejects(r.rejected);
    expect([...(await unitsByCode(f.ledger)).keys()].sort()).toEqual(['L01', 'T01']);
  });

  it('a child whose parent row is rejected is rejected too (with skipInvalid)', async () => {
    const f = await freshLedger();
    const r = await ok(f.ledger, f.admin, 'units.import', upload('u.xlsx', await xlsx([HEADER, ['T01', '城关镇卫生院', '医院', null], ['V01', '东村卫生室', '村卫生室', 'T01']]), { skipInvalid: true }));
    expect(r.imported).toBe(0);
    expect(r.rejected.map((d) => d.row)).toEqual([2, 3]);
  });

  it('re-importing the ledger’s own export changes nothing', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const before = await ok(f.ledger, f.admin, 'units.list', {});
    const n = auditCount(f.ledger);
    const exported = await ok(f.ledger, f.admin, 'units.export', {});
    expect(exported.fileName).toMatch(/\.xlsx$/);
    const r = await ok(f.ledger, f.admin, 'units.import', upload(exported.fileName, exported.base64));
    expect(r).toMatchObject({ imported: before.length, rejected: [], batchId: null });
    expect(await ok(f.ledger, f.admin, 'units.list', {})).toEqual(before);
    expect(auditCount(f.ledger)).toBe(n);
  });

  it('an export imported into an empty ledger recreates the same organisation', async () => {
    const a = await freshLedger();
    await seedOrg(a);
    const exported = await ok(a.ledger, a.admin, 'units.export', {});
    const b = await freshLedger();
    const r = await ok(b.ledger, b.admin, 'units.import', upload(exported.fileName, exported.base64));
    expect(r.imported).toBe(7);
    const strip = (rows: { code: string; name: string; type: string; parentCode: string | null }[]) => rows.map(({ code, name, type, parentCode }) => ({ code, name, type, parentCode }));
    expect(strip(await ok(b.ledger, b.admin, 'units.list', {}))).toEqual(strip(await ok(a.ledger, a.admin, 'units.list', {})));
  });

  it('an existing code in the sheet updates that unit (and only if something changed)', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const t01 = (await unitsByCode(f.ledger)).get('T01')!;
    const r = await ok(f.ledger, f.admin, 'units.import', upload('u.xlsx', await xlsx([HEADER, ['T01', '城关中心卫生院', '乡镇卫生院', 'L01'], ['V01', '东村卫生室', '村卫生室', 'T01']])));
    expect(r.imported).toBe(2);
    const after = (await unitsByCode(f.ledger)).get('T01')!;
    expect(after).toMatchObject({ id: t01.id, name: '城关中心卫生院', version: t01.version + 1 });
    expect((await unitsByCode(f.ledger)).get('V01')!.version).toBe(1);
  });

  it('refuses a sheet without the required columns, naming them', async () => {
    const f = await freshLedger();
    const e = await fails(f.ledger, f.admin, 'units.import', upload('u.xlsx', await xlsx([['单位编码', '单位名称', '备注'], ['L01', '县人民医院', '']])), 'VALIDATION');
    expect(e.message).toContain('单位类型');
    expect(e.details?.[0]).toMatchObject({ row: 1, column: '单位类型' });
  });

  it('refuses a sheet without a recognisable header, and non-sheet files, with Chinese messages', async () => {
    const f = await freshLedger();
    const e1 = await fails(f.ledger, f.admin, 'units.import', upload('u.xlsx', await xlsx([['甲', '乙'], ['1', '2']])), 'VALIDATION');
    expect(e1.message).toContain('找不到表头');
    const e2 = await fails(f.ledger, f.admin, 'units.import', upload('u.xls', Buffer.from('x').toString('base64')), 'VALIDATION');
    expect(e2.message).toContain('.xlsx');
    const e3 = await fails(f.ledger, f.admin, 'units.import', upload('u.xlsx', Buffer.from('not a zip file at all').toString('base64')), 'VALIDATION');
    expect(e3.message).toMatch(/无法读取/);
  });
});

describe('units.import from .csv', () => {
  const CSV = [
    '成员单位名册,,,',
    '',
    '单位代码 ,单位名称（全称）,类型,上级单位',
    'L01,县人民医院,牵头医院,',
    'Ｔ０１, 城关镇卫生院 ,卫生院,L01',
    '"V01","东村卫生室,一号",卫生室,T01',
    'X 9,坏编码,其他,',
    '合计,3,,',
    '',
  ].join('\r\n');

  async function importCsv(f: Fixture, bytes: Buffer, extra: { dryRun?: boolean; skipInvalid?: boolean } = {}) {
    return ok(f.ledger, f.admin, 'units.import', upload('单位.csv', bytes.toString('base64'), extra));
  }

  it('decodes GB18030 (Chinese Excel’s default)', async () => {
    const f = await freshLedger();
    const bytes = iconv.encode(CSV, 'gb18030');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const r = await importCsv(f, bytes, { skipInvalid: true });
    expect(r.imported).toBe(3);
    expect(r.rejected).toEqual([expect.objectContaining({ row: 7, column: '单位代码', field: 'code' })]);
    const units = await unitsByCode(f.ledger);
    expect(units.get('T01')).toMatchObject({ name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' });
    expect(units.get('V01')).toMatchObject({ name: '东村卫生室,一号', type: '村卫生室' });
  });

  it('decodes UTF-8 with a BOM (the BOM does not spoil the first header)', async () => {
    const f = await freshLedger();
    const csv = ['单位编码,单位名称,单位类型,上级单位编码', 'L01,县人民医院,牵头医院,', 'T01,城关镇卫生院,乡镇卫生院,L01'].join('\n');
    const r = await importCsv(f, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv, 'utf8')]));
    expect(r).toMatchObject({ imported: 2, rejected: [] });
    expect((await unitsByCode(f.ledger)).get('T01')!.name).toBe('城关镇卫生院');
  });

  it('decodes UTF-8 without a BOM', async () => {
    const f = await freshLedger();
    const r = await importCsv(f, Buffer.from(CSV, 'utf8'), { dryRun: true });
    expect(r.imported).toBe(3);
    expect(r.rejected.map((d) => d.row)).toEqual([7]);
  });

  it('all-or-nothing applies to CSV too', async () => {
    const f = await freshLedger();
    const r = await importCsv(f, iconv.encode(CSV, 'gb18030'));
    expect(r.imported).toBe(0);
    expect(dump(f.ledger.db, 'units')).toEqual([]);
  });
});

describe('departments.import', () => {
  it('round-trips its own export and reports bad rows by sheet row and header', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const before = await ok(f.ledger, f.admin, 'departments.list', {});
    const exported = await ok(f.ledger, f.admin, 'departments.export', {});
    expect(await ok(f.ledger, f.admin, 'departments.import', upload(exported.fileName, exported.base64))).toMatchObject({ imported: 4, rejected: [], batchId: null });
    expect(await ok(f.ledger, f.admin, 'departments.list', {})).toEqual(before);

    const sheet = await xlsx([['科室名册'], ['所属单位编码', '科室编码', '科室名称'], ['T01', 'FB', '妇保科'], ['NOPE', 'FB', '妇保科'], ['T01', '全科', '全科']], ['A1:C1']);
    const r = await ok(f.ledger, f.admin, 'departments.import', upload('d.xlsx', sheet, { dryRun: true }));
    expect(r.imported).toBe(1);
    expect(r.rejected.map(({ row, column }) => ({ row, column }))).toEqual([
      { row: 4, column: '所属单位编码' },
      { row: 5, column: '科室编码' },
    ]);
  });
});
