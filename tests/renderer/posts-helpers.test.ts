import { describe, expect, it } from 'vitest';
import type { QuotaRow } from '../../shared/api/posts';
import { DEFAULT_RATIO_SETS } from '../../shared/domain/posts/ratios';
import { LedgerError } from '../../shared/errors';
import { breachCells, gradesText, parseGrades, quotaSaveInput, refusalOf, toGridRow } from '../../renderer/screens/posts/helpers';

const TOWNSHIP = DEFAULT_RATIO_SETS.find((s) => s.code === 'TOWNSHIP')!.rules;

describe('grades as text (ratio-set editor)', () => {
  it.each([
    [[1, 2, 3, 4], '1–4'],
    [[5, 7], '5、7'],
    [[3, 1, 2, 5, 6, null], '1–3、5–6、普通工'],
    [[11], '11'],
    [undefined, ''],
  ])('gradesText(%j) = %s', (grades, text) => {
    expect(gradesText(grades as never)).toBe(text);
  });

  it.each([
    ['1-7', [1, 2, 3, 4, 5, 6, 7]],
    ['5,6,7', [5, 6, 7]],
    ['1–4、普通工', [1, 2, 3, 4, null]],
    [' 11 ， 12 ', [11, 12]],
    ['', 'all'],
    ['7-5', undefined],
    ['高级', undefined],
  ])('parseGrades(%j)', (text, grades) => {
    expect(parseGrades(text)).toEqual(grades);
  });

  it('reads back what it writes', () => {
    for (const g of [[1, 2, 3, 4], [5, 6, 7], [8, 10], [11, 12, 13], [1, 2, 3, 4, 5, null]]) expect(parseGrades(gradesText(g))).toEqual(g);
  });
});

describe('where a breach is shown in the structure report', () => {
  const b = (rule: string) => ({ rule, label: '', current: 3, limit: 2 });
  it.each([
    ['staffing', ['approved:total', 'staffing']],
    ['categories', ['approved:total', 'staffing']],
    ['total', ['filled:total']],
    ['category:管理', ['filled:category:管理']],
    ['band:正高', ['filled:band:正高']],
    ['pro-min', ['approved:category:专业技术']],
    ['g6', ['filled:band:副高']],
    ['middle', ['filled:band:中级']],
    ['no-such-rule', []],
  ])('%s → %j', (rule, cells) => {
    expect(breachCells(b(rule), TOWNSHIP)).toEqual(cells);
  });

  it('the senior cap (专技 1–7) is marked on the senior bands that hold posts', () => {
    expect(breachCells(b('senior'), TOWNSHIP, (band) => (band === '副高' ? 3 : 0))).toEqual(['filled:band:副高']);
    expect(breachCells(b('senior'), TOWNSHIP, (band) => (band === '正高' ? 1 : band === '副高' ? 2 : 0))).toEqual(['filled:band:正高', 'filled:band:副高']);
    // nobody in either band (a cap of 0 with a post made past it elsewhere): both are marked
    expect(breachCells(b('senior'), TOWNSHIP, () => 0)).toEqual(['filled:band:正高', 'filled:band:副高']);
  });
});

describe('quota grid edits → posts.quotas.save input', () => {
  const quota: QuotaRow = {
    unitCode: 'QH101',
    unitName: '城关镇卫生院',
    unitType: '乡镇卫生院',
    ratioSet: 'TOWNSHIP',
    ratioSetChosen: false,
    staffing: 100,
    poolAllocated: 5,
    effectiveStaffing: 105,
    totalPosts: 100,
    categories: { 管理: 6, 专业技术: 88, 工勤: 6 },
    bands: { 正高: 2, 管理一至四级: 1 },
    docNo: '清编〔2025〕3号',
    version: 4,
  };

  it('a row carries the categories and bands as grid fields', () => {
    const r = toGridRow(quota);
    expect(r).toMatchObject({ id: 'QH101', version: 4, ratioSetChoice: '', mgmtPosts: 6, proPosts: 88, workerPosts: 6, band正高: 2, band副高: null, band中级: null, band初级: null });
  });

  it('changed cells replace the stored values; a cleared band is left out; other bands stay', () => {
    const input = quotaSaveInput(toGridRow(quota), { band正高: null, band中级: 30, totalPosts: 104, ratioSetChoice: 'COUNTY' });
    expect(input).toEqual({
      unitCode: 'QH101',
      ratioSet: 'COUNTY',
      staffing: 100,
      totalPosts: 104,
      mgmtPosts: 6,
      proPosts: 88,
      workerPosts: 6,
      bands: { 管理一至四级: 1, 中级: 30 },
      docNo: '清编〔2025〕3号',
      version: 4,
    });
  });

  it('a unit without a scheme yet is saved without a version; the default ratio set is null', () => {
    const input = quotaSaveInput(toGridRow({ ...quota, version: null, ratioSetChosen: false, bands: {} }), { staffing: 20 });
    expect(input.version).toBeUndefined();
    expect(input.ratioSet).toBeNull();
    expect(input.staffing).toBe(20);
    expect(input.bands).toEqual({});
  });
});

describe('a refusal past a cap', () => {
  it('lists every breach with rule, current and limit', () => {
    const err = new LedgerError('CAP_EXCEEDED', '聘用被拒绝', {
      details: [
        { field: 'senior', message: '高级岗位（专技 1–7 级）不超过专业技术岗位的 15%：现有 2，限额 2', current: 2, limit: 2 },
        { field: 'band:副高', message: '副高岗位不超过核定数：现有 5，限额 5', current: 5, limit: 5 },
      ],
    });
    expect(refusalOf(err, 'x')).toEqual({
      text: 'x',
      breaches: [
        { rule: 'senior', label: '高级岗位（专技 1–7 级）不超过专业技术岗位的 15%', current: 2, limit: 2 },
        { rule: 'band:副高', label: '副高岗位不超过核定数', current: 5, limit: 5 },
      ],
    });
  });

  it('a competition round names the person in each line', () => {
    const err = new LedgerError('CAP_EXCEEDED', '竞聘 JP2026-001：聘用被拒绝', {
      details: [{ id: 'T103', field: 'senior', column: '高级岗位', message: 'T103 张志强（专业技术七级）：高级岗位：现有 2，限额 2', current: 2, limit: 2 }],
    });
    expect(refusalOf(err, '')!.breaches[0]!.label).toBe('T103 张志强（专业技术七级）：高级岗位');
  });

  it('other errors are not refusals', () => {
    expect(refusalOf(new LedgerError('FORBIDDEN', '当前角色无权突破岗位限额'), '')).toBeNull();
  });
});
