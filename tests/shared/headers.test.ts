import { describe, expect, it } from 'vitest';
import { findHeader, isTotalRow, normaliseHeader, type ColumnSpec } from '../../shared/import/headers';

type F = 'code' | 'name' | 'type' | 'parentCode';
const SPECS: ColumnSpec<F>[] = [
  { field: 'code', aliases: ['单位编码', '单位代码', '编码', 'code'], required: true },
  { field: 'name', aliases: ['单位名称', '名称', 'name'], required: true },
  { field: 'type', aliases: ['单位类型', '类型'], required: true },
  { field: 'parentCode', aliases: ['上级单位编码', '上级单位'] },
];

describe('normaliseHeader', () => {
  it.each([
    ['单位编码', '单位编码'],
    ['单位编码(必填)', '单位编码'],
    ['单位编码（必填）', '单位编码'],
    ['*单位名称', '单位名称'],
    ['＊单位名称', '单位名称'],
    ['单位 名称', '单位名称'],
    ['单位\n名称', '单位名称'],
    ['\u3000单位名称\u3000', '单位名称'],
    ['单位名称：', '单位名称'],
    ['原值(元)', '原值'],
    ['CODE', 'code'],
    ['ｃｏｄｅ', 'code'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(normaliseHeader(input)).toBe(expected);
  });
});

describe('findHeader', () => {
  it('finds the header below title rows and reports the labels as written', () => {
    const rows = [
      ['XX县医共体成员单位名册', 'XX县医共体成员单位名册', 'XX县医共体成员单位名册', 'XX县医共体成员单位名册'],
      ['填报单位：县卫健局', '', '填报日期：2026-03-01', ''],
      ['', '', '', ''],
      ['单位编码(必填)', '*单位名称', '单位 类型', '上级单位编码'],
      ['L01', '县人民医院', '牵头医院', ''],
    ];
    const h = findHeader(rows, SPECS)!;
    expect(h.headerIndex).toBe(3);
    expect(h.columns).toEqual({ code: 0, name: 1, type: 2, parentCode: 3 });
    expect(h.labels).toEqual({ code: '单位编码(必填)', name: '*单位名称', type: '单位 类型', parentCode: '上级单位编码' });
    expect(h.missingRequired).toEqual([]);
  });

  it('handles columns in any order, with a leading blank column and full-width brackets', () => {
    const rows = [['', '上级单位', '单位类型', '单位名称（全称）', '单位编码（必填）', '备注']];
    const h = findHeader(rows, SPECS)!;
    expect(h.columns).toEqual({ parentCode: 1, type: 2, name: 3, code: 4 });
    expect(h.labels.name).toBe('单位名称（全称）');
  });

  it('lists required columns that are missing', () => {
    const h = findHeader([['单位编码', '单位名称', '备注']], SPECS)!;
    expect(h.missingRequired).toEqual(['type']);
  });

  it('prefers the row naming the most columns over an earlier partial match', () => {
    const rows = [
      ['名称', '编码'], // a two-match line in a notes block
      ['单位编码', '单位名称', '单位类型', '上级单位编码'],
    ];
    expect(findHeader(rows, SPECS)!.headerIndex).toBe(1);
  });

  it('takes the first of two columns with the same meaning', () => {
    const h = findHeader([['编码', '单位名称', '类型', '单位编码']], SPECS)!;
    expect(h.columns.code).toBe(0);
  });

  it('needs at least two known columns (a lone title word is not a header)', () => {
    expect(findHeader([['名称'], ['a']], SPECS)).toBeUndefined();
  });

  it('returns undefined when no header is found within the search window', () => {
    const rows = [...Array.from({ length: 30 }, () => ['说明']), ['单位编码', '单位名称', '单位类型']];
    expect(findHeader(rows, SPECS)).toBeUndefined();
    expect(findHeader(rows, SPECS, 31)!.headerIndex).toBe(30);
  });

  it('works for a one-column spec', () => {
    const h = findHeader([['标题'], ['编码']], [{ field: 'code', aliases: ['编码'] }])!;
    expect(h.headerIndex).toBe(1);
  });
});

describe('isTotalRow', () => {
  it.each([
    [['合计', '', ''], true],
    [['', '合 计', '123'], true],
    [['合计：', '3'], true],
    [['合计:', '3'], true],
    [['小计', '2'], true],
    [['总计'], true],
    [['本页合计'], true],
    [['累计'], true],
    [['\u3000合计\u3000'], true],
    [['L01', '县人民医院', '牵头医院'], false],
    [['合计金额'], false],
    [['县医院合计'], false],
    [['H01', '合作医院'], false],
    [[], false],
  ])('%j → %s', (cells, expected) => {
    expect(isTotalRow(cells)).toBe(expected);
  });
});
