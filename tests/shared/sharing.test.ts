import { describe, expect, it } from 'vitest';
import { daysBetween, findOverlap, periodsOverlap, shareRefusal, usageFeeFen, usageHundredths } from '../../shared/domain/sharing';

// Pure rules of shared use (DOMAIN §3.4), with hand-computed vectors.

describe('periodsOverlap (whole days, both ends included; null = open-ended)', () => {
  it.each([
    // a, b, overlap
    [['2026-01-01', '2026-03-31'], ['2026-04-01', null], false], // next day: free
    [['2026-01-01', '2026-03-31'], ['2026-03-31', null], true], // the return day is still taken
    [['2026-01-01', '2026-03-31'], ['2025-12-01', '2025-12-31'], false],
    [['2026-01-01', '2026-03-31'], ['2025-12-01', '2026-01-01'], true],
    [['2026-01-01', '2026-03-31'], ['2026-02-01', '2026-02-01'], true], // one day inside
    [['2026-01-01', null], ['2030-01-01', '2030-01-02'], true], // open-ended runs forever
    [['2026-05-01', null], ['2026-01-01', '2026-04-30'], false],
    [['2026-05-01', '2026-05-01'], ['2026-05-01', '2026-05-01'], true],
  ] as const)('%j and %j → %s', (a, b, expected) => {
    const pa = { from: a[0], to: a[1] };
    const pb = { from: b[0], to: b[1] };
    expect(periodsOverlap(pa, pb)).toBe(expected);
    expect(periodsOverlap(pb, pa)).toBe(expected);
  });

  it('findOverlap names the first clash and ignores the period itself', () => {
    const existing = [
      { id: 'a', from: '2026-01-01', to: '2026-01-31' },
      { id: 'b', from: '2026-03-01', to: '2026-03-31' },
    ];
    expect(findOverlap({ from: '2026-02-01', to: '2026-02-28' }, existing)).toBeUndefined();
    expect(findOverlap({ from: '2026-02-01', to: null }, existing)?.id).toBe('b');
    expect(findOverlap({ id: 'b', from: '2026-03-05', to: '2026-03-06' }, existing)).toBeUndefined();
  });
});

describe('usageHundredths (exact, no floats in the ledger)', () => {
  it.each([
    [1, 100],
    [1.5, 150],
    [0.07, 7], // 0.07 * 100 = 7.000000000000001 in floats
    [0.29, 29], // 0.29 * 100 = 28.999999999999996 in floats
    [2.55, 255],
    [100000, 10_000_000],
    [0, undefined],
    [-1, undefined],
    [1.234, undefined],
    [100000.01, undefined],
    [Number.NaN, undefined],
    [Number.POSITIVE_INFINITY, undefined],
  ])('%s → %s', (amount, expected) => {
    expect(usageHundredths(amount)).toBe(expected);
  });
});

describe('usageFeeFen = round-half-up(amount × rate)', () => {
  it.each([
    // amount (hundredths), rate fen/unit, fee fen
    [150, 12000, 18000], // 1.5 h × ¥120.00 = ¥180.00
    [7, 12000, 840], // 0.07 h × ¥120.00 = ¥8.40
    [50, 1, 1], // 0.5 × ¥0.01 = 0.5 fen → 1
    [49, 1, 0], // 0.49 fen → 0
    [33, 3333, 1100], // 0.33 × ¥33.33 = 10.9989 yuan = 1099.89 fen → 1100
    [125, 333, 416], // 1.25 × ¥3.33 = 416.25 fen → 416
    [150, 333, 500], // 1.5 × ¥3.33 = 499.5 fen → 500
    [1000, 0, 0], // free of charge
  ])('%i/100 × %i → %i', (h, rate, fee) => {
    expect(usageFeeFen(h, rate)).toBe(fee);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2026-01-10', '2026-03-01', 50],
    ['2026-02-28', '2026-03-01', 1],
    ['2024-02-28', '2024-03-01', 2], // leap year
    ['2026-03-29', '2026-03-30', 1], // no DST effects
    ['2026-03-01', '2026-02-28', -1],
    ['2025-12-31', '2026-12-31', 365],
  ] as const)('%s → %s = %i', (a, b, n) => {
    expect(daysBetween(a, b)).toBe(n);
  });
});

describe('shareRefusal', () => {
  it.each([
    ['在用', null, undefined],
    ['闲置', null, undefined],
    ['出租出借', null, '出租出借'],
    ['待修', null, '待修'],
    ['待报废', null, '待报废'],
    ['已处置', '2026-01-05', '2026-01-05'],
  ] as const)('%s → %s', (status, disposedOn, contains) => {
    const r = shareRefusal(status, disposedOn);
    if (contains === undefined) expect(r).toBeUndefined();
    else expect(r).toContain(contains);
  });
});
