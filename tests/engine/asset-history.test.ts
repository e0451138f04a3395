import { describe, expect, it } from 'vitest';
import type { ArgsIn } from '../../shared/api';
import { fails, freshLedger, ok, seedOrg, userSession, type Fixture } from './helpers';

// A card's state at any past date (assets.show with asOf), against a real ledger file. The story runs a
// card through its whole life with a month-end run after each step; every figure is computed by hand:
//   PC-1 ¥6,000.00, 72 months, booked 2026-03-15 in L01/NK → 8333 a month.
//   runs 2026-03, 04                    → accumulated 16666 (2 months)
//   2026-05-06 move: 李护士, 住院部 3 楼, 闲置;  run 2026-05 → 24999 (3 months)
//   2026-06-10 cost +120000, life 84: (720000 − 24999) ÷ (84 − 3) = 695001 ÷ 81 = 8580.26 → 8580;
//                                        run 2026-06 → 33579 (4 months)
//   2026-07-01 transfer to T01/QK, 王医生, 放射科;  run 2026-07 → 42159 (5 months), charged to T01
//   2026-08-20 disposed (报废): no August charge;   run 2026-08 → still 42159

type Card = ArgsIn<'assets.create'>['cards'][number];
const PC: Card = {
  code: 'PC-1',
  name: '台式计算机',
  classCode: 'A02010105',
  bookedOn: '2026-03-15',
  costFen: 600000,
  lifeMonths: 72,
  unitCode: 'L01',
  usingDeptCode: 'NK',
  userName: '张医生',
  location: '门诊楼 2 层',
};

async function story(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  const call = <K extends Parameters<typeof ok>[2]>(m: K, a: ArgsIn<K>) => ok(f.ledger, f.admin, m, a);
  await call('assets.create', { cards: [PC] });
  await call('depreciation.run', { period: '2026-03' });
  await call('depreciation.run', { period: '2026-04' });
  await call('assets.move', { code: 'PC-1', date: '2026-05-06', userName: '李护士', location: '住院部 3 楼', status: '闲置' });
  await call('depreciation.run', { period: '2026-05' });
  await call('assets.changeCost', { code: 'PC-1', date: '2026-06-10', deltaFen: 120000, lifeMonths: 84, reason: '扩容', docNo: '改〔2026〕1号' });
  expect(await call('depreciation.run', { period: '2026-06' })).toMatchObject({ assets: 1, totalFen: 8580 });
  await call('assets.transfer', { code: 'PC-1', toUnitCode: 'T01', date: '2026-07-01', usingDeptCode: 'QK', userName: '王医生', location: '放射科', docNo: '调〔2026〕7号' });
  expect(await call('depreciation.run', { period: '2026-07' })).toMatchObject({ assets: 1, totalFen: 8580 });
  await call('assets.dispose', { code: 'PC-1', type: '报废', date: '2026-08-20', docNo: '废〔2026〕3号' });
  expect(await call('depreciation.run', { period: '2026-08' })).toMatchObject({ assets: 0, totalFen: 0 });
  return f;
}

const pick = (c: Awaited<ReturnType<typeof show>>) => ({
  unitCode: c.unitCode,
  usingDeptCode: c.usingDeptCode,
  userName: c.userName,
  location: c.location,
  status: c.status,
  costFen: c.costFen,
  lifeMonths: c.lifeMonths,
  accumulatedFen: c.accumulatedFen,
  netFen: c.netFen,
  monthsDepreciated: c.monthsDepreciated,
  fundOwnFen: c.fundOwnFen,
  disposedOn: c.disposedOn,
  disposalType: c.disposalType,
  events: c.events.map((e) => e.type),
});

function show(f: Fixture, asOf?: string) {
  return ok(f.ledger, f.admin, 'assets.show', { code: 'PC-1', ...(asOf ? { asOf } : {}) });
}

const BOOKED = { unitCode: 'L01', usingDeptCode: 'NK', userName: '张医生', location: '门诊楼 2 层', status: '在用', costFen: 600000, lifeMonths: 72, fundOwnFen: 600000, disposedOn: null, disposalType: null };
const MOVED = { ...BOOKED, userName: '李护士', location: '住院部 3 楼', status: '闲置' };
const CHANGED = { ...MOVED, costFen: 720000, lifeMonths: 84, fundOwnFen: 720000 };
const TRANSFERRED = { ...CHANGED, unitCode: 'T01', usingDeptCode: 'QK', userName: '王医生', location: '放射科' };
const DISPOSED = { ...TRANSFERRED, status: '已处置', disposedOn: '2026-08-20', disposalType: '报废' };

describe('assets.show with asOf: the card on any past date', () => {
  it('rebuilds custody, status, cost, life and depreciation between every event', async () => {
    const f = await story();
    // [date, fields, accumulated booked through the month, months used, events up to the date]
    const expected: [string, object, number, number, string[]][] = [
      ['2026-03-15', BOOKED, 8333, 1, ['acquire']],
      ['2026-04-30', BOOKED, 16666, 2, ['acquire']],
      ['2026-05-05', BOOKED, 24999, 3, ['acquire']], // the month's charge counts for any date in it (the register's rule)
      ['2026-05-06', MOVED, 24999, 3, ['acquire', 'move']],
      ['2026-06-09', MOVED, 33579, 4, ['acquire', 'move']],
      ['2026-06-10', CHANGED, 33579, 4, ['acquire', 'move', 'cost-change']],
      ['2026-06-30', CHANGED, 33579, 4, ['acquire', 'move', 'cost-change']],
      ['2026-07-01', TRANSFERRED, 42159, 5, ['acquire', 'move', 'cost-change', 'transfer']],
      ['2026-08-19', TRANSFERRED, 42159, 5, ['acquire', 'move', 'cost-change', 'transfer']],
      ['2026-08-20', DISPOSED, 42159, 5, ['acquire', 'move', 'cost-change', 'transfer', 'dispose']],
      ['2027-01-01', DISPOSED, 42159, 5, ['acquire', 'move', 'cost-change', 'transfer', 'dispose']],
    ];
    for (const [date, fields, acc, months, events] of expected) {
      const c = await show(f, date);
      const cost = (fields as { costFen: number }).costFen;
      expect([date, pick(c)]).toEqual([date, { ...fields, accumulatedFen: acc, netFen: cost - acc, monthsDepreciated: months, events }]);
      expect(c.asOf).toBe(date);
    }
  });

  it('names the unit and departments of the day, and the next period to charge as it was then', async () => {
    const f = await story();
    expect(await show(f, '2026-05-06')).toMatchObject({ unitName: '县人民医院', usingDeptName: '内科', nextPeriod: '2026-06' });
    expect(await show(f, '2026-07-01')).toMatchObject({ unitName: '城关镇卫生院', usingDeptName: '全科', nextPeriod: '2026-08' });
  });

  it('without asOf the card is as it is now, with its full history', async () => {
    const f = await story();
    const now = await show(f);
    expect(pick(now)).toEqual({ ...DISPOSED, accumulatedFen: 42159, netFen: 720000 - 42159, monthsDepreciated: 5, events: ['acquire', 'move', 'cost-change', 'transfer', 'dispose'] });
    expect(now.asOf).toBeUndefined();
    expect(now.nextPeriod).toBe('2026-09');
  });

  it('agrees with the register as of the same dates', async () => {
    const f = await story();
    for (const date of ['2026-04-30', '2026-06-09', '2026-06-10', '2026-07-01']) {
      const reg = await ok(f.ledger, f.admin, 'reports.register', { asOf: date });
      const card = await show(f, date);
      expect(reg.rows.map((r) => [r.unit, r.costFen, r.accumulatedFen])).toEqual([[card.unitCode, card.costFen, card.accumulatedFen]]);
    }
  });

  it('is refused before the booking date', async () => {
    const f = await story();
    const e = await fails(f.ledger, f.admin, 'assets.show', { code: 'PC-1', asOf: '2026-03-14' }, 'VALIDATION');
    expect(e.message).toBe('资产 PC-1 于 2026-03-15 入账，2026-03-14 时尚未登记在册');
    await fails(f.ledger, f.admin, 'assets.show', { code: 'PC-1', asOf: '2026-02-30' }, 'VALIDATION');
  });

  it('a unit operator sees the card on dates it was in their unit, or when it is theirs now', async () => {
    const f = await story();
    await ok(f.ledger, f.admin, 'assets.create', { cards: [{ ...PC, code: 'T01-1', unitCode: 'T01', usingDeptCode: 'QK' }] });
    await ok(f.ledger, f.admin, 'assets.transfer', { code: 'T01-1', toUnitCode: 'T02', date: '2026-09-01' });
    const t01 = await userSession(f, 'op_t01', 'unit_operator', 'T01');
    expect((await ok(f.ledger, t01, 'assets.show', { code: 'T01-1', asOf: '2026-08-31' })).unitCode).toBe('T01');
    await fails(f.ledger, t01, 'assets.show', { code: 'T01-1', asOf: '2026-09-01' }, 'NOT_FOUND');
    await fails(f.ledger, t01, 'assets.show', { code: 'T01-1' }, 'NOT_FOUND');
    // PC-1 is T01's now, so T01 sees its whole history, also from before it arrived.
    expect((await ok(f.ledger, t01, 'assets.show', { code: 'PC-1', asOf: '2026-06-30' })).unitCode).toBe('L01');
    const t02 = await userSession(f, 'op_t02', 'unit_operator', 'T02');
    await fails(f.ledger, t02, 'assets.show', { code: 'PC-1', asOf: '2026-06-30' }, 'NOT_FOUND');
    expect((await ok(f.ledger, t02, 'assets.show', { code: 'T01-1' })).unitCode).toBe('T02');
  });
});

describe('lifecycle events are recorded in date order', () => {
  it('refuses a custody or value event dated before the latest one, or before the booking date', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    await ok(f.ledger, f.admin, 'assets.create', { cards: [PC] });
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-1', date: '2026-05-06', location: '仓库' });
    const e = await fails(f.ledger, f.admin, 'assets.transfer', { code: 'PC-1', toUnitCode: 'T01', date: '2026-05-01' }, 'VALIDATION');
    expect(e.message).toContain('已登记了 2026-05-06 的变动，新的变动日期 2026-05-01 不能早于它');
    await fails(f.ledger, f.admin, 'assets.dispose', { code: 'PC-1', type: '报废', date: '2026-04-30', docNo: 'X' }, 'VALIDATION');
    const b = await fails(f.ledger, f.admin, 'assets.move', { code: 'PC-1', date: '2026-03-14', location: '仓库' }, 'VALIDATION');
    expect(b.message).toContain('不能早于入账日期');
    // The same date is fine (recording order breaks the tie).
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-1', date: '2026-05-06', userName: '李护士' });
    expect((await show(f, '2026-05-06')).userName).toBe('李护士');
    expect((await show(f, '2026-05-05'))).toMatchObject({ userName: '张医生', location: '门诊楼 2 层' });
  });

  it('a transfer or move dated in an already-run open month re-labels that month’s entry without a re-run', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    await ok(f.ledger, f.admin, 'assets.create', { cards: [PC] });
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-03' });
    await ok(f.ledger, f.admin, 'assets.transfer', { code: 'PC-1', toUnitCode: 'T01', date: '2026-03-25', usingDeptCode: 'QK' });
    const rows = await ok(f.ledger, f.admin, 'depreciation.summary', { period: '2026-03' });
    expect(rows.map((r) => [r.unitCode, r.usingDeptCode, r.chargeFen])).toEqual([['T01', 'QK', 8333]]);
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-1', date: '2026-03-28', usingDeptCode: null });
    expect((await ok(f.ledger, f.admin, 'depreciation.summary', { period: '2026-03' })).map((r) => [r.unitCode, r.usingDeptCode])).toEqual([['T01', null]]);
    // A re-run agrees.
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-03' });
    expect((await ok(f.ledger, f.admin, 'depreciation.summary', { period: '2026-03' })).map((r) => [r.unitCode, r.usingDeptCode, r.chargeFen])).toEqual([['T01', null, 8333]]);
  });

  it('a transfer dated in a closed month is refused', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    await ok(f.ledger, f.admin, 'assets.create', { cards: [PC] });
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-03', close: true });
    const e = await fails(f.ledger, f.admin, 'assets.transfer', { code: 'PC-1', toUnitCode: 'T01', date: '2026-03-31' }, 'VALIDATION');
    expect(e.message).toBe('2026-03 已结账，不能办理 2026-03 及以前日期的业务');
    expect((await ok(f.ledger, f.admin, 'assets.transfer', { code: 'PC-1', toUnitCode: 'T01', date: '2026-04-01' })).unitCode).toBe('T01');
  });
});
