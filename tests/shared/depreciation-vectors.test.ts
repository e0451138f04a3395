// More hand-computed vectors for DOMAIN §3.3 (政府会计准则第3号 + 应用指南), beyond the DOMAIN PC in
// depreciation.test.ts. Each expected figure is worked out in the comment next to it and written as a
// literal; the code under test never produces an expectation.
import { describe, expect, it } from 'vitest';
import { checkCard, checkChange, openingState, schedule, type ScheduleInput, type ScheduleRow } from '../../shared/domain/depreciation';

type Spot = [period: string, chargeFen: number, accumulatedFen: number, reason?: string];
interface Vector {
  name: string;
  input: ScheduleInput;
  through: string;
  totalFen: number;
  rows: number;
  spots: Spot[];
  /** [charge, number of months with exactly that charge] */
  count?: [number, number];
}

const PC: ScheduleInput = { costFen: 600000, lifeMonths: 72, booked: '2026-03-15' };

const VECTORS: Vector[] = [
  {
    // 12800000 ÷ 60 = 213333.33 → 213333; 59 × 213333 = 12586647; final 12800000 − 12586647 = 213353.
    name: '医疗设备 ¥128,000.00 over 5 years booked 2025-07-01: 213333 a month, 2030-06 takes 213353',
    input: { costFen: 12800000, lifeMonths: 60, booked: '2025-07-01' },
    through: '2030-07',
    totalFen: 12800000,
    rows: 61,
    spots: [
      ['2025-07', 213333, 213333],
      ['2030-05', 213333, 12586647],
      ['2030-06', 213353, 12800000],
      ['2030-07', 0, 12800000, 'fully-depreciated'],
    ],
    count: [213333, 59],
  },
  {
    // 100 ÷ 8 = 12.5 → 13 (half up); 7 × 13 = 91; final 9.
    name: 'half-up: 100 fen over 8 months → 13 × 7, final 9',
    input: { costFen: 100, lifeMonths: 8, booked: '2026-01-31' },
    through: '2026-09',
    totalFen: 100,
    rows: 9,
    spots: [
      ['2026-01', 13, 13],
      ['2026-07', 13, 91],
      ['2026-08', 9, 100],
      ['2026-09', 0, 100, 'fully-depreciated'],
    ],
    count: [13, 7],
  },
  {
    // 1000 ÷ 6 = 166.67 → 167; 5 × 167 = 835; final 165.
    name: '1000 fen over 6 months → 167 × 5, final 165 (the remainder may be below the normal month)',
    input: { costFen: 1000, lifeMonths: 6, booked: '2026-04-01' },
    through: '2026-09',
    totalFen: 1000,
    rows: 6,
    spots: [
      ['2026-08', 167, 835],
      ['2026-09', 165, 1000],
    ],
    count: [167, 5],
  },
  {
    // After 24 months (199992): life 48 → (600000 − 199992) ÷ (48 − 24) = 400008 ÷ 24 = 16667;
    // 23 × 16667 = 383341; final 400008 − 383341 = 16667; last month 2028-03 + 23 = 2030-02.
    name: 'life shortened to 48 months after 24: 16667 a month from 2028-03 through 2030-02',
    input: { ...PC, events: [{ kind: 'life-change', on: '2028-03-01', lifeMonths: 48 }] },
    through: '2030-03',
    totalFen: 600000,
    rows: 49,
    spots: [
      ['2028-02', 8333, 199992],
      ['2028-03', 16667, 216659],
      ['2030-01', 16667, 583333],
      ['2030-02', 16667, 600000],
      ['2030-03', 0, 600000, 'fully-depreciated'],
    ],
    count: [16667, 24],
  },
  {
    // Cost reduced to 500000 after 24 months, life unchanged: (500000 − 199992) ÷ 48 = 6250.17 → 6250;
    // 47 × 6250 = 293750; final 300008 − 293750 = 6258 in 2032-02.
    name: 'cost reduced to ¥5,000.00 after 24 months: 6250 a month, final 6258',
    input: { ...PC, events: [{ kind: 'cost-change', on: '2028-03-31', costFen: 500000 }] },
    through: '2032-02',
    totalFen: 500000,
    rows: 72,
    spots: [
      ['2028-03', 6250, 206242],
      ['2032-01', 6250, 493742],
      ['2032-02', 6258, 500000],
    ],
    count: [6250, 47],
  },
  {
    // A cost change in the booking month, before any charge: 720000 ÷ 84 = 8571.43 → 8571;
    // 83 × 8571 = 711393; final 8607 in 2026-03 + 83 = 2033-02.
    name: 'cost and life changed in the booking month: the new basis from the first month',
    input: { ...PC, events: [{ kind: 'cost-change', on: '2026-03-20', costFen: 720000, lifeMonths: 84 }] },
    through: '2033-02',
    totalFen: 720000,
    rows: 84,
    spots: [
      ['2026-03', 8571, 8571],
      ['2033-01', 8571, 711393],
      ['2033-02', 8607, 720000],
    ],
    count: [8571, 83],
  },
  {
    // Disposed in what would be the final month: that month is not charged and there is no catch-up.
    name: 'disposed 2032-02-10, the would-be final month: accumulated stays 71 × 8333 = 591643',
    input: { ...PC, events: [{ kind: 'disposal', on: '2032-02-10' }] },
    through: '2032-06',
    totalFen: 591643,
    rows: 72,
    spots: [
      ['2032-01', 8333, 591643],
      ['2032-02', 0, 591643, 'disposed'],
    ],
  },
  {
    // Migrated card already past its life: months used 2010-01 … 2024-12 = 180 ≥ 96, so the first month
    // after the cut-over is the final one and takes the whole remainder 500000 − 480000 = 20000.
    name: 'migrated card past its life: 2025-01 takes the remaining 20000, then nothing',
    input: { costFen: 500000, lifeMonths: 96, booked: '2010-01-05', openingAccumulatedFen: 480000, cutOverPeriod: '2024-12' },
    through: '2025-03',
    totalFen: 20000,
    rows: 3,
    spots: [
      ['2025-01', 20000, 500000],
      ['2025-02', 0, 500000, 'fully-depreciated'],
    ],
  },
  {
    // Migrated fully depreciated card (accumulated = cost): never charged again.
    name: 'migrated fully depreciated card: nothing more',
    input: { costFen: 300000, lifeMonths: 60, booked: '2015-06-01', openingAccumulatedFen: 300000, cutOverPeriod: '2025-12' },
    through: '2026-02',
    totalFen: 0,
    rows: 2,
    spots: [['2026-01', 0, 300000, 'fully-depreciated']],
  },
  {
    // Units of work, total changed: 300000 × 3000 ÷ 200000 = 4500 in 2026-01; total 150000 from 2026-02:
    // remaining 147000 units; (300000 − 4500) × 2000 ÷ 147000 = 591000000 ÷ 147000 = 4020.41 → 4020.
    name: 'units of work with a new total from 2026-02: 4500, then 4020',
    input: {
      method: 'units-of-work',
      costFen: 300000,
      lifeMonths: 0,
      totalUnits: 200000,
      booked: '2026-01-10',
      events: [
        { kind: 'usage', on: '2026-01', units: 3000 },
        { kind: 'life-change', on: '2026-02-01', totalUnits: 150000 },
        { kind: 'usage', on: '2026-02', units: 2000 },
      ],
    },
    through: '2026-02',
    totalFen: 8520,
    rows: 2,
    spots: [
      ['2026-01', 4500, 4500],
      ['2026-02', 4020, 8520],
    ],
  },
  {
    name: '图书和档案 without a life: never charged',
    input: { costFen: 2000000, lifeMonths: 0, booked: '2026-01-05', depreciable: false },
    through: '2026-03',
    totalFen: 0,
    rows: 3,
    spots: [['2026-03', 0, 0, 'non-depreciable']],
  },
  {
    name: '名义金额 ¥1.00 without a life: never charged',
    input: { costFen: 100, lifeMonths: 0, booked: '2026-01-05', valueType: '名义金额' },
    through: '2026-02',
    totalFen: 0,
    rows: 2,
    spots: [['2026-01', 0, 0, 'nominal']],
  },
];

const at = (rows: ScheduleRow[], p: string) => rows.find((r) => r.period === p);

describe('DOMAIN §3.3 vectors', () => {
  it.each(VECTORS)('$name', (v) => {
    const rows = schedule(v.input, { through: v.through });
    expect(rows.length).toBe(v.rows);
    expect(rows.reduce((s, r) => s + r.chargeFen, 0)).toBe(v.totalFen);
    for (const [p, charge, acc, reason] of v.spots) {
      const r = at(rows, p);
      expect([p, r?.chargeFen, r?.accumulatedFen, r?.reason]).toEqual([p, charge, acc, reason]);
    }
    if (v.count) expect(rows.filter((r) => r.chargeFen === v.count![0]).length).toBe(v.count[1]);
    for (const r of rows) expect(r.accumulatedFen).toBeLessThanOrEqual(r.costFen);
  });
});

describe('what a card needs', () => {
  it.each<[string, Partial<ScheduleInput>]>([
    ['a non-depreciable class needs no life', { lifeMonths: 0, depreciable: false }],
    ['nor does a 名义金额 card', { lifeMonths: 0, valueType: '名义金额' }],
    ['nor a non-depreciable class on units of work without total units', { method: 'units-of-work', lifeMonths: 0, depreciable: false }],
  ])('%s', (_n, over) => {
    expect(checkCard({ ...PC, ...over })).toBeUndefined();
    expect(openingState({ ...PC, ...over }).lifeMonths).toBe(0);
  });

  it('a depreciable card still needs a positive life, and a given life must be a whole number of months', () => {
    expect(checkCard({ ...PC, lifeMonths: 0 })).toBe('折旧年限（月）必须是正整数');
    expect(checkCard({ ...PC, lifeMonths: 1.5, depreciable: false })).toBe('折旧年限（月）必须是正整数');
  });
});

describe('a cost rise needs months left', () => {
  const ended = openingState({ ...PC, openingAccumulatedFen: 600000, openingMonthsUsed: 72 });
  it('refuses a cost rise after the whole life is used unless a longer life comes with it', () => {
    expect(checkChange(ended, { costFen: 660000 })).toBe('已计提折旧 72 个月，折旧年限（72 个月）已经用完；原值增加须同时重新确定折旧年限（长于 72 个月）');
    expect(checkChange(ended, { costFen: 660000, lifeMonths: 72 })).toMatch(/已经用完/);
    expect(checkChange(ended, { costFen: 660000, lifeMonths: 84 })).toBeUndefined();
    // A decrease down to the accumulated figure, or a life change alone, is fine.
    expect(checkChange(ended, { costFen: 600000 })).toBeUndefined();
    expect(checkChange(ended, { lifeMonths: 72 })).toBeUndefined();
  });
  it('does not concern a card with months left, nor one never depreciated', () => {
    expect(checkChange(openingState(PC), { costFen: 660000 })).toBeUndefined();
    expect(checkChange({ ...ended, depreciable: false }, { costFen: 660000 })).toBeUndefined();
  });
});
