import { describe, expect, it } from 'vitest';
import type { ArgsIn } from '../../shared/api';
import { fails, freshLedger, ok, seedOrg, type Fixture } from './helpers';

// DOMAIN §3.3 through the engine (assets.create → depreciation.run → cards and entries), for the cases
// depreciation-run.test.ts does not cover. Every expected figure is computed by hand in the comments.

type Card = ArgsIn<'assets.create'>['cards'][number];
const PC: Card = { code: 'PC-1', name: '台式计算机', classCode: 'A02010105', bookedOn: '2026-03-15', costFen: 600000, lifeMonths: 72, unitCode: 'L01', usingDeptCode: 'NK' };

async function ledgerWith(...cards: Card[]): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  if (cards.length) await ok(f.ledger, f.admin, 'assets.create', { cards });
  return f;
}
const run = (f: Fixture, period: string, extra: Partial<ArgsIn<'depreciation.run'>> = {}) => ok(f.ledger, f.admin, 'depreciation.run', { period, ...extra });
const card = (f: Fixture, code: string) => ok(f.ledger, f.admin, 'assets.show', { code });

describe('classes and value types that are never depreciated', () => {
  // 文物和陈列品, 图书和档案, 特种动植物, 土地 — registered without any life, never charged.
  const NEVER: Card[] = [
    { code: 'WW-1', name: '清代青花瓷瓶', classCode: 'A03000000', bookedOn: '2026-01-05', costFen: 8000000, unitCode: 'L01' },
    { code: 'TS-1', name: '医学图书一批', classCode: 'A04000000', bookedOn: '2026-01-05', costFen: 2000000, unitCode: 'L01' },
    { code: 'DZW-1', name: '院区古树', classCode: 'A06000000', bookedOn: '2026-01-05', costFen: 500000, unitCode: 'T01' },
    { code: 'TD-1', name: '院区土地', classCode: 'A01030000', bookedOn: '2026-01-05', costFen: 50000000, unitCode: 'L01' },
  ];

  it('are registered without a life and never charged; only the PC is (8333)', async () => {
    const f = await ledgerWith(PC, ...NEVER, { ...PC, code: 'PC-NOM', costFen: 100, valueType: '名义金额', lifeMonths: undefined });
    for (const c of NEVER) expect(await card(f, c.code as string)).toMatchObject({ lifeMonths: 0, accumulatedFen: 0, netFen: c.costFen });
    expect(await run(f, '2026-03')).toMatchObject({ assets: 1, totalFen: 8333 });
    expect(await run(f, '2026-04')).toMatchObject({ assets: 1, totalFen: 8333 });
    for (const c of NEVER) expect(await card(f, c.code as string)).toMatchObject({ accumulatedFen: 0, nextPeriod: '2026-05' });
    const reg = await ok(f.ledger, f.admin, 'reports.register', { asOf: '2026-04-30' });
    expect(reg.totals).toEqual({ assets: 6, costFen: 600000 + 100 + 8000000 + 2000000 + 500000 + 50000000, accumulatedFen: 16666, netFen: 61100100 - 16666 });
  });

  it('a depreciable class still needs a life when its class has no default', async () => {
    const f = await ledgerWith();
    // A02000000 设备 (top level) has no default life in the shipped catalogue.
    const e = await fails(f.ledger, f.admin, 'assets.create', { cards: [{ ...PC, classCode: 'A02000000', lifeMonths: undefined }] }, 'VALIDATION');
    expect(e.details?.[0]).toMatchObject({ row: 1, field: 'lifeMonths' });
  });

  it('a card without a life exports and re-imports unchanged', async () => {
    const f = await ledgerWith(...NEVER.slice(0, 2));
    const file = await ok(f.ledger, f.admin, 'assets.export', { unitCode: 'L01' });
    const g = await ledgerWith();
    const r = await ok(g.ledger, g.admin, 'assets.import', { fileName: 'export.xlsx', base64: file.base64 });
    expect([r.imported, r.rejected]).toEqual([2, []]);
    expect(await card(g, 'TS-1')).toMatchObject({ lifeMonths: 0, costFen: 2000000, classCode: 'A04000000' });
  });
});

describe('migrated cards continue the month after the cut-over', () => {
  // 1200000 over 120 months, booked 2020-01-08, 600000 accumulated at the end of 2024-12
  // (60 months used: 2020-01 … 2024-12) → (1200000 − 600000) ÷ (120 − 60) = 10000 a month from 2025-01.
  const OLD: Card = { ...PC, code: 'OLD-1', bookedOn: '2020-01-08', costFen: 1200000, lifeMonths: 120, openingAccumulatedFen: 600000, openingPeriod: '2024-12' };

  it('nothing in the cut-over month itself, 10000 from the month after', async () => {
    const f = await ledgerWith(OLD);
    expect(await run(f, '2024-12')).toMatchObject({ assets: 0, totalFen: 0 });
    expect(await card(f, 'OLD-1')).toMatchObject({ accumulatedFen: 600000, monthsDepreciated: 60, nextPeriod: '2025-01' });
    expect(await run(f, '2025-01')).toMatchObject({ assets: 1, totalFen: 10000 });
    expect(await run(f, '2025-02')).toMatchObject({ assets: 1, totalFen: 10000 });
    expect(await card(f, 'OLD-1')).toMatchObject({ accumulatedFen: 620000, monthsDepreciated: 62 });
    expect((await ok(f.ledger, f.admin, 'assets.show', { code: 'OLD-1', asOf: '2024-12-31' })).accumulatedFen).toBe(600000);
    expect((await ok(f.ledger, f.admin, 'assets.show', { code: 'OLD-1', asOf: '2025-01-31' })).accumulatedFen).toBe(610000);
  });

  it('a cost change dated before the first month after the cut-over belongs in the opening figures', async () => {
    const f = await ledgerWith(OLD);
    const e = await fails(f.ledger, f.admin, 'assets.changeCost', { code: 'OLD-1', date: '2024-06-01', deltaFen: 100000, reason: '改建' }, 'VALIDATION');
    expect(e.message).toContain('折旧自 2025-01 起计提');
    // From 2025-01 on it is an ordinary change: (1300000 − 600000) ÷ (120 − 60) = 11666.67 → 11667.
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'OLD-1', date: '2025-01-02', deltaFen: 100000, reason: '改建' });
    expect(await run(f, '2025-01')).toMatchObject({ assets: 1, totalFen: 11667 });
  });

  it('a cut-over in a closed period is refused', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03', { close: true });
    const e = await fails(f.ledger, f.admin, 'assets.create', { cards: [{ ...OLD, openingPeriod: '2026-02' }] }, 'VALIDATION');
    expect(e.details?.[0]).toMatchObject({ field: 'openingPeriod', message: '2026-03 已结账，不能办理 2026-03 及以前日期的业务' });
  });
});

describe('units of work: a re-run keeps the usage it was charged with', () => {
  // 救护车 ¥300,000.00 over 300000 km: 30000000 × 2500 ÷ 300000 = 250000.
  const CAR: Card = { ...PC, code: 'CAR-1', name: '救护车', classCode: 'A02030602', depMethod: 'units-of-work', totalUnits: 300000, costFen: 30000000, lifeMonths: undefined };

  it('re-running without usage gives the same charge; a new figure replaces it', async () => {
    const f = await ledgerWith(CAR);
    expect(await run(f, '2026-03', { usage: [{ code: 'CAR-1', units: 2500 }] })).toMatchObject({ assets: 1, totalFen: 250000 });
    expect(await run(f, '2026-03')).toMatchObject({ assets: 1, totalFen: 250000 });
    expect(await run(f, '2026-03')).toMatchObject({ assets: 1, totalFen: 250000 });
    // 30000000 × 3000 ÷ 300000 = 300000
    expect(await run(f, '2026-03', { usage: [{ code: 'CAR-1', units: 3000 }] })).toMatchObject({ assets: 1, totalFen: 300000 });
    expect(await run(f, '2026-03')).toMatchObject({ assets: 1, totalFen: 300000 });
    // An explicit 0: the month counts with no charge, and stays so on a re-run.
    expect(await run(f, '2026-03', { usage: [{ code: 'CAR-1', units: 0 }] })).toMatchObject({ assets: 1, totalFen: 0 });
    expect(await run(f, '2026-03')).toMatchObject({ assets: 1, totalFen: 0 });
    expect(await card(f, 'CAR-1')).toMatchObject({ accumulatedFen: 0 });
  });
});

describe('cost and life changes', () => {
  it('a change dated beyond the last run says which months to run first, in plain Chinese', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    const e = await fails(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2026-06-10', deltaFen: 120000, reason: '扩容' }, 'VALIDATION');
    expect(e.message).toBe(
      '资产 PC-1 尚未计提 2026-04 至 2026-05 的折旧。变动后的月折旧额 =（新原值 − 变动当月月初的累计折旧）÷ 剩余月数，请先计提 2026-04 至 2026-05 的折旧，再登记 2026-06 的变动',
    );
    await run(f, '2026-04');
    expect((await fails(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2026-06-10', deltaFen: 120000, reason: '扩容' }, 'VALIDATION')).message).toContain('尚未计提 2026-05 的折旧');
    await run(f, '2026-05');
    // (720000 − 24999) ÷ (72 − 3) = 695001 ÷ 69 = 10072.48 → 10072
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2026-06-10', deltaFen: 120000, reason: '扩容' });
    expect(await run(f, '2026-06')).toMatchObject({ totalFen: 10072 });
  });

  it('a non-depreciable card takes a cost change at any date (no runs needed)', async () => {
    const f = await ledgerWith({ code: 'TS-1', name: '医学图书一批', classCode: 'A04000000', bookedOn: '2026-01-05', costFen: 2000000, unitCode: 'L01' });
    expect(await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'TS-1', date: '2026-06-10', deltaFen: 300000, reason: '增购' })).toMatchObject({ costFen: 2300000 });
  });

  it('a cost rise after the whole life is used needs a longer life', async () => {
    // Migrated: 600000 over 72 months, all 72 used and fully depreciated at the cut-over 2026-02.
    const f = await ledgerWith({ ...PC, code: 'OLD-1', bookedOn: '2020-03-10', openingPeriod: '2026-02', openingAccumulatedFen: 600000, openingMonthsUsed: 72 });
    await run(f, '2026-03');
    const e = await fails(f.ledger, f.admin, 'assets.changeCost', { code: 'OLD-1', date: '2026-04-01', deltaFen: 60000, reason: '改建' }, 'VALIDATION');
    expect(e.message).toContain('原值增加须同时重新确定折旧年限（长于 72 个月）');
    // With 12 more months: 60000 ÷ 12 = 5000 a month.
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'OLD-1', date: '2026-04-01', deltaFen: 60000, lifeMonths: 84, reason: '改建' });
    expect(await run(f, '2026-04')).toMatchObject({ assets: 1, totalFen: 5000 });
  });

  it('re-running a month with a life change in it gives the same result every time', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    // Life 48 from April: (600000 − 8333) ÷ (48 − 1) = 591667 ÷ 47 = 12588.66 → 12589
    await ok(f.ledger, f.admin, 'assets.changeCost', { code: 'PC-1', date: '2026-04-30', lifeMonths: 48, reason: '技术更新快' });
    for (let i = 0; i < 3; i++) expect(await run(f, '2026-04')).toMatchObject({ assets: 1, totalFen: 12589 });
    expect(await card(f, 'PC-1')).toMatchObject({ accumulatedFen: 8333 + 12589, monthsDepreciated: 2, lifeMonths: 48 });
    expect((await card(f, 'PC-1')).events.at(-1)).toMatchObject({ type: 'life-change', detail: { lifeMonths: [72, 48] } });
  });
});

describe('period messages', () => {
  it('re-running an earlier period explains that only the latest can be re-run', async () => {
    const f = await ledgerWith(PC);
    await run(f, '2026-03');
    await run(f, '2026-04');
    const e = await fails(f.ledger, f.admin, 'depreciation.run', { period: '2026-03' }, 'VALIDATION');
    expect(e.message).toBe('已计提到 2026-04，不能再重新计提更早的 2026-03；只能重新计提最近一期（2026-04）。登记在 2026-03 的变动会在重新计提 2026-04 时一并补提或冲回');
  });
});
