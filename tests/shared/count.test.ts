import { describe, expect, it } from 'vitest';
import {
  classify,
  isIntangible,
  parseCountMark,
  reconcile,
  shortagePendingEntries,
  shortageWriteOffEntries,
  surplusApprovalEntries,
  surplusEntries,
  surplusValue,
  type BookSide,
  type CountedSide,
  type ExpectedAsset,
} from '../../shared/domain/count';

describe('checklist marks', () => {
  it.each([
    ['在', 'found'],
    ['有', 'found'],
    ['√', 'found'],
    ['是', 'found'],
    [' ✓ ', 'found'],
    ['ｙ', 'found'],
    ['无', 'missing'],
    ['未找到', 'missing'],
    ['×', 'missing'],
    ['否', 'missing'],
    ['x', 'missing'],
    ['盘盈', 'surplus'],
    ['', null],
    ['   ', null],
    [undefined, null],
    ['也许', undefined],
    ['在用', undefined],
  ] as const)('%j → %j', (text, expected) => {
    expect(parseCountMark(text)).toBe(expected);
  });
});

const book: BookSide = { location: '门诊楼2楼203', userName: '张伟', status: '在用' };

describe('classify: one class per asset, precedence shortage > location > user > status', () => {
  const cases: [string, CountedSide | undefined, string, string[]][] = [
    ['never counted', undefined, 'shortage', []],
    ['marked missing (actuals ignored)', { found: false, actualLocation: '库房' }, 'shortage', []],
    ['found, nothing written', { found: true }, 'matched', []],
    ['found, blanks = as on book', { found: true, actualLocation: '  ', actualUser: null, actualStatus: '' }, 'matched', []],
    ['found, same place written differently', { found: true, actualLocation: '门诊楼２楼 203 ', actualUser: '张伟' }, 'matched', []],
    ['status variant of the same status', { found: true, actualStatus: '正常使用' }, 'matched', []],
    ['location differs', { found: true, actualLocation: '住院楼3楼' }, 'locationDiffers', ['location']],
    ['user differs', { found: true, actualUser: '李娜' }, 'userDiffers', ['user']],
    ['status differs', { found: true, actualStatus: '闲置' }, 'statusDiffers', ['status']],
    ['location and user differ: location wins, both listed', { found: true, actualLocation: '库房', actualUser: '李娜' }, 'locationDiffers', ['location', 'user']],
    ['user and status differ: user wins', { found: true, actualUser: '李娜', actualStatus: '待修' }, 'userDiffers', ['user', 'status']],
    ['all three differ', { found: true, actualLocation: '库房', actualUser: '李娜', actualStatus: '待报废' }, 'locationDiffers', ['location', 'user', 'status']],
  ];
  it.each(cases)('%s', (_, result, cls, fields) => {
    const c = classify(book, result);
    expect(c.cls).toBe(cls);
    expect(c.differences.map((d) => d.field)).toEqual(fields);
  });

  it('a book without a location: any written location differs', () => {
    const c = classify({ location: null, userName: null, status: '在用' }, { found: true, actualLocation: '库房' });
    expect(c).toEqual({ cls: 'locationDiffers', differences: [{ field: 'location', book: null, actual: '库房' }] });
  });

  it('the status difference carries the normalised status', () => {
    expect(classify(book, { found: true, actualStatus: '故障' }).differences).toEqual([{ field: 'status', book: '在用', actual: '待修' }]);
  });
});

describe('reconcile: counts and amounts per class, unit and department', () => {
  // Six assets in two departments of T01 and one of T02, hand-totalled.
  const e = (key: string, unit: string, dept: string | null, costFen: number, netFen: number): ExpectedAsset => ({ key, unit, dept, costFen, netFen, ...book });
  const expected = [
    e('a', 'T01', 'QK', 600000, 400000), // found as on book → matched
    e('b', 'T01', 'QK', 350000, 0), // not counted → shortage
    e('c', 'T01', 'QK', 120000, 60000), // missing → shortage
    e('d', 'T01', 'FK', 800000, 700000), // location differs
    e('e', 'T01', 'FK', 50000, 25000), // user differs
    e('f', 'T02', null, 1000000, 900000), // status differs
  ];
  const results = new Map<string, CountedSide>([
    ['a', { found: true }],
    ['c', { found: false }],
    ['d', { found: true, actualLocation: '库房', actualUser: '李娜' }],
    ['e', { found: true, actualUser: '李娜' }],
    ['f', { found: true, actualStatus: '闲置' }],
  ]);
  const r = reconcile(expected, results, [
    { unit: 'T01', dept: null, valueFen: 250000 },
    { unit: 'T01', dept: null, valueFen: 0 },
  ]);

  it('classes in input order', () => {
    expect(r.classes).toEqual(['matched', 'shortage', 'shortage', 'locationDiffers', 'userDiffers', 'statusDiffers']);
  });

  it('totals', () => {
    expect(r.totals.matched).toEqual({ count: 1, costFen: 600000, netFen: 400000 });
    expect(r.totals.shortage).toEqual({ count: 2, costFen: 470000, netFen: 60000 });
    expect(r.totals.locationDiffers).toEqual({ count: 1, costFen: 800000, netFen: 700000 });
    expect(r.totals.userDiffers).toEqual({ count: 1, costFen: 50000, netFen: 25000 });
    expect(r.totals.statusDiffers).toEqual({ count: 1, costFen: 1000000, netFen: 900000 });
    expect(r.totals.surplus).toEqual({ count: 2, valueFen: 250000 });
    expect(r.totals.expected).toEqual({ count: 6, costFen: 2920000, netFen: 2085000 });
    expect(r.totals.notCounted).toBe(1);
    // Every asset in exactly one class.
    const sum = r.totals.matched.count + r.totals.shortage.count + r.totals.locationDiffers.count + r.totals.userDiffers.count + r.totals.statusDiffers.count;
    expect(sum).toBe(expected.length);
  });

  it('groups by unit and department, sorted (no department first)', () => {
    expect(r.groups.map((g) => [g.unit, g.dept, g.expected.count, g.shortage.count, g.surplus.count])).toEqual([
      ['T01', null, 0, 0, 2],
      ['T01', 'FK', 2, 0, 0],
      ['T01', 'QK', 3, 2, 0],
      ['T02', null, 1, 0, 0],
    ]);
    const qk = r.groups.find((g) => g.dept === 'QK')!;
    expect(qk.shortage).toEqual({ count: 2, costFen: 470000, netFen: 60000 });
    expect(qk.notCounted).toBe(1);
  });
});

describe('reconcile with pre-totalled matched assets', () => {
  it('adds them to matched and expected, overall and in their group', () => {
    const e: ExpectedAsset = { key: 'x', unit: 'T01', dept: 'QK', costFen: 1000, netFen: 400, ...book };
    const r = reconcile([e], new Map(), [], [
      { unit: 'T01', dept: 'QK', count: 3, costFen: 9000, netFen: 5000 },
      { unit: 'T02', dept: null, count: 2, costFen: 200, netFen: 100 },
    ]);
    expect(r.totals.matched).toEqual({ count: 5, costFen: 9200, netFen: 5100 });
    expect(r.totals.expected).toEqual({ count: 6, costFen: 10200, netFen: 5500 });
    expect(r.totals.shortage).toEqual({ count: 1, costFen: 1000, netFen: 400 });
    expect(r.groups.map((g) => [g.unit, g.dept, g.matched.count, g.expected.count])).toEqual([
      ['T01', 'QK', 3, 4],
      ['T02', null, 2, 2],
    ]);
  });
});

describe('surplus valuation order (DOMAIN §3.5)', () => {
  it.each([
    [{ documentFen: 350000, appraisalFen: 300000, replacementFen: 400000 }, 'documents', 350000, '原值'],
    [{ appraisalFen: 300000, replacementFen: 400000 }, 'appraisal', 300000, '评估值'],
    [{ documentFen: 0, appraisalFen: null, replacementFen: 400000 }, 'replacement', 400000, '重置价值'],
    [{}, 'nominal', 100, '名义金额'],
    [{ documentFen: 0, appraisalFen: 0, replacementFen: 0 }, 'nominal', 100, '名义金额'],
  ] as const)('%j → %s %d', (evidence, basis, valueFen, valueType) => {
    expect(surplusValue(evidence)).toEqual({ basis, valueFen, valueType });
  });
});

describe('accounting lines', () => {
  const total = (ls: { debitFen: number; creditFen: number }[]) => [ls.reduce((s, l) => s + l.debitFen, 0), ls.reduce((s, l) => s + l.creditFen, 0)];

  it('shortage pending: Dr 1902 net, Dr 1602 accumulated / Cr 1601 cost — balanced', () => {
    // A PC of ¥6,000.00 with ¥1,999.92 depreciated: net ¥4,000.08.
    const ls = shortagePendingEntries(600000, 199992);
    expect(ls.map((l) => [l.account, l.debitFen, l.creditFen])).toEqual([
      ['1902', 400008, 0],
      ['1602', 199992, 0],
      ['1601', 0, 600000],
    ]);
    expect(total(ls)).toEqual([600000, 600000]);
  });

  it('a fully depreciated shortage has no 1902 amount; an intangible uses 1701/1702', () => {
    expect(shortagePendingEntries(500000, 500000).map((l) => l.account)).toEqual(['1602', '1601']);
    expect(shortagePendingEntries(500000, 100000, true).map((l) => l.account)).toEqual(['1902', '1702', '1701']);
  });

  it('write-off, surplus and its approval', () => {
    expect(shortageWriteOffEntries(400008).map((l) => [l.account, l.debitFen, l.creditFen])).toEqual([
      ['5301', 400008, 0],
      ['1902', 0, 400008],
    ]);
    expect(surplusEntries(350000).map((l) => [l.account, l.debitFen, l.creditFen])).toEqual([
      ['1601', 350000, 0],
      ['1902', 0, 350000],
    ]);
    expect(surplusApprovalEntries(350000).map((l) => [l.account, l.debitFen, l.creditFen])).toEqual([
      ['1902', 350000, 0],
      ['3501', 0, 350000],
    ]);
  });

  it('intangible classes are A08 (GB/T 14885-2022)', () => {
    expect(isIntangible('A08020000')).toBe(true);
    expect(isIntangible('A02010105')).toBe(false);
    expect(isIntangible('2010000', 'A08020000')).toBe(true);
  });
});
