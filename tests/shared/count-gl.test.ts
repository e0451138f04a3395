import { describe, expect, it } from 'vitest';
import { accountFromCode, accountFromName, combineGlLines, periodFromText, readGlSheet } from '../../shared/domain/count-gl';

const balances = (rows: string[][]) => {
  const s = readGlSheet(rows)!;
  expect(s, 'header found').toBeDefined();
  return { sheet: s, lines: s.lines.map((l) => [l.account, l.sub, l.balanceFen]) };
};

describe('account and period texts', () => {
  it.each([
    ['1601', { account: '1601', sub: false }],
    ['1601 固定资产', { account: '1601', sub: false }],
    ['1601固定资产', { account: '1601', sub: false }],
    ['160101', { account: '1601', sub: true }],
    ['1602.01', { account: '1602', sub: true }],
    ['1702-01-02', { account: '1702', sub: true }],
    ['１７０１', { account: '1701', sub: false }],
    ['1001', { other: true }],
    ['固定资产', undefined],
  ] as const)('code %j', (text, expected) => {
    expect(accountFromCode(text)).toEqual(expected);
  });

  it.each([
    ['固定资产', '1601'],
    ['  固定资产累计折旧', '1602'],
    ['无形资产', '1701'],
    ['无形资产累计摊销', '1702'],
    ['库存现金', undefined],
  ] as const)('name %j', (text, expected) => {
    expect(accountFromName(text)).toBe(expected);
  });

  it.each([
    ['2026年03月', '2026-03'],
    ['2026年3月', '2026-03'],
    ['2026.03', '2026-03'],
    ['2026-3', '2026-03'],
    ['202603', '2026-03'],
    ['2026年1月至3月', '2026-03'],
    ['2026年01月-2026年03月', '2026-03'],
    ['第一季度', undefined],
  ] as const)('period %j', (text, expected) => {
    expect(periodFromText(text)).toBe(expected);
  });
});

describe('trial-balance layouts', () => {
  it('two-row header with merged groups (as in an .xlsx, merged cells repeat their text), title lines with unit and period', () => {
    const rows = [
      ['科目余额表'],
      ['核算单位：城关镇卫生院', '', '', '期间：2026年03月'],
      ['科目编码', '科目名称', '期初余额', '期初余额', '本期发生额', '本期发生额', '期末余额', '期末余额'],
      ['', '', '借方', '贷方', '借方', '贷方', '借方', '贷方'],
      ['1001', '库存现金', '1,000.00', '', '', '', '1,000.00', ''],
      ['1601', '固定资产', '1,200,000.00', '', '50,000.00', '', '1,250,000.00', ''],
      ['160101', '房屋及构筑物', '800,000.00', '', '', '', '800,000.00', ''],
      ['1602', '固定资产累计折旧', '', '300,000.00', '', '10,000.00', '', '310,000.00'],
      ['1701', '无形资产', '', '', '', '', '', ''],
      ['合计', '', '', '', '', '', '9,999,999.00', ''],
    ];
    const { sheet, lines } = balances(rows);
    expect(sheet.unitText).toBe('城关镇卫生院');
    expect(sheet.period).toBe('2026-03');
    expect(sheet.problems).toEqual([]);
    expect(lines).toEqual([
      ['1601', false, 125000000],
      ['1601', true, 80000000],
      ['1602', false, 31000000],
      ['1701', false, 0],
    ]);
  });

  it('the same merged header saved as CSV (group title only in its first cell)', () => {
    const rows = [
      ['编制单位：', '河口镇卫生院', '', '', '', ''],
      ['科目代码', '科目名称', '期初余额', '', '期末余额', ''],
      ['', '', '借方', '贷方', '借方', '贷方'],
      ['1601', '固定资产', '100.00', '', '120.50', ''],
      ['1602', '固定资产累计折旧', '', '10', '', '¥20.25'],
    ];
    const { sheet, lines } = balances(rows);
    expect(sheet.unitText).toBe('河口镇卫生院');
    expect(lines).toEqual([
      ['1601', false, 12050],
      ['1602', false, 2025],
    ]);
  });

  it('balance with a direction column; 平 is zero; a credit 1601 is negative', () => {
    const rows = [
      ['科目', '期末方向', '期末余额'],
      ['1601 固定资产', '借', '5,000.00'],
      ['1602 固定资产累计折旧', '贷', '1,000.00'],
      ['1701 无形资产', '平', '0'],
      ['1702 无形资产累计摊销', '借', '10.00'],
    ];
    expect(balances(rows).lines).toEqual([
      ['1601', false, 500000],
      ['1602', false, 100000],
      ['1701', false, 0],
      ['1702', false, -1000],
    ]);
  });

  it('a long list with unit and period columns and one balance column (a negative 1602 is a credit written with a minus)', () => {
    const rows = [
      ['单位', '期间', '科目编码', '科目名称', '余额'],
      ['T01', '2026-03', '1601', '固定资产', '1.2万'],
      ['T01', '2026-03', '1602', '固定资产累计折旧', '-3,000.00'],
      ['T02', '2026-02', '1601', '固定资产', '500'],
    ];
    const s = readGlSheet(rows)!;
    expect(s.hasUnitColumn).toBe(true);
    expect(s.lines.map((l) => [l.unitText, l.period, l.account, l.balanceFen])).toEqual([
      ['T01', '2026-03', '1601', 1200000],
      ['T01', '2026-03', '1602', 300000],
      ['T02', '2026-02', '1601', 50000],
    ]);
  });

  it('names only, 期末借方余额 / 期末贷方余额 on one row, accounting brackets', () => {
    const rows = [
      ['会计科目', '期初借方余额', '期初贷方余额', '期末借方余额', '期末贷方余额'],
      ['固定资产', '1', '', '2,000.00', ''],
      ['固定资产累计折旧', '', '1', '', '(100.00)'],
    ];
    expect(balances(rows).lines).toEqual([
      ['1601', false, 200000],
      ['1602', false, -10000],
    ]);
  });

  it('bad amounts and directions are reported on their row', () => {
    const rows = [
      ['科目编码', '余额方向', '期末余额'],
      ['1601', '借', 'abc'],
      ['1602', '收', '100'],
    ];
    const s = readGlSheet(rows)!;
    expect(s.lines).toEqual([]);
    expect(s.problems.map((p) => [p.rowIndex, p.column])).toEqual([
      [1, '期末余额'],
      [2, '余额方向'],
    ]);
  });

  it('no header → undefined; no closing balance column → a problem', () => {
    expect(readGlSheet([['资产编号', '资产名称']])).toBeUndefined();
    const s = readGlSheet([['科目编码', '期初余额']])!;
    expect(s.problems[0]!.message).toMatch(/期末余额/);
  });
});

describe('combining rows', () => {
  it('own row wins over sub-accounts; sub-accounts are summed when the own row is missing; two own rows are a problem', () => {
    const r = combineGlLines([
      { rowIndex: 1, account: '1601', sub: false, balanceFen: 1000, unitKey: 'u1' },
      { rowIndex: 2, account: '1601', sub: true, balanceFen: 600, unitKey: 'u1' },
      { rowIndex: 3, account: '1602', sub: true, balanceFen: 70, unitKey: 'u1' },
      { rowIndex: 4, account: '1602', sub: true, balanceFen: 30, unitKey: 'u1' },
      { rowIndex: 5, account: '1601', sub: false, balanceFen: 5, unitKey: 'u2' },
      { rowIndex: 6, account: '1601', sub: false, balanceFen: 6, unitKey: 'u2' },
    ]);
    expect(r.balances.map((b) => [b.unitKey, b.account, b.balanceFen])).toEqual([
      ['u1', '1601', 1000],
      ['u2', '1601', 5],
      ['u1', '1602', 100],
    ]);
    expect(r.problems.map((p) => p.rowIndex)).toEqual([6]);
  });
});
