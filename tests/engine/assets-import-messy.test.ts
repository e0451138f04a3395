import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ArgsIn } from '../../shared/api';
import { freshLedger, ok, seedOrg, tableCount, type Fixture } from './helpers';

// assets.import against sheets shaped like the registers people really keep (issue #3): title
// blocks, two-row headers, 栏次 rows, section banners, merged cells, 小计/合计 rows, notes and
// signature blocks, every way of writing amounts and dates, formulas, CSV in two encodings.
// Each fixture is built here with ExcelJS (or iconv for CSV) so the file is what Excel writes.

type Cell = ExcelJS.CellValue;

interface SheetSpec {
  name?: string;
  rows: Cell[][];
  merges?: string[];
  /** Per-cell number formats, 'B7' → '0.00'. */
  formats?: Record<string, string>;
}

async function workbook(...sheets: SheetSpec[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  sheets.forEach((s, i) => {
    const ws = wb.addWorksheet(s.name ?? `Sheet${i + 1}`);
    s.rows.forEach((cells, r) =>
      cells.forEach((v, c) => {
        if (v !== null && v !== undefined && v !== '') ws.getCell(r + 1, c + 1).value = v;
      }),
    );
    for (const m of s.merges ?? []) ws.mergeCells(m);
    for (const [addr, fmt] of Object.entries(s.formats ?? {})) ws.getCell(addr).numFmt = fmt;
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function seeded(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  await ok(f.ledger, f.admin, 'departments.batch', {
    ops: [
      { op: 'insert', row: { unitCode: 'L01', code: 'FSK', name: '放射科' } },
      { op: 'insert', row: { unitCode: 'L01', code: 'JYK', name: '检验科' } },
    ],
  });
  return f;
}

function upload(fileName: string, bytes: Buffer, extra: Partial<ArgsIn<'assets.import'>> = {}): ArgsIn<'assets.import'> {
  return { fileName, base64: bytes.toString('base64'), unitCode: 'L01', skipInvalid: false, dryRun: false, ...extra };
}

const NBSP = '\u00a0';
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));

/**
 * A finance-software export: merged title, 编制单位/截止日期/金额单位 lines, a two-row header
 * (价值信息 over 账面原值/已提折旧/折旧月数, the other headers merged down), a 序号 column, a
 * section banner merged across, every date and amount form, a department merged over three
 * rows, formulas with cached results, 小计/合计, a notes block, signatures and 以下空白.
 */
function financeExport(): SheetSpec {
  const H1 = ['序号', '卡片编号', '资产名称', '资产分类代码', '规格型号', '数量', '取得日期', '入账日期', '价值信息', null, null, '使用部门', '使用状况', '经费来源', '会计凭证号', '备注'];
  const H2 = [null, null, null, null, null, null, null, null, '账面原值', '已提折旧', '折旧月数'];
  return {
    name: '卡片明细',
    rows: [
      ['清河县人民医院固定资产卡片明细表'], // 1 merged A1:P1
      ['编制单位：清河县人民医院', null, null, null, null, null, null, null, null, null, '截止日期：2025年12月31日', null, null, null, '金额单位：元'], // 2
      ['单位名称：县人民医院'], // 3
      H1, // 4
      H2, // 5 (A4:A5 … H4:H5, L4:L5 … P4:P5 merged; I4:K4 merged)
      ['一、通用设备'], // 6 banner merged A6:P6
      [1, 'ZC-0001', '台式计算机', 'A02010105', '联想 M437', 1, '2019-03-05', '2019-03-05', '¥12,345.60', '1,234', 72, '内科', '在用', '财政拨款', '记-0312', null], // 7
      [2, 'ZC-0002', ' 台式计算机 ', 'A02010105', null, '1台', '2019/3/5', '2019/3/5', '12345.6元', '0', 72, null, '正常使用', '自筹', null, null], // 8 L7:L9 merged → 内科
      [3, `${NBSP}ZC-0003${NBSP}`, '打印机', 'A02021000', null, '１', '2019.03', '2019.03', '１２，３４５．６０', '-', 72, null, '使用中', null, '凭证 12 号', null], // 9 full-width, NBSP, accounting dash
      [4, 'ZC-0004', '打印机', 'A02021000', null, 1, '2019年3月5日', '2019年3月5日', 1234, 0, 72, '放射科', '在用', '财政补助', null, '原价 1,234'], // 10
      [5, 'ZC-0005', '便携式计算机', 'A02010108', null, 1, '20190305', 20190305, { formula: 'ROUND(2000*1.1,2)', result: 2200 }, { formula: 'J10*0', result: 0 }, 72, 'JYK', '在用', null, null, null], // 11 formulas
      [6, 'ZC-0006', '便携式计算机', 'A02010108', null, 1, 43529, utc(2019, 3, 5), 8000.000000000001, null, 72, '检验科', '闲置', null, null, null], // 12 serial, Date cell, float noise
      [7, 'ZC-0007', '计算机设备', 2010000, null, 1, '２０１９－０３－０５', '2019-03-05 00:00:00', ' 6 000.00 ', null, 72, null, '在用', '财政拨款', null, null], // 13 2010 class code as a number, full-width date
      ['小计', null, null, null, null, 7, null, null, 60705.2, 1234], // 14
      ['二、家具'], // 15 banner merged A15:P15
      [8, 'JJ-0001', '办公椅', 'A05010301', null, '2 把', '2020-01-10', '2020-01-10', 'RMB 800', null, 60, '内科', '在用', '其他', null, null], // 16
      ['合计', null, null, null, null, null, null, null, 61505.2, 1234], // 17 A17:E17 merged
      ['注：1. 本表根据资产管理系统导出，累计折旧截至2025年12月。'], // 18 merged A18:P18
      ['2. 金额单位为元，折旧月数为预计使用月数。'], // 19 merged A19:P19
      ['单位负责人：张三', null, null, null, '财务负责人：李四', null, null, null, '制表人：王五', null, null, null, '制表日期：2026年1月5日'], // 20
      ['（以下空白）'], // 21 merged A21:P21
    ],
    merges: [
      'A1:P1',
      ...'ABCDEFGHLMNOP'.split('').map((c) => `${c}4:${c}5`),
      'I4:K4',
      'A6:P6',
      'L7:L9',
      'A15:P15',
      'A17:E17',
      'A18:P18',
      'A19:P19',
      'A21:P21',
    ],
    formats: { H12: 'yyyy-mm-dd', G12: 'yyyy"年"m"月"d"日"' },
  };
}

describe('assets.import: a finance-software export', () => {
  it('reads the two-row header under three title lines, skips banners, 小计/合计, notes and signatures, and parses every form of value', async () => {
    const f = await seeded();
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('卡片明细.xlsx', await workbook(financeExport()), { openingPeriod: '2025-12' }));
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(8);
    const list = await ok(f.ledger, f.admin, 'assets.list', { unitCode: 'L01' });
    expect(list.map((a) => [a.code, a.name, a.classCode, a.bookedOn, a.costFen, a.accumulatedFen, a.usingDeptCode, a.status])).toEqual([
      ['JJ-0001', '办公椅', 'A05010301', '2020-01-10', 80000, 0, 'NK', '在用'],
      ['ZC-0001', '台式计算机', 'A02010105', '2019-03-05', 1234560, 123400, 'NK', '在用'],
      ['ZC-0002', '台式计算机', 'A02010105', '2019-03-05', 1234560, 0, 'NK', '在用'], // merged 使用部门: filled down
      ['ZC-0003', '打印机', 'A02021000', '2019-03-01', 1234560, 0, 'NK', '在用'],
      ['ZC-0004', '打印机', 'A02021000', '2019-03-05', 123400, 0, 'FSK', '在用'],
      ['ZC-0005', '便携式计算机', 'A02010108', '2019-03-05', 220000, 0, 'JYK', '在用'],
      ['ZC-0006', '便携式计算机', 'A02010108', '2019-03-05', 800000, 0, 'JYK', '闲置'],
      ['ZC-0007', '计算机设备', '2010000', '2019-03-05', 600000, 0, null, '在用'],
    ]);
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-0001' })).toMatchObject({ lifeMonths: 72, acquiredOn: '2019-03-05', fundFiscalFen: 1234560, voucherNo: '记-0312', model: '联想 M437' });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-0002' })).toMatchObject({ quantity: 1, measureUnit: '台', fundOwnFen: 1234560 });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-0003' })).toMatchObject({ acquiredOn: '2019-03-01', voucherNo: '凭证 12 号' });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-0006' })).toMatchObject({ acquiredOn: '2019-03-05' });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'JJ-0001' })).toMatchObject({ quantity: 2, measureUnit: '把', lifeMonths: 60, fundOtherFen: 80000 });
  });

  it('reports bad rows with the row number Excel shows, the sub-header as written and a Chinese reason', async () => {
    const f = await seeded();
    const sheet = financeExport();
    const at = (excelRow: number, col: string, v: Cell) => (sheet.rows[excelRow - 1]![col.charCodeAt(0) - 65] = v);
    at(7, 'I', '(1,234.00)'); // accounting negative
    at(8, 'H', '2019-02-30');
    at(10, 'M', '封存');
    at(11, 'I', { formula: 'A1/0', result: { error: '#DIV/0!' } });
    at(16, 'F', '2.5');
    at(12, 'D', 'A0201');
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('卡片明细.xlsx', await workbook(sheet), { openingPeriod: '2025-12', dryRun: true }));
    expect(r.rejected.map(({ row, column }) => [row, column])).toEqual([
      [7, '账面原值'],
      [8, '入账日期'],
      [10, '使用状况'],
      [11, '账面原值'],
      [12, '资产分类代码'],
      [16, '数量'],
    ]);
    const message = (row: number) => r.rejected.find((x) => x.row === row)!.message;
    expect(message(7)).toBe('金额不能为负数：(1,234.00)');
    expect(message(8)).toBe('日期不正确：2019-02-30（2019年2月只有28天）');
    expect(message(10)).toContain('封存');
    expect(message(11)).toContain('#DIV/0!');
    expect(message(12)).toContain('A0201');
    expect(message(16)).toContain('2.5');
    for (const x of r.rejected) expect(x.message).toMatch(/[\u4e00-\u9fff]/);
    expect(r.imported).toBe(2);
  });
});

describe('assets.import: a government form', () => {
  it('skips an instructions sheet, reads headers with line breaks, units and stray characters, and skips the 栏次 row', async () => {
    const f = await seeded();
    const instructions: SheetSpec = {
      name: '填表说明',
      rows: [['填表说明'], ['1. 资产编号必须唯一。'], ['2. 原值以元为单位。'], ['3. 日期格式为 YYYY-MM-DD。']],
    };
    const form: SheetSpec = {
      name: '资产登记表',
      rows: [
        ['行政事业单位固定资产登记表'],
        ['填报单位（盖章）：县人民医院', null, null, null, null, '2025年12月31日'],
        ['资产\n编号', '*资产名称', '资产分类\n代码', '原值\n（元）', '累计折旧（元）', '取得\n日期', '折旧年限（年）', '使用\u200b部门', '使用\n状态', '资金\n来源'],
        ['甲', '乙', '丙', '1', '2', '丁', '3', '戊', '己', '庚'],
        ['GF-01', '救护车', 'A02030500', 320000, 40000, '2023-06-30', 8, '内科', '在用', '财政补助'],
        ['GF-02', '病床', 'A05010100', '1,800.00', null, '2024-02', 10, null, '在用', '医疗收入'],
        ['合 计', null, null, 321800, 40000],
      ],
      merges: ['A1:J1'],
    };
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('登记表.xlsx', await workbook(instructions, form), { openingPeriod: '2025-12' }));
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(2);
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'GF-01' })).toMatchObject({ costFen: 32_000_000, accumulatedFen: 4_000_000, lifeMonths: 96, usingDeptCode: 'NK', fundFiscalFen: 32_000_000 });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'GF-02' })).toMatchObject({ costFen: 180_000, lifeMonths: 120, bookedOn: '2024-02-01', fundOwnFen: 180_000 });
  });

  it('reads a header repeated on every printed page once, and a formula without a cached result is reported, not taken as blank', async () => {
    const f = await seeded();
    const header = ['资产编号', '资产名称', '分类代码', '原值', '入账日期'];
    const bytes = await workbook({
      rows: [
        header,
        ['P-1', '打印机', 'A02021000', 1000, '2024-01-01'],
        header, // page 2 repeats the header
        ['P-2', '打印机', 'A02021000', { formula: 'D2*2' } as Cell, '2024-01-01'],
      ],
    });
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('p.xlsx', bytes, { dryRun: true }));
    expect(r.rejected.map(({ row, column }) => [row, column])).toEqual([[4, '原值']]);
    expect(r.rejected[0]!.message).toContain('公式');
    expect(r.imported).toBe(1);
  });
});

describe('assets.import: CSV from other systems', () => {
  it('UTF-8 with BOM: ="…" protected codes, non-breaking spaces, 使用年限, 12345.6元, 20190305, a 合计： row and notes', async () => {
    const f = await seeded();
    const text = [
      '资产清单,,,,,,,',
      `资产编号,资产名称,分类代码,价值,财务入账日期,使用年限,使用部门,使用状况`,
      `="000123",台式计算机,A02010105,12345.6元,20190305,6,内科,在用`,
      `"=""000124""",打印机,A02021000,"¥1,234.00",2019年3月5日,${NBSP}6${NBSP},NK,正常使用`,
      `000125 ,${NBSP}办公桌${NBSP},A05010201,"1,234",2019/3/5,15,,在用`,
      '合计：,,,"14,813.60",,,,',
      '注：本表由 HIS 资产模块导出,,,,,,,',
    ].join('\r\n');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('清单.csv', bytes));
    expect(r.rejected).toEqual([]);
    const list = await ok(f.ledger, f.admin, 'assets.list', { unitCode: 'L01' });
    expect(list.map((a) => [a.code, a.name, a.costFen, a.bookedOn, a.usingDeptCode, a.status])).toEqual([
      ['000123', '台式计算机', 1234560, '2019-03-05', 'NK', '在用'],
      ['000124', '打印机', 123400, '2019-03-05', 'NK', '在用'],
      ['000125', '办公桌', 123400, '2019-03-05', null, '在用'],
    ]);
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: '000124' })).toMatchObject({ lifeMonths: 72 });
  });

  it('GB18030: 资产编码/账面原值/已提折旧/折旧月数/使用状态/资金来源/凭证号; a bad row names its CSV line and column', async () => {
    const f = await seeded();
    const text = [
      '县人民医院资产台账',
      '截止日期：2025年12月31日',
      '资产编码,资产名称,资产分类代码,账面原值,已提折旧,折旧月数,购置日期,使用状态,资金来源,凭证号',
      'GB-1,彩色多普勒超声诊断仪,A02320201,"1,280,000.00","320,000.00",72,2022-12-20,在用,科研经费,记-88',
      'GB-2,心电图机,A02320200,壹万元,0,60,2023-01-05,在用,财政拨款,',
      'GB-3,心电图机,A02320200,"12,000",0,60,2023-1-5,报废,财政拨款,',
    ].join('\n');
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('台账.csv', iconv.encode(text, 'gb18030'), { openingPeriod: '2025-12', skipInvalid: true }));
    expect(r.rejected.map(({ row, column }) => [row, column])).toEqual([
      [5, '账面原值'],
      [6, '使用状态'],
    ]);
    expect(r.rejected[0]!.message).toContain('壹万元');
    expect(r.imported).toBe(1);
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'GB-1' })).toMatchObject({ costFen: 128_000_000, accumulatedFen: 32_000_000, lifeMonths: 72, fundResearchFen: 128_000_000, voucherNo: '记-88', bookedOn: '2022-12-20' });
    expect(tableCount(f.ledger, 'assets')).toBe(1);
  });
});

describe('assets.import: a large (streamed) messy sheet', () => {
  it('above the whole-load size: title, 栏次 row, formulas with cached results (also 0), a Date cell, 小计, notes and signatures', async () => {
    const f = await seeded();
    const rows: Cell[][] = [
      ['县人民医院资产卡片导出'],
      ['序号', '资产编号', '资产名称', '分类代码', '账面原值', '累计折旧', '入账日期', '使用部门', '规格型号', '备注'],
      ['甲', '乙', '丙', '丁', '1', '2', '3', '4', '5', '6'],
    ];
    const N = 20_000;
    for (let i = 1; i <= N; i++) {
      rows.push([i, `S-${String(i).padStart(6, '0')}`, '办公椅', 'A05010301', { formula: `${i % 500}+500`, result: (i % 500) + 500 }, { formula: 'E4*0', result: 0 }, i % 2 ? utc(2024, 3, 1) : '2024年3月1日', i % 3 ? '内科' : 'FSK', `人体工学椅 RT-${i * 7919}`, `政府采购项目 ZFCG-2024-${String(i).padStart(6, '0')} 第 ${i % 97} 批`]);
      if (i === 7000) rows.push(['小计', null, null, null, 1, 0]);
    }
    rows.push(['合计']);
    rows.push(['注：累计折旧截至2025年12月']);
    rows.push(['说明文字第二行']);
    rows.push(['制表人：王五', null, null, '审核人：李四', null, '负责人：张三', null, '日期：2026-01-05']);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('导出');
    for (const r of rows) ws.addRow(r);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const { FULL_LOAD_BYTES } = await import('../../db/modules/assets/import');
    expect(bytes.length).toBeGreaterThan(FULL_LOAD_BYTES);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload('导出.xlsx', bytes, { openingPeriod: '2025-12', dryRun: true }));
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(N);
    expect(r.preview[0]).toMatchObject({ row: 4, code: 'S-000001', costFen: 50100, openingAccumulatedFen: 0, bookedOn: '2024-03-01', usingDeptCode: 'NK' });
    expect(r.preview[2]).toMatchObject({ code: 'S-000003', usingDeptCode: 'FSK' });
  }, 120_000);
});
