// Depreciation under 政府会计准则第3号 + 应用指南 (DOMAIN §3.3). Every expected number below was computed
// by hand from the rules and is written as a literal; the code under test never produces an expectation.
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  advanceStraightLine,
  checkCard,
  divRoundHalfUp,
  isDate,
  isPeriod,
  monthlyAmount,
  monthlyCharge,
  monthsBetween,
  nextState,
  openingState,
  parseDepMethod,
  periodOf,
  schedule,
  stateAfter,
  type AssetDepState,
  type DepEvent,
  type ScheduleInput,
  type ScheduleRow,
} from '../../shared/domain/depreciation';

function row(rows: ScheduleRow[], period: string): ScheduleRow {
  const r = rows.find((x) => x.period === period);
  if (!r) throw new Error(`no row for ${period}`);
  return r;
}
const total = (rows: ScheduleRow[]) => rows.reduce((s, r) => s + r.chargeFen, 0);

describe('period helpers', () => {
  it.each([
    ['2026-03', true],
    ['2026-12', true],
    ['1958-01', true],
    ['2026-13', false],
    ['2026-00', false],
    ['2026-3', false],
    ['2026/03', false],
    ['202６-03', false],
    ['2026-03-01', false],
    ['1899-12', false],
    ['', false],
  ])('isPeriod(%j) = %s', (p, ok) => expect(isPeriod(p)).toBe(ok));

  it.each([
    ['2024-02-29', true],
    ['2023-02-29', false],
    ['2000-02-29', true],
    ['1900-02-29', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-1-05', false],
  ])('isDate(%j) = %s', (d, ok) => expect(isDate(d)).toBe(ok));

  it.each([
    ['2026-11', 3, '2027-02'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', 71, '2032-02'],
    ['2026-03', 83, '2033-02'],
    ['2024-12', 1, '2025-01'],
    ['2020-01', 0, '2020-01'],
    ['2020-01', -25, '2017-12'],
  ])('addMonths(%s, %i) = %s', (p, n, out) => expect(addMonths(p, n)).toBe(out));

  it.each([
    ['2020-01', '2024-12', 59],
    ['2026-03', '2032-02', 71],
    ['2026-03', '2026-03', 0],
    ['2027-02', '2026-11', -3],
  ])('monthsBetween(%s, %s) = %i', (a, b, n) => expect(monthsBetween(a, b)).toBe(n));

  it.each([
    ['2026-03-15', '2026-03'],
    ['2026-03-31', '2026-03'],
    ['2019-07', '2019-07'],
  ])('periodOf(%s) = %s', (d, p) => expect(periodOf(d)).toBe(p));

  it.each(['2026-02-30', '2026/03/05', '2026-3-5', 'x'])('periodOf(%j) throws', (d) => {
    expect(() => periodOf(d)).toThrow(RangeError);
  });

  it('rejects malformed periods instead of comparing them as text', () => {
    expect(() => addMonths('2026-3', 1)).toThrow(RangeError);
    expect(() => monthsBetween('2026-03', '2026-13')).toThrow(RangeError);
  });
});

describe('round-half-up in fen', () => {
  it.each([
    [600000, 72, 8333], // 8333.33
    [520008, 60, 8667], // 8666.8
    [1000, 16, 63], // 62.5 exactly → up
    [400008, 48, 8334], // 8333.5 exactly → up (banker's rounding would give 8334 too: 8334 is even)
    [125, 2, 63], // 62.5 → 63 (banker's would give 62)
    [5, 10, 1], // 0.5 → 1
    [4, 10, 0], // 0.4 → 0
    [270000, 42, 6429], // 6428.57
    [0, 7, 0],
    [9007199254740990, 2, 4503599627370495],
  ])('%i ÷ %i → %i', (n, d, q) => expect(divRoundHalfUp(n, d)).toBe(q));
});

describe('parseDepMethod', () => {
  it.each([
    ['年限平均法', 'straight-line'],
    ['平均年限法', 'straight-line'],
    [' 直线法 ', 'straight-line'],
    ['工作量法', 'units-of-work'],
    ['双倍余额递减法', undefined],
  ])('%s → %s', (t, m) => expect(parseDepMethod(t)).toBe(m));
});

// ---------------------------------------------------------------------------------------------
// Schedules, table-driven: [name, input, through, spot checks [period, charge, accumulated, net?, reason?], totals]
// ---------------------------------------------------------------------------------------------

const PC: ScheduleInput = { costFen: 600000, lifeMonths: 72, booked: '2026-03-15' };

type Spot = [period: string, chargeFen: number, accumulatedFen: number, netFen?: number, reason?: string];
interface Case {
  name: string;
  input: ScheduleInput;
  through: string;
  rows: number;
  first: string;
  last: string;
  totalFen: number;
  spots: Spot[];
  /** How many months carry exactly this charge. */
  count?: [chargeFen: number, months: number];
}

const cases: Case[] = [
  {
    name: 'DOMAIN PC vector: ¥6,000.00 over 72 months from 2026-03, 8333 a month, last month 8357',
    input: PC,
    through: '2032-04',
    rows: 74, // 2026-03 … 2032-04
    first: '2026-03',
    last: '2032-04',
    totalFen: 600000,
    spots: [
      ['2026-03', 8333, 8333, 591667],
      ['2026-04', 8333, 16666, 583334],
      ['2028-02', 8333, 199992, 400008],
      ['2032-01', 8333, 591643, 8357], // 71 × 8333 = 591643
      ['2032-02', 8357, 600000, 0], // final month takes the remainder
      ['2032-03', 0, 600000, 0, 'fully-depreciated'],
      ['2032-04', 0, 600000, 0, 'fully-depreciated'],
    ],
    count: [8333, 71],
  },
  {
    name: 'DOMAIN cost change: +120000 and life 84 months from 2028-03 → 8667 a month, final 8655',
    input: { ...PC, events: [{ kind: 'cost-change', on: '2028-03-10', costFen: 720000, lifeMonths: 84 }] },
    through: '2033-03',
    rows: 85,
    first: '2026-03',
    last: '2033-03',
    totalFen: 720000,
    spots: [
      ['2028-02', 8333, 199992, 400008], // 24 × 8333
      ['2028-03', 8667, 208659, 511341], // (720000 − 199992) ÷ (84 − 24) = 8666.8 → 8667
      ['2033-01', 8667, 711345, 8655], // 199992 + 59 × 8667 (= 511353)
      ['2033-02', 8655, 720000, 0], // 720000 − 199992 − 511353
      ['2033-03', 0, 720000, 0, 'fully-depreciated'],
    ],
    count: [8667, 59],
  },
  {
    name: 'the same cost change given as a delta',
    input: { ...PC, events: [{ kind: 'cost-change', on: '2028-03', deltaFen: 120000, lifeMonths: 84 }] },
    through: '2033-02',
    rows: 84,
    first: '2026-03',
    last: '2033-02',
    totalFen: 720000,
    spots: [
      ['2028-03', 8667, 208659],
      ['2033-02', 8655, 720000, 0],
    ],
  },
  {
    name: 'life change only: 96 months from 2028-03 → (600000 − 199992) ÷ 72 = 5555.67 → 5556, final 5532',
    input: { ...PC, events: [{ kind: 'life-change', on: '2028-03-01', lifeMonths: 96 }] },
    through: '2034-03',
    rows: 97,
    first: '2026-03',
    last: '2034-03',
    totalFen: 600000,
    spots: [
      ['2028-02', 8333, 199992],
      ['2028-03', 5556, 205548],
      ['2034-01', 5556, 594468], // 199992 + 71 × 5556 (= 394476)
      ['2034-02', 5532, 600000, 0], // 400008 − 394476
      ['2034-03', 0, 600000, 0, 'fully-depreciated'],
    ],
    count: [5556, 71],
  },
  {
    name: 'cost change after full depreciation: months after the end do not count; 100000 ÷ (96 − 72) = 4166.67 → 4167, final 4159',
    input: { ...PC, events: [{ kind: 'cost-change', on: '2033-01-05', costFen: 700000, lifeMonths: 96 }] },
    through: '2035-01',
    rows: 107,
    first: '2026-03',
    last: '2035-01',
    totalFen: 700000,
    spots: [
      ['2032-02', 8357, 600000, 0],
      ['2032-12', 0, 600000, 0, 'fully-depreciated'],
      ['2033-01', 4167, 604167, 95833],
      ['2034-11', 4167, 695841], // 600000 + 23 × 4167 (= 95841)
      ['2034-12', 4159, 700000, 0],
      ['2035-01', 0, 700000, 0, 'fully-depreciated'],
    ],
    count: [4167, 23],
  },
  {
    name: 'round-half-up at exactly .5: 1000 fen over 16 months = 62.5 → 63, final 1000 − 15 × 63 = 55',
    input: { costFen: 1000, lifeMonths: 16, booked: '2025-01-01' },
    through: '2026-05',
    rows: 17,
    first: '2025-01',
    last: '2026-05',
    totalFen: 1000,
    spots: [
      ['2025-01', 63, 63, 937],
      ['2026-03', 63, 945, 55],
      ['2026-04', 55, 1000, 0],
      ['2026-05', 0, 1000, 0, 'fully-depreciated'],
    ],
    count: [63, 15],
  },
  {
    name: 'booked on the last day of a month: depreciated from that same month',
    input: { costFen: 600000, lifeMonths: 72, booked: '2026-03-31' },
    through: '2026-04',
    rows: 2,
    first: '2026-03',
    last: '2026-04',
    totalFen: 16666,
    spots: [['2026-03', 8333, 8333, 591667]],
  },
  {
    name: 'disposal on 2027-06-15: no charge in June, none after, no catch-up',
    input: { ...PC, events: [{ kind: 'disposal', on: '2027-06-15' }] },
    through: '2030-12',
    rows: 16, // 2026-03 … 2027-06; the schedule stops at the disposal month
    first: '2026-03',
    last: '2027-06',
    totalFen: 124995, // 15 × 8333
    spots: [
      ['2027-05', 8333, 124995, 475005],
      ['2027-06', 0, 124995, 475005, 'disposed'],
    ],
  },
  {
    name: 'booked and disposed in the same month: never depreciated',
    input: { ...PC, disposed: '2026-03-28' },
    through: '2026-12',
    rows: 1,
    first: '2026-03',
    last: '2026-03',
    totalFen: 0,
    spots: [['2026-03', 0, 0, 600000, 'disposed']],
  },
  {
    name: 'non-depreciable class (图书): never charged',
    input: { costFen: 500000, lifeMonths: 60, booked: '2026-01-10', depreciable: false },
    through: '2026-03',
    rows: 3,
    first: '2026-01',
    last: '2026-03',
    totalFen: 0,
    spots: [['2026-01', 0, 0, 500000, 'non-depreciable']],
  },
  {
    name: '名义金额 (¥1 surplus): never charged',
    input: { costFen: 100, lifeMonths: 72, booked: '2026-01-10', valueType: '名义金额' },
    through: '2026-02',
    rows: 2,
    first: '2026-01',
    last: '2026-02',
    totalFen: 0,
    spots: [['2026-02', 0, 0, 100, 'nominal']],
  },
  {
    name: 'migration: 1,200,000 over 120 months booked 2020-01, 600,000 accumulated as of 2024-12 → 10,000 a month 2025-01 … 2029-12',
    input: { costFen: 1200000, lifeMonths: 120, booked: '2020-01-08', openingAccumulatedFen: 600000, cutOverPeriod: '2024-12' },
    through: '2030-06',
    rows: 66, // 2025-01 … 2030-06
    first: '2025-01',
    last: '2030-06',
    totalFen: 600000,
    spots: [
      ['2025-01', 10000, 610000, 590000],
      ['2029-11', 10000, 1190000, 10000],
      ['2029-12', 10000, 1200000, 0],
      ['2030-01', 0, 1200000, 0, 'fully-depreciated'],
    ],
    count: [10000, 60],
  },
  {
    name: 'migration with months used given: 500000 / 96 months, 230000 after 54 months as of 2023-12 → 270000 ÷ 42 = 6428.57 → 6429, final 6411',
    input: { costFen: 500000, lifeMonths: 96, booked: '2019-07-01', openingAccumulatedFen: 230000, openingMonthsUsed: 54, cutOverPeriod: '2023-12' },
    through: '2027-07',
    rows: 43,
    first: '2024-01',
    last: '2027-07',
    totalFen: 270000,
    spots: [
      ['2024-01', 6429, 236429, 263571],
      ['2027-05', 6429, 493589], // 230000 + 41 × 6429 (= 263589)
      ['2027-06', 6411, 500000, 0],
      ['2027-07', 0, 500000, 0, 'fully-depreciated'],
    ],
    count: [6429, 41],
  },
  {
    name: 'the same migration with months used derived from the booking date (2019-07 … 2023-12 = 54)',
    input: { costFen: 500000, lifeMonths: 96, booked: '2019-07-01', openingAccumulatedFen: 230000, cutOverPeriod: '2023-12' },
    through: '2027-06',
    rows: 42,
    first: '2024-01',
    last: '2027-06',
    totalFen: 270000,
    spots: [
      ['2024-01', 6429, 236429],
      ['2027-06', 6411, 500000, 0],
    ],
  },
  {
    name: 'second-hand (调入) over its remaining life: 600000 / 72 months, 250000 after 30 months → 350000 ÷ 42 → 8333, final 8347, from the arrival month',
    input: { costFen: 600000, lifeMonths: 72, booked: '2026-05-20', openingAccumulatedFen: 250000, openingMonthsUsed: 30 },
    through: '2029-11',
    rows: 43,
    first: '2026-05',
    last: '2029-11',
    totalFen: 350000,
    spots: [
      ['2026-05', 8333, 258333, 341667],
      ['2029-09', 8333, 591653], // 250000 + 41 × 8333 (= 341653)
      ['2029-10', 8347, 600000, 0],
      ['2029-11', 0, 600000, 0, 'fully-depreciated'],
    ],
    count: [8333, 41],
  },
  {
    name: 'second-hand booked at net value (350000, 42 remaining months): the same charges',
    input: { costFen: 350000, lifeMonths: 42, booked: '2026-05-20' },
    through: '2029-10',
    rows: 42,
    first: '2026-05',
    last: '2029-10',
    totalFen: 350000,
    spots: [
      ['2026-05', 8333, 8333],
      ['2029-10', 8347, 350000, 0],
    ],
  },
  {
    name: 'units of work: 1000 fen over 3 units, one a month → 333.33 → 333, 667 × 1 ÷ 2 = 333.5 → 334, final unit 333',
    input: {
      method: 'units-of-work',
      costFen: 1000,
      lifeMonths: 0,
      totalUnits: 3,
      booked: '2026-01-05',
      events: [
        { kind: 'usage', on: '2026-01', units: 1 },
        { kind: 'usage', on: '2026-02', units: 1 },
        { kind: 'usage', on: '2026-03', units: 1 },
      ],
    },
    through: '2026-04',
    rows: 4,
    first: '2026-01',
    last: '2026-04',
    totalFen: 1000,
    spots: [
      ['2026-01', 333, 333],
      ['2026-02', 334, 667],
      ['2026-03', 333, 1000, 0],
      ['2026-04', 0, 1000, 0, 'fully-depreciated'],
    ],
  },
  {
    name: 'units of work (ambulance, 200,000 km): 4500, then 295500 × 2333 ÷ 197000 = 3499.5 → 3500, an idle month, then beyond the remaining units → remainder',
    input: {
      method: 'units-of-work',
      costFen: 300000,
      lifeMonths: 0,
      totalUnits: 200000,
      booked: '2026-01-05',
      events: [
        { kind: 'usage', on: '2026-01-31', units: 3000 },
        { kind: 'usage', on: '2026-02', units: 2000 },
        { kind: 'usage', on: '2026-02', units: 333 }, // two records in a month add up: 2333
        { kind: 'usage', on: '2026-04', units: 200000 },
        { kind: 'usage', on: '2026-05', units: 50 },
      ],
    },
    through: '2026-05',
    rows: 5,
    first: '2026-01',
    last: '2026-05',
    totalFen: 300000,
    spots: [
      ['2026-01', 4500, 4500], // 300000 × 3000 ÷ 200000
      ['2026-02', 3500, 8000],
      ['2026-03', 0, 8000, 292000],
      ['2026-04', 292000, 300000, 0], // 200000 ≥ 194667 remaining units: the final unit takes the remainder
      ['2026-05', 0, 300000, 0, 'fully-depreciated'],
    ],
  },
  {
    name: 'odd rounding: 50 fen over 100 months rounds 0.5 up to 1 — stops at cost after 50 months, never above it',
    input: { costFen: 50, lifeMonths: 100, booked: '2020-01-01' },
    through: '2028-04',
    rows: 100,
    first: '2020-01',
    last: '2028-04',
    totalFen: 50,
    spots: [
      ['2020-01', 1, 1],
      ['2024-02', 1, 50, 0], // month 50
      ['2024-03', 0, 50, 0, 'fully-depreciated'],
      ['2028-04', 0, 50, 0, 'fully-depreciated'],
    ],
    count: [1, 50],
  },
  {
    name: 'odd rounding: 40 fen over 100 months rounds 0.4 down to 0 — the final month takes all 40',
    input: { costFen: 40, lifeMonths: 100, booked: '2020-01-01' },
    through: '2028-04',
    rows: 100,
    first: '2020-01',
    last: '2028-04',
    totalFen: 40,
    spots: [
      ['2020-01', 0, 0, 40],
      ['2028-03', 0, 0, 40],
      ['2028-04', 40, 40, 0], // month 100
    ],
    count: [0, 99],
  },
];

describe('schedule', () => {
  it.each(cases)('$name', (c) => {
    const rows = schedule(c.input, { through: c.through });
    expect(rows.length).toBe(c.rows);
    expect(rows[0]?.period).toBe(c.first);
    expect(rows.at(-1)?.period).toBe(c.last);
    expect(total(rows)).toBe(c.totalFen);
    for (const [period, charge, acc, net, reason] of c.spots) {
      const r = row(rows, period);
      expect([period, r.chargeFen, r.accumulatedFen]).toEqual([period, charge, acc]);
      if (net !== undefined) expect(r.netFen).toBe(net);
      expect(r.reason).toBe(reason);
    }
    if (c.count) expect(rows.filter((r) => r.chargeFen === c.count![0]).length).toBe(c.count[1]);
    // accumulated never decreases, never exceeds cost, and every row is integer fen
    let prev = -1;
    for (const r of rows) {
      expect(Number.isInteger(r.chargeFen) && Number.isInteger(r.accumulatedFen) && Number.isInteger(r.netFen)).toBe(true);
      expect(r.chargeFen).toBeGreaterThanOrEqual(0);
      expect(r.accumulatedFen).toBeGreaterThanOrEqual(prev);
      expect(r.accumulatedFen).toBeLessThanOrEqual(r.costFen);
      prev = r.accumulatedFen;
    }
  });

  it('is empty before the first depreciable month', () => {
    expect(schedule(PC, { through: '2026-02' })).toEqual([]);
    expect(schedule({ costFen: 1200000, lifeMonths: 120, booked: '2020-01-08', openingAccumulatedFen: 600000, cutOverPeriod: '2024-12' }, { through: '2024-12' })).toEqual([]);
  });

  it('refuses events before the first depreciable month and impossible changes, in Chinese', () => {
    expect(() => schedule({ ...PC, events: [{ kind: 'cost-change', on: '2026-02-01', costFen: 700000 }] }, { through: '2026-12' })).toThrow(/早于入账月份/);
    expect(() =>
      schedule({ costFen: 1200000, lifeMonths: 120, booked: '2020-01-08', openingAccumulatedFen: 600000, cutOverPeriod: '2024-12', events: [{ kind: 'disposal', on: '2024-12-20' }] }, { through: '2025-12' }),
    ).toThrow(/期初/);
    // cost below what is already depreciated
    expect(() => schedule({ ...PC, events: [{ kind: 'cost-change', on: '2028-03', costFen: 150000 }] }, { through: '2028-12' })).toThrow(/不能小于已计提的累计折旧（199992 分）/);
    // a life shorter than the months already used
    expect(() => schedule({ ...PC, events: [{ kind: 'life-change', on: '2028-03', lifeMonths: 20 }] }, { through: '2028-12' })).toThrow(/不能短于已计提折旧的月数（24 个月）/);
    expect(() => schedule({ ...PC, events: [{ kind: 'life-change', on: '2028-13', lifeMonths: 90 }] }, { through: '2028-12' })).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// The month-end hot path: monthlyCharge on a state
// ---------------------------------------------------------------------------------------------

const pcState: AssetDepState = {
  costFen: 600000,
  accumulatedFen: 0,
  lifeMonths: 72,
  monthsDepreciated: 0,
  basisAccumulatedFen: 0,
  basisMonths: 0,
  startPeriod: '2026-03',
  disposalPeriod: null,
  method: 'straight-line',
  depreciable: true,
};

describe('monthlyCharge', () => {
  it.each<[string, Partial<AssetDepState>, string, number | undefined, number, number, boolean, string | undefined]>([
    // name, state overrides, period, usage → charge, accumulated after, fully, reason
    ['first month', {}, '2026-03', undefined, 8333, 8333, false, undefined],
    ['the month before booking', {}, '2026-02', undefined, 0, 0, false, 'not-started'],
    ['71 months done: the final month takes the remainder', { accumulatedFen: 591643, monthsDepreciated: 71 }, '2032-02', undefined, 8357, 600000, true, undefined],
    ['fully depreciated, still in use', { accumulatedFen: 600000, monthsDepreciated: 72 }, '2032-03', undefined, 0, 600000, true, 'fully-depreciated'],
    ['disposal month', { accumulatedFen: 124995, monthsDepreciated: 15, disposalPeriod: '2027-06' }, '2027-06', undefined, 0, 124995, false, 'disposed'],
    ['month before the disposal month', { accumulatedFen: 116662, monthsDepreciated: 14, disposalPeriod: '2027-06' }, '2027-05', undefined, 8333, 124995, false, undefined],
    ['non-depreciable class', { depreciable: false }, '2026-03', undefined, 0, 0, false, 'non-depreciable'],
    ['nominal value', { costFen: 100, nominal: true }, '2026-03', undefined, 0, 0, false, 'nominal'],
    ['after a recalculation (basis 199992 / 24 months, cost 720000, 84 months)', { costFen: 720000, lifeMonths: 84, accumulatedFen: 208659, monthsDepreciated: 25, basisAccumulatedFen: 199992, basisMonths: 24 }, '2028-04', undefined, 8667, 217326, false, undefined],
    ['units of work without a usage figure', { method: 'units-of-work', totalUnits: 3, unitsUsed: 0, costFen: 1000 }, '2026-03', undefined, 0, 0, false, 'no-usage'],
    ['units of work, 2 of 3 units', { method: 'units-of-work', totalUnits: 3, unitsUsed: 0, costFen: 1000 }, '2026-03', 2, 667, 667, false, undefined],
    ['units of work, more than remain', { method: 'units-of-work', totalUnits: 3, unitsUsed: 2, costFen: 1000, accumulatedFen: 667 }, '2026-05', 5, 333, 1000, true, undefined],
  ])('%s', (_name, over, period, usage, charge, after, full, reason) => {
    const r = monthlyCharge({ ...pcState, ...over }, period, usage);
    expect(r.chargeFen).toBe(charge);
    expect(r.accumulatedAfterFen).toBe(after);
    expect(r.fullyDepreciated).toBe(full);
    expect(r.reason).toBe(reason);
  });

  it('the straight-line amount is fixed since the last recalculation, not recomputed each month', () => {
    // Recomputing (600000 − 199992) ÷ 48 would give 8333.5 → 8334 in the 25th month; DOMAIN says 8333 through month 71.
    const s = { ...pcState, accumulatedFen: 199992, monthsDepreciated: 24 };
    expect(monthlyAmount(s)).toBe(8333);
    expect(monthlyCharge(s, '2028-03').chargeFen).toBe(8333);
  });

  it('throws on a malformed period or usage', () => {
    expect(() => monthlyCharge(pcState, '2026-3')).toThrow(RangeError);
    expect(() => monthlyCharge({ ...pcState, startPeriod: '2026/03' }, '2026-03')).toThrow(RangeError);
    const u = { ...pcState, method: 'units-of-work' as const, totalUnits: 10, unitsUsed: 0 };
    expect(() => monthlyCharge(u, '2026-03', -1)).toThrow(RangeError);
    expect(() => monthlyCharge(u, '2026-03', 1.5)).toThrow(RangeError);
  });

  it('stepping month by month with nextState gives the DOMAIN vector', () => {
    let s = openingState(PC);
    const charges: number[] = [];
    for (let i = 0; i < 73; i++) {
      const r = monthlyCharge(s, addMonths('2026-03', i));
      charges.push(r.chargeFen);
      s = nextState(s, r);
    }
    expect(charges.slice(0, 71).every((c) => c === 8333)).toBe(true);
    expect(charges[71]).toBe(8357);
    expect(charges[72]).toBe(0);
    expect(s.accumulatedFen).toBe(600000);
    expect(s.monthsDepreciated).toBe(72); // the month after the end does not count
  });
});

describe('opening state and reconstruction at a past date', () => {
  it('opening state of a migrated card: starts the month after the cut-over, months used derived from the booking month', () => {
    const s = openingState({ costFen: 1200000, lifeMonths: 120, booked: '2020-01-08', openingAccumulatedFen: 600000, cutOverPeriod: '2024-12' });
    expect(s.startPeriod).toBe('2025-01');
    expect(s.monthsDepreciated).toBe(60);
    expect(s.accumulatedFen).toBe(600000);
    expect(monthlyAmount(s)).toBe(10000);
    expect(monthlyCharge(s, '2024-12').reason).toBe('not-started');
  });

  it('second-hand arrival starts in its booking month', () => {
    const s = openingState({ costFen: 600000, lifeMonths: 72, booked: '2026-05-20', openingAccumulatedFen: 250000, openingMonthsUsed: 30 });
    expect(s.startPeriod).toBe('2026-05');
    expect(monthlyCharge(s, '2026-05').chargeFen).toBe(8333);
  });

  it('stateAfter reconstructs the card at a past month end, and the month-end run continues from it', () => {
    const input: ScheduleInput = { ...PC, events: [{ kind: 'cost-change', on: '2028-03-10', costFen: 720000, lifeMonths: 84 }] };
    const feb28 = stateAfter(input, '2028-02');
    expect([feb28.costFen, feb28.accumulatedFen, feb28.monthsDepreciated]).toEqual([600000, 199992, 24]);
    const dec30 = stateAfter(input, '2030-12');
    // 199992 + 34 months (2028-03 … 2030-12) × 8667 (= 294678)
    expect([dec30.costFen, dec30.accumulatedFen, dec30.monthsDepreciated, dec30.lifeMonths]).toEqual([720000, 494670, 58, 84]);
    expect(monthlyCharge(dec30, '2031-01').chargeFen).toBe(8667);
    const before = stateAfter(input, '2025-12');
    expect([before.accumulatedFen, before.monthsDepreciated]).toEqual([0, 0]);
  });

  it.each<[string, Partial<ScheduleInput>, RegExp]>([
    ['negative cost', { costFen: -1 }, /原值/],
    ['fractional fen', { costFen: 100.5 }, /原值/],
    ['zero life', { lifeMonths: 0 }, /折旧年限/],
    ['bad booking date', { booked: '2026-02-30' }, /入账日期/],
    ['opening accumulated above cost', { openingAccumulatedFen: 600001 }, /期初累计折旧不能大于原值/],
    ['cut-over before booking', { cutOverPeriod: '2026-02' }, /期初期间不能早于入账月份/],
    ['units of work without total units', { method: 'units-of-work' }, /总工作量/],
  ])('checkCard: %s', (_n, over, re) => {
    expect(checkCard({ ...PC, ...over })).toMatch(re);
    expect(() => openingState({ ...PC, ...over })).toThrow(re);
  });

  it('checkCard accepts the DOMAIN PC', () => expect(checkCard(PC)).toBeUndefined());
});

// ---------------------------------------------------------------------------------------------
// Property-style: many cost/life pairs
// ---------------------------------------------------------------------------------------------

describe('straight-line over many cost / life pairs', () => {
  // Deterministic pseudo-random pairs (LCG) plus edge values.
  const pairs: [number, number][] = [];
  let seed = 20260315;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (const life of [1, 2, 3, 7, 12, 16, 60, 72, 96, 120, 180, 360, 600]) for (const cost of [0, 1, 7, 50, 99, 100000, 123457, 600000, 999999]) pairs.push([cost, life]);
  for (let i = 0; i < 400; i++) pairs.push([100000 + rnd(50_000_000), 12 + rnd(589)]);

  it('Σ charges = cost exactly, every month but the last is round-half-up(cost ÷ life) until cost is reached, nothing negative', () => {
    const failures: string[] = [];
    const fail = (cost: number, life: number, month: number, what: string) => failures.push(`${cost}/${life} month ${month + 1}: ${what}`);
    for (const [cost, life] of pairs) {
      // expected normal month, computed independently of the code under test (Math.round rounds .5 up for positives)
      const m = Math.round(cost / life);
      let s = openingState({ costFen: cost, lifeMonths: life, booked: '2020-01-01' });
      let sum = 0;
      for (let i = 0; i < life + 2; i++) {
        const before = s.accumulatedFen;
        const r = monthlyCharge(s, addMonths('2020-01', i));
        const c = r.chargeFen;
        if (!Number.isInteger(c) || c < 0) fail(cost, life, i, `charge ${c}`);
        if (i < life - 1) {
          if (c !== Math.min(m, cost - before)) fail(cost, life, i, `charge ${c}, expected ${Math.min(m, cost - before)}`);
        } else if (i === life - 1) {
          if (c !== cost - before) fail(cost, life, i, `final ${c} is not the remainder ${cost - before}`);
          if ((life - 1) * m <= cost && c !== cost - (life - 1) * m) fail(cost, life, i, `final ${c} ≠ ${cost - (life - 1) * m}`);
          // the remainder is at most half a fen per earlier month above the normal amount
          if (c > m + Math.ceil((life - 1) / 2)) fail(cost, life, i, `final ${c} too large`);
        } else if (c !== 0) fail(cost, life, i, `charge ${c} after the end of life`);
        sum += c;
        if (r.accumulatedAfterFen !== sum) fail(cost, life, i, `accumulated ${r.accumulatedAfterFen} ≠ Σ ${sum}`);
        if (sum > cost) fail(cost, life, i, `accumulated ${sum} above cost`);
        s = nextState(s, r);
      }
      if (sum !== cost) fail(cost, life, life, `Σ ${sum} ≠ cost`);
    }
    expect(pairs.length).toBeGreaterThan(500);
    expect(failures.slice(0, 10)).toEqual([]);
  });
});

describe('stateAfter (closed form between events) agrees with the month-by-month schedule', () => {
  let seed = 7;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const inputs: ScheduleInput[] = [];
  for (let i = 0; i < 60; i++) {
    const life = 6 + rnd(60);
    const booked = addMonths('2020-01', rnd(24));
    const migrated = rnd(3) === 0;
    const events: DepEvent[] = [];
    const first = migrated ? addMonths(booked, 12) : booked;
    if (rnd(2)) events.push({ kind: 'cost-change', on: addMonths(first, 1 + rnd(life)), deltaFen: rnd(200000), lifeMonths: life + 6 + rnd(24) });
    if (rnd(2)) events.push({ kind: 'life-change', on: addMonths(first, 1 + rnd(life)), lifeMonths: life + 40 + rnd(24) });
    if (rnd(4) === 0) events.push({ kind: 'disposal', on: `${addMonths(first, rnd(life + 12))}-15` });
    inputs.push({
      costFen: rnd(3) === 0 ? rnd(100) : 100000 + rnd(9_000_000),
      lifeMonths: life,
      booked: `${booked}-0${1 + rnd(9)}`,
      ...(migrated ? { cutOverPeriod: addMonths(booked, 11), openingAccumulatedFen: 0 } : {}),
      ...(rnd(10) === 0 ? { depreciable: false } : {}),
      events,
    });
  }

  it('at every month end: same cost, same accumulated, same months used', () => {
    const failures: string[] = [];
    for (const [n, input] of inputs.entries()) {
      const rows = schedule(input, { through: '2030-12' });
      const open = openingState(input);
      let counted = open.monthsDepreciated;
      for (const r of rows) {
        if (r.reason === undefined) counted++;
        const st = stateAfter(input, r.period);
        if (st.accumulatedFen !== r.accumulatedFen || st.costFen !== r.costFen || st.monthsDepreciated !== counted) {
          failures.push(`input ${n} at ${r.period}: state ${st.costFen}/${st.accumulatedFen}/${st.monthsDepreciated}, schedule ${r.costFen}/${r.accumulatedFen}/${counted}`);
        }
      }
    }
    expect(failures.slice(0, 5)).toEqual([]);
  });

  it('advanceStraightLine(n) equals n single months', () => {
    for (const [cost, life, acc, md] of [[600000, 72, 0, 0], [600000, 72, 199992, 24], [50, 100, 0, 0], [40, 100, 0, 0], [1000, 16, 945, 15], [500000, 96, 230000, 54], [7, 1, 0, 0]] as const) {
      for (const n of [0, 1, 2, 15, 16, 17, 47, 48, 49, 71, 72, 73, 200]) {
        const base: AssetDepState = { ...pcState, costFen: cost, lifeMonths: life, accumulatedFen: acc, monthsDepreciated: md, basisAccumulatedFen: acc, basisMonths: md };
        let s = base;
        for (let i = 0; i < n; i++) s = nextState(s, monthlyCharge(s, addMonths('2026-03', i)));
        const j = advanceStraightLine(base, n);
        expect([cost, life, acc, md, n, j.accumulatedFen, j.monthsDepreciated]).toEqual([cost, life, acc, md, n, s.accumulatedFen, s.monthsDepreciated]);
      }
    }
  });
});
