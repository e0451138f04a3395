import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../db/io/sheet';
import { findHeader, isBannerRow, isBlankMarker, isColumnNumberRow, isTotalRow, normaliseHeader, type ColumnSpec } from '../../shared/import/headers';

// The parts of header recognition that real registers need beyond a plain one-row header.

type F = 'code' | 'name' | 'cost' | 'accumulated' | 'life' | 'fund' | 'fundFiscal' | 'fundOwn' | 'dept';
const SPECS: ColumnSpec<F>[] = [
  { field: 'code', aliases: ['资产编号', '卡片编号'], required: true },
  { field: 'name', aliases: ['资产名称'], required: true },
  { field: 'cost', aliases: ['原值', '账面原值'], required: true },
  { field: 'accumulated', aliases: ['累计折旧', '已提折旧'] },
  { field: 'life', aliases: ['折旧年限'] },
  { field: 'fund', aliases: ['资金来源'] },
  { field: 'fundFiscal', aliases: ['财政补助金额'] },
  { field: 'fundOwn', aliases: ['自有资金金额'] },
  { field: 'dept', aliases: ['使用部门'] },
];

describe('findHeader: a header over two rows', () => {
  it('merged down (headings repeated in the second row): the second row is the header, sub-headings win', () => {
    const rows = [
      ['固定资产明细表'],
      ['卡片编号', '资产名称', '价值信息', '价值信息', '资金来源', '资金来源', '使用部门'],
      ['卡片编号', '资产名称', '账面原值', '已提折旧', '财政补助金额', '自有资金金额', '使用部门'],
      ['ZC-1', '电脑', '100', '0', '100', '0', '内科'],
    ];
    const h = findHeader(rows, SPECS)!;
    expect(h.headerIndex).toBe(2);
    expect(h.columns).toEqual({ code: 0, name: 1, cost: 2, accumulated: 3, fundFiscal: 4, fundOwn: 5, dept: 6 });
    expect(h.labels.cost).toBe('账面原值');
  });

  it('not merged (blanks under the one-row headings): the two rows combine; an unknown sub-heading takes its column from the group', () => {
    const rows = [
      ['卡片编号', '资产名称', '原值', '资金来源', '', '', '使用部门'],
      ['', '', '', '财政补助金额', '其中：债务资金', '自有资金金额', ''],
      ['ZC-1', '电脑', '100', '60', '0', '40', '内科'],
    ];
    const h = findHeader(rows, SPECS)!;
    expect(h.headerIndex).toBe(1);
    expect(h.columns).toEqual({ code: 0, name: 1, cost: 2, fundFiscal: 3, fundOwn: 5, dept: 6 });
    expect(h.labels.fundFiscal).toBe('财政补助金额');
  });

  it('a data row under the header is never taken for a second header row, even when one of its values is a heading word', () => {
    const rows = [
      ['卡片编号', '资产名称', '原值', '备注'],
      ['ZC-1', '电脑', '100', '资金来源'],
    ];
    const h = findHeader(rows, SPECS)!;
    expect(h.headerIndex).toBe(0);
    expect(h.columns).toEqual({ code: 0, name: 1, cost: 2 });
  });

  it('a 栏次 row under the header is not a header row', () => {
    const h = findHeader([['资产编号', '资产名称', '原值'], ['甲', '乙', '1'], ['A', 'b', '1']], SPECS)!;
    expect(h.headerIndex).toBe(0);
  });
});

describe('normaliseHeader: zero-width characters', () => {
  it.each([
    ['使用\u200b部门', '使用部门'],
    ['\ufeff资产编号', '资产编号'],
    ['原值\n（元）', '原值'],
    ['折旧年限（年）', '折旧年限'],
  ])('%j → %j', (input, expected) => expect(normaliseHeader(input)).toBe(expected));
});

describe('rows that are not data', () => {
  it.each([
    [['合计'], true],
    [['合 计', '', '100'], true],
    [['本页小计'], true],
    [['总计：'], true],
    [['合计(共 12 项)'], true],
    [['累计'], true],
    [['合计金额'], false],
    [['ZC-1', '合计器'], false],
  ])('isTotalRow(%j) = %j', (cells, expected) => expect(isTotalRow(cells)).toBe(expected));

  it.each([
    [['一、通用设备', '一、通用设备', '一、通用设备'], true],
    [['注：本表金额单位为元', '注：本表金额单位为元'], true],
    [[undefined, '二、家具', '二、家具', undefined], true],
    [['一、通用设备'], false], // one cell: maybe a row with only a code typed; reported, not skipped
    [['ZC-1', 'ZC-1'], true],
    [['ZC-1', '电脑'], false],
    [['100', 100], false],
  ])('isBannerRow(%j) = %j', (cells, expected) => expect(isBannerRow(cells)).toBe(expected));

  it.each([
    ['以下空白', true],
    ['（以下空白）', true],
    ['以 下 空 白', true],
    ['以下无数据', true],
    ['此页无正文', true],
    ['空白', false],
    ['以下为空白表格说明', false],
  ])('isBlankMarker(%j) = %j', (text, expected) => expect(isBlankMarker(text)).toBe(expected));

  it.each([
    [['甲', '乙', '丙', '1', '2', '3'], true],
    [['栏次', '1', '2', '3'], true],
    [['', '（元）', '（元）', '（年）'], true],
    [['甲', '乙'], false], // two cells are not enough to be sure
    [['1', '电脑', '3'], false],
    [['ZC-1', '1', '2'], false],
  ])('isColumnNumberRow(%j) = %j', (cells, expected) => expect(isColumnNumberRow(cells)).toBe(expected));
});

describe('parseCsv: Excel leading-zero protection', () => {
  it('reads ="000123" (bare or quoted) as 000123 and leaves other = text alone', () => {
    expect(parseCsv('="000123","=""000124""",=A1+1,"a=""b"""\r\n')).toEqual([['000123', '000124', '=A1+1', 'a="b"']]);
  });
});
