import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { FULL_LOAD_BYTES } from '../../db/modules/assets/import';
import type { ArgsIn } from '../../shared/api';
import type { ErrorDetail } from '../../shared/errors';
import { auditCount, freshLedger, ok, seedOrg, tableCount, type Fixture } from './helpers';

// assets.import / assets.export against real files (ExcelJS, iconv-lite) and a real ledger.

type Cell = string | number | Date | null;

async function xlsxBytes(rows: Cell[][], merges: string[] = []): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('固定资产卡片');
  rows.forEach((cells, r) =>
    cells.forEach((v, c) => {
      if (v !== null && v !== '') ws.getCell(r + 1, c + 1).value = v;
    }),
  );
  for (const m of merges) ws.mergeCells(m);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const b64 = (b: Buffer) => b.toString('base64');

async function seeded(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  return f;
}

function upload(fileName: string, bytes: Buffer, extra: Partial<ArgsIn<'assets.import'>> = {}): ArgsIn<'assets.import'> {
  return { fileName, base64: b64(bytes), unitCode: 'L01', skipInvalid: false, dryRun: false, ...extra };
}

const MESSY_HEADER: Cell[] = ['卡片编号', ' 资产名称 ', '资产分类代码', '规格型号', '数量', '取得方式', '购置日期', '入账日期', '金额(元)', '已提折旧', '折旧年限', '使用部门', '使用人', '存放地点', '使用状态', '经费来源', '凭证号', '备注'];

/** A register as it comes from a hospital: merged title, a 填报 line, header variants, every date form, ¥ and full-width amounts, a merged department, a 合计 row. */
async function messySheet(): Promise<Buffer> {
  return xlsxBytes(
    [
      ['县人民医院固定资产登记表（截至2025年12月）'], // 1 merged A1:R1
      ['填报单位：县人民医院', null, null, null, null, null, '单位：元'], // 2
      MESSY_HEADER, // 3
      ['ZC-001', ' 台式计算机 ', 'A02010105', '联想 M437', 1, '购置', '2022-03-05', '2022-03-05', '¥12,345.60', '¥4,000.00', 8, '内科', '张医生', '门诊楼2层', '正常使用', '财政拨款', '记-0312', '迁移'], // 4
      ['ZC-002', '打印机', 'A02021000', 'HP M404', '2台', '新购', '2022/3/5', '2022/3/5', '1,234', '300', '6年', 'NK', '李护士', '护士站', '在用', '自筹', null, null], // 5 dept by code
      ['ZC-003', '打印机', 'A02021000', null, 1, '调入', '2022.03', '2022.03', 2500, 0, 6, '内 科', null, null, '闲置', null, null, null], // 6 merged dept L6:L7
      ['ＺＣ－００４', '台式计算机', 'Ａ０２０１０１０５', null, '１', '捐赠', '2022年3月5日', '2022年3月5日', '１２，３４５．６０', '０', 6, null, null, null, '在用', '财政补助', null, null], // 7 full-width
      ['ZC-005', '台式计算机', 'A02010105', null, 1, '新购', 44625, 44625, 8000, 1000.5, 6, null, null, null, '在用', null, null, null], // 8 Excel serials
      ['ZC-006', '台式计算机', 'A02010105', null, 1, '新购', new Date(Date.UTC(2022, 2, 5)), '2022-03-05', '1.2万', null, 6, null, null, null, null, null, null, null], // 9 date cell, 1.2万
      ['合计', null, null, null, 7, null, null, null, 48425.2, 5300.5], // 10
      ['制表人：王会计', null, null, null, null, '审核人：李科长'], // 11 signature line
    ],
    ['A1:R1', 'L6:L7'],
  );
}

describe('assets.import: a messy sheet from the field', () => {
  it('finds the header below the title, reads every variant and format, skips the 合计 row, and opens accumulated depreciation at the cut-over', async () => {
    const f = await seeded();
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('台账.xlsx', await messySheet(), { openingPeriod: '2025-12' }));
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(6);
    expect(r.batchId).toBeGreaterThan(0);
    const list = await ok(f.ledger, f.admin, 'assets.list', { unitCode: 'L01' });
    expect(list.map((a) => [a.code, a.name, a.bookedOn, a.costFen, a.accumulatedFen, a.usingDeptCode, a.status])).toEqual([
      ['ZC-001', '台式计算机', '2022-03-05', 1234560, 400000, 'NK', '在用'],
      ['ZC-002', '打印机', '2022-03-05', 123400, 30000, 'NK', '在用'],
      ['ZC-003', '打印机', '2022-03-01', 250000, 0, 'NK', '闲置'],
      ['ZC-004', '台式计算机', '2022-03-05', 1234560, 0, 'NK', '在用'],
      ['ZC-005', '台式计算机', '2022-03-05', 800000, 100050, null, '在用'],
      ['ZC-006', '台式计算机', '2022-03-05', 1200000, 0, null, '在用'],
    ]);
    const c1 = await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-001' });
    expect(c1).toMatchObject({
      model: '联想 M437',
      acquisitionMethod: '新购',
      acquiredOn: '2022-03-05',
      lifeMonths: 96,
      userName: '张医生',
      location: '门诊楼2层',
      fundFiscalFen: 1234560,
      fundOwnFen: 0,
      voucherNo: '记-0312',
      remarks: '迁移',
      openingAccumulatedFen: 400000,
      openingPeriod: '2025-12',
      // 2022-03 … 2025-12 inclusive; depreciation continues from 2026-01.
      monthsDepreciated: 46,
      nextPeriod: '2026-01',
    });
    const c2 = await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-002' });
    expect(c2).toMatchObject({ quantity: 2, measureUnit: '台', lifeMonths: 72, fundOwnFen: 123400, voucherNo: null });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-003' })).toMatchObject({ acquisitionMethod: '调入', acquiredOn: '2022-03-01' });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-004' })).toMatchObject({ acquisitionMethod: '捐赠', classCode: 'A02010105', fundFiscalFen: 1234560 });
  });
});

describe('assets.import: CSV', () => {
  it('reads a GB18030 CSV with a title line, department by name', async () => {
    const f = await seeded();
    const text = ['城关镇卫生院资产清册,,,,,,', '资产编码,资产名称,分类代码,原值,财务入账日期,使用部门,使用状况', 'T01-001,办公椅,A05010301,"¥1,200.00",2024/5/6,全科,在用', 'T01-002,台式计算机,A02010105,5600,2024年6月1日,QK,待修', '小计,,,6800,,,'].join('\r\n');
    const bytes = iconv.encode(text, 'gb18030');
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('清册.csv', bytes, { unitCode: 'T01' }));
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(2);
    const list = await ok(f.ledger, f.admin, 'assets.list', { unitCode: 'T01' });
    expect(list.map((a) => [a.code, a.name, a.costFen, a.bookedOn, a.usingDeptCode, a.status])).toEqual([
      ['T01-001', '办公椅', 120000, '2024-05-06', 'QK', '在用'],
      ['T01-002', '台式计算机', 560000, '2024-06-01', 'QK', '待修'],
    ]);
  });
});

const BAD_HEADER: Cell[] = ['资产编号', '资产名称', '分类代码', '原值', '累计折旧', '财务入账日期', '使用部门', '使用状况', '折旧年限'];

/** Two good rows and six bad ones, one problem each. */
async function badSheet(): Promise<Buffer> {
  return xlsxBytes([
    ['资产清查表'], // 1
    BAD_HEADER, // 2
    ['B-001', '台式计算机', 'A02010105', 6000, 0, '2025-01-10', '内科', '在用', 6], // 3 good
    ['B-002', '打印机', 'A02021000', 2000, null, '2025-02-10', null, null, null], // 4 good
    ['B-003', '台式计算机', 'A0201', 6000, 0, '2025-01-10', null, '在用', 6], // 5 bad class code
    ['B-004', '台式计算机', 'A02010105', 'abc', 0, '2025-01-10', null, '在用', 6], // 6 bad amount
    ['B-005', '台式计算机', 'A02010105', 6000, 0, '2025-02-30', null, '在用', 6], // 7 impossible date
    ['B-006', '台式计算机', 'A02010105', 6000, 0, '2025-01-10', '放射科', '在用', 6], // 8 unknown department
    ['B-001', '台式计算机', 'A02010105', 6000, 0, '2025-01-10', null, '在用', 6], // 9 duplicate of row 3
    ['B-008', '台式计算机', 'A02010105', 6000, 1500, '2025-01-10', null, '在用', 6], // 10 accumulated without a cut-over
  ]);
}

function expectBadRows(rejected: ErrorDetail[]) {
  expect(rejected.map(({ row, column }) => [row, column])).toEqual([
    [5, '分类代码'],
    [6, '原值'],
    [7, '财务入账日期'],
    [8, '使用部门'],
    [9, '资产编号'],
    [10, '累计折旧'],
  ]);
  for (const r of rejected) expect(r.message, JSON.stringify(r)).toMatch(/[\u4e00-\u9fff]/);
  expect(rejected[0]!.message).toContain('分类代码');
  expect(rejected[1]!.message).toBe('金额格式不正确：abc');
  expect(rejected[2]!.message).toContain('2025-02-30');
  expect(rejected[3]!.message).toBe('单位 L01 没有科室「放射科」（按科室编码或名称查找）');
  expect(rejected[4]!.message).toBe('资产编号 B-001 与第 3 行重复');
  expect(rejected[5]!.message).toContain('--opening-period');
}

describe('assets.import: rejected rows', () => {
  it('dry run reports every bad row with its sheet row, column as written and a Chinese reason, and writes nothing', async () => {
    const f = await seeded();
    const audit = auditCount(f.ledger);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('清查.xlsx', await badSheet(), { dryRun: true }));
    expect(r).toMatchObject({ imported: 2, dryRun: true, batchId: null });
    expectBadRows(r.rejected);
    expect(r.preview.map((p) => [p.row, p.code, p.costFen])).toEqual([
      [3, 'B-001', 600000],
      [4, 'B-002', 200000],
    ]);
    expect(tableCount(f.ledger, 'assets')).toBe(0);
    expect(auditCount(f.ledger)).toBe(audit);
  });

  it('is all-or-nothing by default', async () => {
    const f = await seeded();
    const audit = auditCount(f.ledger);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('清查.xlsx', await badSheet()));
    expect(r).toMatchObject({ imported: 0, dryRun: false, batchId: null });
    expectBadRows(r.rejected);
    expect(tableCount(f.ledger, 'assets')).toBe(0);
    expect(tableCount(f.ledger, 'asset_codes_used')).toBe(0);
    expect(auditCount(f.ledger)).toBe(audit);
  });

  it('imports only the valid rows with skipInvalid', async () => {
    const f = await seeded();
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('清查.xlsx', await badSheet(), { skipInvalid: true }));
    expect(r.imported).toBe(2);
    expectBadRows(r.rejected);
    expect((await ok(f.ledger, f.admin, 'assets.list', {})).map((a) => a.code)).toEqual(['B-001', 'B-002']);
    // Reported by the database checks: the number is now used.
    const again = await ok(f.ledger, f.admin, 'assets.import', upload('清查.xlsx', await badSheet(), { dryRun: true }));
    expect(again.rejected.filter((x) => x.row === 3)).toEqual([{ row: 3, column: '资产编号', field: 'code', message: '资产编号 B-001 已被使用（资产编号在医共体内唯一且不能重复使用）' }]);
  });

  it('reports every problem of a row in sheet column order; reads 原值(万元) and 折旧年限(月)', async () => {
    const f = await seeded();
    const bytes = await xlsxBytes([
      ['资产编号', '资产名称', '分类代码', '原值(万元)', '入账日期', '折旧年限(月)', '使用状况'],
      ['W-1', '台式计算机', 'A02010105', 0.6, '2025-01-01', 72, '在用'],
      ['W 2', null, 'A02010105', '六千', '2025-13-01', 60, '报废'],
    ]);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('w.xlsx', bytes, { skipInvalid: true }));
    expect(r.rejected.map(({ row, column, message }) => [row, column, message])).toEqual([
      [3, '资产编号', '资产编号只能含字母、数字和 - _ . /，最长 40 位（表中为「W 2」）'],
      [3, '资产名称', '必填'],
      [3, '原值(万元)', '金额格式不正确：六千'],
      [3, '入账日期', '日期不正确：2025-13-01（月份应为 1–12）'],
      [3, '使用状况', '使用状况须为：在用、闲置、出租出借、待修、待报废（表中为「报废」）'],
    ]);
    expect(r.imported).toBe(1);
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'W-1' })).toMatchObject({ costFen: 600000, lifeMonths: 72 });
  });

  it('names a missing required column', async () => {
    const f = await seeded();
    const bytes = await xlsxBytes([['资产编号', '资产名称', '原值', '入账日期'], ['X-1', '椅子', 100, '2025-01-01']]);
    const reply = await f.ledger.call('assets.import', upload('x.xlsx', bytes), f.admin);
    expect(reply.ok).toBe(false);
    if (!reply.ok) expect(reply.error.message).toBe('表头缺少必需的列：分类代码');
  });
});

describe('assets.import: cut-over', () => {
  it('takes the sheet accumulated as of the cut-over month end; a card booked after the cut-over starts fresh', async () => {
    const f = await seeded();
    const bytes = await xlsxBytes([
      ['资产编号', '资产名称', '分类代码', '原值', '累计折旧', '入账日期', '折旧月数'],
      ['K-1', '台式计算机', 'A02010105', 7200, 2400, '2024-01-15', 72], // 24 months used by 2025-12
      ['K-2', '台式计算机', 'A02010105', 7200, 0, '2026-02-01', 72], // after the cut-over
    ]);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('k.xlsx', bytes, { openingPeriod: '2025-12' }));
    expect(r.rejected).toEqual([]);
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'K-1' })).toMatchObject({ accumulatedFen: 240000, netFen: 480000, openingPeriod: '2025-12', monthsDepreciated: 24, nextPeriod: '2026-01' });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'K-2' })).toMatchObject({ accumulatedFen: 0, openingPeriod: null, monthsDepreciated: 0, nextPeriod: '2026-02' });
  });
});

describe('assets.import: a large sheet', () => {
  it('streams an .xlsx above the whole-load size, reporting progress, and imports every row in one batch', async () => {
    const f = await seeded();
    const N = 12_000;
    const chunks: Buffer[] = [];
    const sink = new PassThrough();
    sink.on('data', (c: Buffer) => chunks.push(c));
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
    const ws = wb.addWorksheet('资产');
    ws.addRow(['县人民医院资产台账']).commit();
    ws.addRow(['资产编号', '资产名称', '分类代码', '原值', '累计折旧', '财务入账日期', '使用部门', '资金来源', '备注']).commit();
    for (let i = 1; i <= N; i++) ws.addRow([`BIG-${String(i).padStart(6, '0')}`, '台式计算机', 'A02010105', 5000 + i / 100, i % 2 ? 1000 : 0, `2023/${1 + (i % 12)}/${1 + (i % 28)}`, i % 2 ? '内科' : 'NK', '财政拨款', createHash('sha512').update(String(i)).digest('base64')]).commit();
    ws.addRow(['合计', null, null, 60_720_300]).commit();
    ws.commit();
    await wb.commit();
    const bytes = Buffer.concat(chunks);
    expect(bytes.length).toBeGreaterThan(FULL_LOAD_BYTES);
    const progress: { task: string; done: number; total: number }[] = [];
    const off = f.ledger.on('progress', (p) => progress.push(p));
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('big.xlsx', bytes, { openingPeriod: '2025-12' }));
    off();
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(N);
    expect(r.preview).toHaveLength(200);
    expect(tableCount(f.ledger, 'assets')).toBe(N);
    expect(progress.length).toBeGreaterThanOrEqual(4);
    // The last event: every sheet row read (the title, the header, N cards and the 合计 row), done.
    expect(progress.at(-1)).toEqual({ task: '导入资产 big.xlsx', done: N + 3, total: N + 3 });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'BIG-000001' })).toMatchObject({ costFen: 500001, accumulatedFen: 100000, bookedOn: '2023-02-02', usingDeptCode: 'NK', fundFiscalFen: 500001, nextPeriod: '2026-01' });
  }, 60_000);
});

async function sheetRows(base64: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('assets.export', () => {
  it('writes the layout the import reads; an export re-imports unchanged into an empty ledger', async () => {
    const f = await seeded();
    await ok(f.ledger, f.admin, 'assets.import', upload('台账.xlsx', await messySheet(), { openingPeriod: '2025-12' }));
    const csv = iconv.encode('资产编码,资产名称,分类代码,原值,财务入账日期,使用部门\r\nT01-001,办公椅,A05010301,1200,2024/5/6,全科\r\n', 'gb18030');
    await ok(f.ledger, f.admin, 'assets.import', upload('c.csv', csv, { unitCode: 'T01' }));
    const exported = await ok(f.ledger, f.admin, 'assets.export', {});
    expect(exported.fileName).toMatch(/^资产台账-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const rows = await sheetRows(exported.base64);
    expect(rows[0]!.slice(0, 16)).toEqual(['资产编号', '原资产编号', '资产名称', '分类代码', '品牌', '规格型号', '数量', '计量单位', '取得方式', '取得日期', '投入使用日期', '财务入账日期', '会计凭证号', '原值', '价值类型', '资金来源']);
    expect(rows).toHaveLength(8);
    const h = rows[0] as string[];
    const first = Object.fromEntries(h.map((k, i) => [k, rows[1]![i] ?? null]));
    expect(first).toMatchObject({ 资产编号: 'ZC-001', 原值: 12345.6, 累计折旧: 4000, 累计折旧截至期间: '2025-12', 已提折旧月数: 46, 财务入账日期: '2022-03-05', 使用部门: '内科', 所属单位编码: 'L01', 资金来源: '财政补助', 折旧月数: 96 });

    // Amount cells carry the money format.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(exported.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets[0]!.getCell(2, h.indexOf('原值') + 1).numFmt).toBe('#,##0.00');

    const g = await seeded();
    const back = await ok(g.ledger, g.admin, 'assets.import', { fileName: exported.fileName, base64: exported.base64, skipInvalid: false, dryRun: false });
    expect(back.rejected).toEqual([]);
    expect(back.imported).toBe(7);
    const again = await ok(g.ledger, g.admin, 'assets.export', {});
    expect(await sheetRows(again.base64)).toEqual(rows);
    for (const code of ['ZC-001', 'ZC-002', 'ZC-005', 'T01-001']) {
      const pick = ({ events: _e, id: _i, updatedAt: _u, updatedBy: _b, ...rest }: Record<string, unknown>) => rest;
      const a = pick((await ok(f.ledger, f.admin, 'assets.show', { code })) as unknown as Record<string, unknown>);
      const b = pick((await ok(g.ledger, g.admin, 'assets.show', { code })) as unknown as Record<string, unknown>);
      expect(b).toEqual(a);
    }
    // Per unit.
    expect(await sheetRows((await ok(f.ledger, f.admin, 'assets.export', { unitCode: 'T01' })).base64)).toHaveLength(2);
  });
});

describe('assets.export after month-end runs', () => {
  it('carries depreciation charged by runs as the accumulated as of the last charged month; the re-import continues from the next month', async () => {
    const f = await seeded();
    const bytes = await xlsxBytes([
      ['资产编号', '资产名称', '分类代码', '原值', '财务入账日期', '折旧月数', '使用部门'],
      ['R-1', '台式计算机', 'A02010105', 7200, '2026-01-10', 72, 'NK'],
    ]);
    expect((await ok(f.ledger, f.admin, 'assets.import', upload('r.xlsx', bytes))).imported).toBe(1);
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-01' });
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-02' });
    const before = await ok(f.ledger, f.admin, 'assets.show', { code: 'R-1' });
    expect(before).toMatchObject({ accumulatedFen: 20000, monthsDepreciated: 2, nextPeriod: '2026-03' });
    const exported = await ok(f.ledger, f.admin, 'assets.export', {});
    const rows = await sheetRows(exported.base64);
    const h = rows[0] as string[];
    expect([rows[1]![h.indexOf('累计折旧')], rows[1]![h.indexOf('累计折旧截至期间')], rows[1]![h.indexOf('已提折旧月数')]]).toEqual([200, '2026-02', 2]);
    const g = await seeded();
    const back = await ok(g.ledger, g.admin, 'assets.import', { fileName: 'x.xlsx', base64: exported.base64, skipInvalid: false, dryRun: false });
    expect(back.rejected).toEqual([]);
    expect(await ok(g.ledger, g.admin, 'assets.show', { code: 'R-1' })).toMatchObject({ costFen: 720000, accumulatedFen: 20000, monthsDepreciated: 2, nextPeriod: '2026-03', openingPeriod: '2026-02', lifeMonths: 72 });
    expect(await sheetRows((await ok(g.ledger, g.admin, 'assets.export', {})).base64)).toEqual(rows);
  });
});

describe('CLI assets import / export', () => {
  const CLI = path.resolve('db/hosts/cli/main.ts');
  const run = (args: string[]) => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args, '--json'], { encoding: 'utf8', env: { ...process.env, MEDCOM_LEDGER: '' }, timeout: 120_000 });
    return { code: r.status, doc: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined, stderr: r.stderr };
  };

  it('prints {"imported", "rejected"}, exits non-zero and writes nothing when rows are rejected; --skip-invalid imports the rest', async () => {
    const f = await seeded();
    f.ledger.close();
    const file = path.join(f.dir, '清查.xlsx');
    fs.writeFileSync(file, await badSheet());
    const r = run(['assets', 'import', file, '--unit', 'L01', '--db', f.file]);
    expect(r.code, r.stderr).toBe(1);
    expect(Object.keys(r.doc!)).toEqual(['imported', 'rejected', 'dryRun']);
    expect(r.doc!.imported).toBe(0);
    expect((r.doc!.rejected as ErrorDetail[]).map((x) => [x.row, x.column])).toEqual([
      [5, '分类代码'],
      [6, '原值'],
      [7, '财务入账日期'],
      [8, '使用部门'],
      [9, '资产编号'],
      [10, '累计折旧'],
    ]);
    const out = path.join(f.dir, 'out.xlsx');
    expect(run(['assets', 'export', out, '--db', f.file]).code).toBe(0);
    expect(await sheetRows(fs.readFileSync(out).toString('base64'))).toHaveLength(1);

    const skip = run(['assets', 'import', file, '--unit', 'L01', '--skip-invalid', '--opening-period', '2025-12', '--db', f.file]);
    expect(skip.code, skip.stderr).toBe(0);
    expect(skip.doc).toMatchObject({ imported: 3 });
    expect(run(['assets', 'export', out, '--unit', 'L01', '--db', f.file]).code).toBe(0);
    expect((await sheetRows(fs.readFileSync(out).toString('base64'))).map((r) => r[0])).toEqual(['资产编号', 'B-001', 'B-002', 'B-008']);
  }, 60_000);
});
