import { describe, expect, it } from 'vitest';
import type { ArgsIn } from '../../shared/api';
import { addMonths } from '../../shared/domain/depreciation';
import { auditCount, fails, freshLedger, ok, seedOrg, tableCount, userSession, type Fixture } from './helpers';

// Month-end depreciation runs against a real ledger file. Every expected figure is computed by hand
// from DOMAIN §3.3 and written as a literal.

type Card = ArgsIn<'assets.create'>['cards'][number];

/** DOMAIN §3.3: ¥6,000.00, 72 months, booked 2026-03-15 → 8333 fen a month from 2026-03; last month 8357. */
const PC: Card = {
  code: 'PC-1',
  name: '台式计算机',
  classCode: 'A02010105',
  bookedOn: '2026-03-15',
  costFen: 600000,
  lifeMonths: 72,
  unitCode: 'L01',
  usingDeptCode: 'NK',
};

/** ¥6,000.00 over 60 months → exactly 10000 fen a month. */
const ECG: Card = { code: 'ECG-1', name: '心电图机', classCode: 'A02320101', bookedOn: '2026-03-02', costFen: 600000, lifeMonths: 60, unitCode: 'T01', usingDeptCode: 'QK' };

async function ledgerWith(...cards: Card[]): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  if (cards.length) await ok(f.ledger, f.admin, 'assets.create', { cards });
  return f;
}

function run(f: Fixture, period: string, extra: Partial<ArgsIn<'depreciation.run'>> = {}) {
  return ok(f.ledger, f.admin, 'depreciation.run', { period, ...extra });
}

async function card(f: Fixture, code: string) {
  return ok(f.ledger, f.admin, 'assets.show', { code });
}

function charges(f: Fixture, code: string): [string, number][] {
  return (
    f.ledger.db
      .prepare('SELECT e.period, e.charge_fen FROM depreciation_entries e JOIN assets a ON a.id = e.asset_id WHERE a.code = ? ORDER BY e.period')
      .raw()
      .all(code) as [string, number][]
  );
}

describe('depreciation.run — the DOMAIN PC vector, one run a month', () => {
  it('charges 8333 fen a month from the booking month; after 24 runs accumulated = 199992', async () => {
    const f = await ledgerWith(PC);
    expect(await run(f, '2026-03')).toEqual({ period: '2026-03', assets: 1, totalFen: 8333, closed: false });
    let p = '2026-03';
    for (let i = 2; i <= 24; i++) {
      p = addMonths(p, 1);
      expect(await run(f, p)).toMatchObject({ period: p, assets: 1, totalFen: 8333 });
    }
    expect(p).toBe('2028-02');
    expect(await card(f, 'PC-1')).toMatchObject({ accumulatedFen: 199992, netFen: 400008, monthsDepreciated: 24, nextPeriod: '2028-03' });
    expect(charges(f, 'PC-1')).toHaveLength(24);
  });

  it('after 24 months a cost rise of 120000 and a life of 84 months give (720000 − 199992) ÷ 60 = 8667 (¥86.67)', async () => {
    const f = await ledgerWith(PC);
    for (let p = '2026-03'; p <= '2028-02'; p = addMonths(p, 1)) await run(f, p);
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2028-03-10', deltaFen: 120000, lifeMonths: 84, reason: '扩容' });
    expect(await run(f, '2028-03')).toMatchObject({ assets: 1, totalFen: 8667 });
    expect(await run(f, '2028-04')).toMatchObject({ assets: 1, totalFen: 8667 });
    expect((await card(f, 'PC-1')).accumulatedFen).toBe(199992 + 2 * 8667);
  });

  it('the 72nd month (2032-02) takes the remainder 8357; nothing is charged after full depreciation', async () => {
    const f = await ledgerWith(PC);
    let total = 0;
    for (let p = '2026-03'; p <= '2032-01'; p = addMonths(p, 1)) total += (await run(f, p)).totalFen;
    expect(total).toBe(71 * 8333); // 591643
    expect(await run(f, '2032-02')).toMatchObject({ assets: 1, totalFen: 8357 });
    expect(await run(f, '2032-03')).toMatchObject({ assets: 0, totalFen: 0 });
    expect(await card(f, 'PC-1')).toMatchObject({ accumulatedFen: 600000, netFen: 0, monthsDepreciated: 72, nextPeriod: '2032-04' });
  });
});

describe('depreciation.run — which months carry a charge', () => {
  it('a card booked on the last day of a month is charged that month; one booked the next day is not', async () => {
    const f = await ledgerWith({ ...PC, bookedOn: '2026-03-31' }, { ...PC, code: 'PC-2', bookedOn: '2026-04-01' });
    expect(await run(f, '2026-03')).toMatchObject({ assets: 1, totalFen: 8333 });
    expect(await run(f, '2026-04')).toMatchObject({ assets: 2, totalFen: 16666 });
    expect(charges(f, 'PC-2')).toEqual([['2026-04', 8333]]);
  });

  it('the disposal month carries no charge', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    await ok(f.ledger, f.admin, 'assets.dispose', { code: 'PC-1', type: '报废', date: '2026-05-10', docNo: '报废〔2026〕1号' });
    expect(await run(f, '2026-05')).toMatchObject({ assets: 0, totalFen: 0 });
    expect(charges(f, 'PC-1')).toEqual([
      ['2026-03', 8333],
      ['2026-04', 8333],
    ]);
  });

  it('a disposal dated in an already-run open month takes that month’s charge back', async () => {
    const f = await ledgerWith(PC, ECG);
    await run(f, '2026-03');
    await run(f, '2026-04');
    expect(await run(f, '2026-05')).toMatchObject({ assets: 2, totalFen: 18333 });
    await ok(f.ledger, f.admin, 'assets.dispose', { code: 'PC-1', type: '报废', date: '2026-05-20', docNo: '报废〔2026〕2号' });
    expect((await ok(f.ledger, f.admin, 'depreciation.periods', {})).find((p) => p.period === '2026-05')).toMatchObject({ assets: 1, totalFen: 10000 });
    expect(await run(f, '2026-05')).toMatchObject({ assets: 1, totalFen: 10000 });
    expect((await card(f, 'PC-1')).accumulatedFen).toBe(16666);
  });

  it('non-depreciable classes and nominal-value cards are never charged', async () => {
    const f = await ledgerWith(
      PC,
      // A life given for a non-depreciable class is accepted and ignored (none is needed: depreciation-vectors.test.ts).
      { code: 'LAND-1', name: '土地', classCode: 'A01030000', bookedOn: '2026-01-05', costFen: 50000000, lifeMonths: 600, unitCode: 'L01' },
      { ...PC, code: 'PC-NOMINAL', costFen: 100, valueType: '名义金额' },
    );
    expect(await run(f, '2026-03')).toMatchObject({ assets: 1, totalFen: 8333 });
    expect(await card(f, 'LAND-1')).toMatchObject({ accumulatedFen: 0, nextPeriod: '2026-04' });
  });

  it('units of work: the month’s usage drives the charge; no usage, no charge', async () => {
    const f = await ledgerWith({ ...ECG, code: 'CAR-1', name: '救护车', classCode: 'A02030602', depMethod: 'units-of-work', totalUnits: 300000, costFen: 30000000, lifeMonths: undefined });
    // 30000000 × 2500 ÷ 300000 = 250000
    expect(await run(f, '2026-03', { usage: [{ code: 'CAR-1', units: 2500 }] })).toMatchObject({ assets: 1, totalFen: 250000 });
    expect(await run(f, '2026-04')).toMatchObject({ assets: 0, totalFen: 0 });
    // (30000000 − 250000) × 1000 ÷ 297500 = 100000
    expect(await run(f, '2026-05', { usage: [{ code: 'car-1', units: 1000 }] })).toMatchObject({ assets: 1, totalFen: 100000 });
    const e = await fails(f.ledger, f.admin, 'depreciation.run', { period: '2026-05', usage: [{ code: 'PC-X', units: 1 }] }, 'VALIDATION');
    expect(e.details?.[0]).toMatchObject({ row: 1, field: 'code' });
  });
});

describe('re-running and closing periods', () => {
  it('re-running an open period gives the same totals and never doubles', async () => {
    const f = await ledgerWith(PC, ECG);
    expect(await run(f, '2026-03')).toMatchObject({ assets: 2, totalFen: 18333 });
    const audit = auditCount(f.ledger);
    expect(await run(f, '2026-03')).toMatchObject({ assets: 2, totalFen: 18333 });
    expect(await run(f, '2026-03')).toMatchObject({ assets: 2, totalFen: 18333 });
    expect(tableCount(f.ledger, 'depreciation_entries')).toBe(2);
    expect((await card(f, 'PC-1')).accumulatedFen).toBe(8333);
    expect((await card(f, 'ECG-1')).accumulatedFen).toBe(10000);
    // One audit row per run, summarising the period (not one change per card).
    expect(auditCount(f.ledger)).toBe(audit + 2);
    const last = f.ledger.db.prepare('SELECT summary, changes FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { summary: string; changes: string };
    expect(last.summary).toContain('2026-03');
    expect(JSON.parse(last.changes)).toEqual([
      { entity: 'depreciation-period', id: '2026-03', before: expect.objectContaining({ assets: 2, totalFen: 18333 }), after: expect.objectContaining({ status: 'open', assets: 2, totalFen: 18333 }) },
    ]);
  });

  it('a re-run picks up a card booked in the period after its first run', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await ok(f.ledger, f.admin, 'assets.create', { cards: [ECG] });
    const e = await fails(f.ledger, f.admin, 'depreciation.close', { period: '2026-03' }, 'VALIDATION');
    expect(e.message).toContain('1 张卡片');
    expect(await run(f, '2026-03', { close: true })).toEqual({ period: '2026-03', assets: 2, totalFen: 18333, closed: true });
  });

  it('a closed period refuses a re-run and any business dated in it or before', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    expect(await ok(f.ledger, f.admin, 'depreciation.close', { period: '2026-03' })).toEqual({ period: '2026-03', assets: 1, totalFen: 8333, closed: true });
    expect((await fails(f.ledger, f.admin, 'depreciation.run', { period: '2026-03' }, 'VALIDATION')).message).toContain('2026-03 已结账');
    expect((await fails(f.ledger, f.admin, 'depreciation.close', { period: '2026-03' }, 'VALIDATION')).message).toContain('已结账');
    expect((await fails(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2026-03-31', deltaFen: 1000, reason: '加装' }, 'VALIDATION')).message).toContain('2026-03 已结账');
    expect((await fails(f.ledger, f.admin, 'assets.dispose', { code: 'PC-1', type: '报废', date: '2026-03-20', docNo: 'X-1' }, 'VALIDATION')).message).toContain('已结账');
    await fails(f.ledger, f.admin, 'assets.move', { code: 'PC-1', date: '2026-02-01', location: '仓库' }, 'VALIDATION');
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-1', date: '2026-04-01', location: '仓库' });
    expect(await run(f, '2026-04')).toMatchObject({ assets: 1, totalFen: 8333 });
    const periods = await ok(f.ledger, f.admin, 'depreciation.periods', {});
    expect(periods.map((p) => [p.period, p.status, p.assets, p.totalFen])).toEqual([
      ['2026-03', 'closed', 1, 8333],
      ['2026-04', 'open', 1, 8333],
    ]);
    expect(periods[0]!.closedBy).toBe(periods[0]!.runBy);
  });

  it('only the latest period may be re-run; no gaps; closing goes in order', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    expect((await fails(f.ledger, f.admin, 'depreciation.run', { period: '2026-03' }, 'VALIDATION')).message).toContain('只能重新计提最近一期（2026-04）');
    expect((await fails(f.ledger, f.admin, 'depreciation.run', { period: '2026-06' }, 'VALIDATION')).message).toContain('请先计提 2026-05');
    expect((await fails(f.ledger, f.admin, 'depreciation.close', { period: '2026-04' }, 'VALIDATION')).message).toContain('请先结账 2026-03');
    expect((await fails(f.ledger, f.admin, 'depreciation.run', { period: '2026-05', close: true }, 'VALIDATION')).message).toContain('请先结账 2026-03、2026-04');
    expect((await fails(f.ledger, f.admin, 'depreciation.close', { period: '2026-05' }, 'VALIDATION')).message).toContain('尚未计提');
    expect(tableCount(f.ledger, 'depreciation_periods')).toBe(2);
  });

  it('catch-up: a card entered late is charged for every month since its booking in the current run, and a re-run keeps that', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    await ok(f.ledger, f.admin, 'assets.create', { cards: [ECG] }); // booked 2026-03-02, entered after April's run
    // ECG: March, April and May in May's entry = 3 × 10000.
    expect(await run(f, '2026-05')).toMatchObject({ assets: 2, totalFen: 8333 + 30000 });
    expect(charges(f, 'ECG-1')).toEqual([['2026-05', 30000]]);
    expect(await run(f, '2026-05')).toMatchObject({ assets: 2, totalFen: 38333 });
    expect(await card(f, 'ECG-1')).toMatchObject({ accumulatedFen: 30000, monthsDepreciated: 3, nextPeriod: '2026-06' });
    expect(await run(f, '2026-06')).toMatchObject({ assets: 2, totalFen: 18333 });
  });

  it('catch-up of a card disposed before the run stops before its disposal month, also on a re-run', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    await ok(f.ledger, f.admin, 'assets.create', { cards: [ECG] });
    await ok(f.ledger, f.admin, 'assets.dispose', { code: 'ECG-1', type: '报损', date: '2026-04-15', docNo: 'S-1' });
    // March only (April is the disposal month).
    expect(await run(f, '2026-05')).toMatchObject({ assets: 2, totalFen: 18333 });
    expect(await run(f, '2026-05')).toMatchObject({ assets: 2, totalFen: 18333 });
    expect(charges(f, 'ECG-1')).toEqual([['2026-05', 10000]]);
  });

  it('a cost change dated in an already-run open month recharges that month at the new rate', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2026-04-20', deltaFen: 120000, lifeMonths: 84, reason: '扩容' });
    expect((await ok(f.ledger, f.admin, 'depreciation.periods', {}))[1]).toMatchObject({ period: '2026-04', assets: 0, totalFen: 0 });
    // (720000 − 8333) ÷ (84 − 1) = 711667 ÷ 83 = 8574.3 → 8574
    expect(await run(f, '2026-04')).toMatchObject({ assets: 1, totalFen: 8574 });
    expect(await run(f, '2026-04')).toMatchObject({ assets: 1, totalFen: 8574 });
  });

  it('a disposal dated inside a catch-up puts the card back to the start of the catch-up; the re-run charges only the months before it', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    await ok(f.ledger, f.admin, 'assets.create', { cards: [ECG] });
    expect(await run(f, '2026-05')).toMatchObject({ totalFen: 8333 + 30000 });
    await ok(f.ledger, f.admin, 'assets.dispose', { code: 'ECG-1', type: '报损', date: '2026-04-20', docNo: 'S-2' });
    expect(await card(f, 'ECG-1')).toMatchObject({ accumulatedFen: 0, nextPeriod: '2026-03' });
    // March only.
    expect(await run(f, '2026-05')).toMatchObject({ assets: 2, totalFen: 8333 + 10000 });
  });

  it('a cost rise of a fully depreciated card dated in an already-run month is charged from that month', async () => {
    // Migrated: 600000 over 72 months, 71 used and 599000 accumulated at the cut-over 2026-02 → March takes the last 1000.
    const OLD: Card = { ...PC, code: 'OLD-1', bookedOn: '2020-03-10', openingPeriod: '2026-02', openingAccumulatedFen: 599000, openingMonthsUsed: 71 };
    const f = await ledgerWith(OLD);
    expect(await run(f, '2026-03')).toMatchObject({ assets: 1, totalFen: 1000 });
    expect(await run(f, '2026-04')).toMatchObject({ assets: 0, totalFen: 0 });
    // 改建 dated in April: 120000 more over 84 − 72 = 12 months → 10000 a month from April.
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'OLD-1', date: '2026-04-10', deltaFen: 120000, lifeMonths: 84, reason: '改建' });
    expect(await run(f, '2026-04')).toMatchObject({ assets: 1, totalFen: 10000 });
    expect(await run(f, '2026-05')).toMatchObject({ assets: 1, totalFen: 10000 });
  });

  it('a cost change dated after the latest run keeps that run re-runnable without changing it', async () => {
    const f = await ledgerWith(PC, ECG);
    await run(f, '2026-03');
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2026-04-02', deltaFen: 120000, lifeMonths: 84, reason: '扩容' });
    expect(await run(f, '2026-03')).toMatchObject({ assets: 2, totalFen: 18333 });
    // April at the new basis: (720000 − 8333) ÷ 83 = 8574.
    expect(await run(f, '2026-04')).toMatchObject({ assets: 2, totalFen: 18574 });
  });

  it('a transfer is charged to the receiving unit from its month; the run is community-wide', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await ok(f.ledger, f.admin, 'assets.transfer', { code: 'PC-1', toUnitCode: 'T01', date: '2026-05-06', usingDeptCode: 'QK' });
    // April run after the May transfer was recorded: April is still the old unit's.
    await run(f, '2026-04');
    await run(f, '2026-05');
    const units = f.ledger.db.prepare('SELECT e.period, u.code FROM depreciation_entries e JOIN units u ON u.id = e.unit_id ORDER BY e.period').raw().all();
    expect(units).toEqual([
      ['2026-03', 'L01'],
      ['2026-04', 'L01'],
      ['2026-05', 'T01'],
    ]);
    const op = await userSession(f, 'op_t01', 'unit_operator', 'T01');
    await fails(f.ledger, op, 'depreciation.run', { period: '2026-05' }, 'FORBIDDEN');
    const asset = await userSession(f, 'asset1', 'asset');
    await fails(f.ledger, asset, 'depreciation.close', { period: '2026-05' }, 'FORBIDDEN');
    const fin = await userSession(f, 'fin1', 'finance');
    expect(await ok(f.ledger, fin, 'depreciation.run', { period: '2026-05' })).toMatchObject({ assets: 1, totalFen: 8333 });
  });
});

describe('depreciation.summary', () => {
  it('splits each charge by funding source in proportion, remainder to the largest, adding up exactly', async () => {
    const f = await ledgerWith(
      PC, // all own funds: 8333 own
      { ...PC, code: 'PC-3', fundFiscalFen: 200000, fundResearchFen: 200000, fundOwnFen: 200000 }, // equal thirds: 2777 research, 2777 own, 2779 fiscal (first of the largest)
      { ...ECG, fundFiscalFen: 500000, fundOwnFen: 100000 }, // 10000: own ⌊10000 × 1/6⌋ = 1666, fiscal 8334
    );
    await run(f, '2026-03');
    const rows = await ok(f.ledger, f.admin, 'depreciation.summary', { period: '2026-03' });
    expect(rows.map((r) => [r.unitCode, r.classCode, r.fundingSource, r.usingDeptCode, r.assets, r.chargeFen])).toEqual([
      ['L01', 'A02010105', '财政补助', 'NK', 1, 2779],
      ['L01', 'A02010105', '科教项目', 'NK', 1, 2777],
      ['L01', 'A02010105', '医疗收入(自有资金)', 'NK', 2, 8333 + 2777],
      ['T01', 'A02320101', '财政补助', 'QK', 1, 8334],
      ['T01', 'A02320101', '医疗收入(自有资金)', 'QK', 1, 1666],
    ]);
    expect(rows.reduce((s, r) => s + r.chargeFen, 0)).toBe(8333 + 8333 + 10000);
    expect(rows[0]).toMatchObject({ unitName: '县人民医院', className: '台式计算机', usingDeptName: '内科' });
    const t01 = await ok(f.ledger, f.admin, 'depreciation.summary', { period: '2026-03', unitCode: 'T01' });
    expect(t01.map((r) => r.chargeFen)).toEqual([8334, 1666]);
    const op = await userSession(f, 'op_t01', 'unit_operator', 'T01');
    expect((await ok(f.ledger, op, 'depreciation.summary', { period: '2026-03' })).map((r) => r.unitCode)).toEqual(['T01', 'T01']);
    await fails(f.ledger, f.admin, 'depreciation.summary', { period: '2026-04' }, 'NOT_FOUND');
  });
});

describe('assets.schedule', () => {
  it('lists the booked entries, then projects to the end of life with the final-month remainder', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    const lines = await ok(f.ledger, f.admin, 'assets.schedule', { code: 'PC-1' });
    expect(lines).toHaveLength(72);
    expect(lines.slice(0, 3)).toEqual([
      { period: '2026-03', costFen: 600000, chargeFen: 8333, accumulatedFen: 8333, netFen: 591667, booked: true },
      { period: '2026-04', costFen: 600000, chargeFen: 8333, accumulatedFen: 16666, netFen: 583334, booked: true },
      { period: '2026-05', costFen: 600000, chargeFen: 8333, accumulatedFen: 24999, netFen: 575001, booked: false },
    ]);
    expect(lines.at(-1)).toEqual({ period: '2032-02', costFen: 600000, chargeFen: 8357, accumulatedFen: 600000, netFen: 0, booked: false });
    expect(await ok(f.ledger, f.admin, 'assets.schedule', { code: 'PC-1', through: '2026-05' })).toHaveLength(3);
  });

  it('shows the cost in force for each booked month after a cost change', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2026-04-01', deltaFen: 120000, lifeMonths: 84, reason: '扩容' });
    await run(f, '2026-04');
    const lines = await ok(f.ledger, f.admin, 'assets.schedule', { code: 'PC-1', through: '2026-05' });
    expect(lines).toEqual([
      { period: '2026-03', costFen: 600000, chargeFen: 8333, accumulatedFen: 8333, netFen: 591667, booked: true },
      { period: '2026-04', costFen: 720000, chargeFen: 8574, accumulatedFen: 16907, netFen: 703093, booked: true },
      { period: '2026-05', costFen: 720000, chargeFen: 8574, accumulatedFen: 25481, netFen: 694519, booked: false },
    ]);
  });
});
