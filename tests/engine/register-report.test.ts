import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../db/engine/ledger';
import type { ArgsIn } from '../../shared/api';
import { ADMIN_PASSWORD, freshLedger, ok, seedOrg, userSession, type Fixture } from './helpers';

// The register as of a date (reports.register) and the CLI's JSON for depreciation and the register.
// Every expected figure is computed by hand and written as a literal.
//
// The story (monthly charges): PC-1 8333 (600000 / 72), ECG-1 10000 (600000 / 60), OLD-1 835
// (migrated: 100000, 120 months, 61600 accumulated at the end of 2026-02 after 74 months used:
// (100000 − 61600) ÷ 46 = 834.8 → 835).
//   2026-03, 04 run;  PC-1 transferred L01 → T01 on 2026-05-10;  2026-05 run;
//   PC-1 cost +120000, life 84 on 2026-06-05: (720000 − 24999) ÷ (84 − 3) = 8580.3 → 8580;
//   ECG-1 disposed 2026-06-15 (no June charge);  2026-06 run;  PC-2 booked 2026-07-01.

type Card = ArgsIn<'assets.create'>['cards'][number];
const PC: Card = { code: 'PC-1', name: '台式计算机', classCode: 'A02010105', bookedOn: '2026-03-15', costFen: 600000, lifeMonths: 72, unitCode: 'L01', usingDeptCode: 'NK' };
const ECG: Card = { code: 'ECG-1', name: '心电图机', classCode: 'A02320101', bookedOn: '2026-03-02', costFen: 600000, lifeMonths: 60, unitCode: 'T01', usingDeptCode: 'QK' };
const OLD: Card = {
  code: 'OLD-1',
  name: '旧台式计算机',
  classCode: 'A02010105',
  bookedOn: '2020-01-10',
  costFen: 100000,
  lifeMonths: 120,
  openingAccumulatedFen: 61600,
  openingPeriod: '2026-02',
  unitCode: 'T02',
};
const PC2: Card = { ...PC, code: 'PC-2', bookedOn: '2026-07-01' };

/** A ledger shared by a describe block (the helpers' freshLedger() is per test). */
async function story(): Promise<Fixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-register-'));
  const file = path.join(dir, 'register.ledger');
  const ledger = openLedger(file, { create: true });
  afterAll(() => {
    ledger.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const setup = await ledger.invoke('setup.createAdmin', { communityName: '测试县医共体', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, {});
  const f: Fixture = { dir, file, ledger, admin: { sessionId: setup.sessionId } };
  await seedOrg(f);
  const call = <K extends Parameters<typeof ok>[2]>(m: K, a: ArgsIn<K>) => ok(f.ledger, f.admin, m, a);
  await call('assets.create', { cards: [PC, ECG, OLD, PC2] });
  await call('depreciation.run', { period: '2026-03' });
  await call('depreciation.run', { period: '2026-04' });
  await call('assets.transfer', { code: 'PC-1', toUnitCode: 'T01', date: '2026-05-10', usingDeptCode: 'QK' });
  await call('depreciation.run', { period: '2026-05' });
  await call('assets.changeCost', { code: 'PC-1', date: '2026-06-05', deltaFen: 120000, lifeMonths: 84, reason: '扩容' });
  await call('assets.dispose', { code: 'ECG-1', type: '报废', date: '2026-06-15', docNo: '报废〔2026〕3号' });
  expect(await call('depreciation.run', { period: '2026-06' })).toMatchObject({ assets: 2, totalFen: 8580 + 835 });
  return f;
}

const brief = (r: { rows: { code: string; unit: string; costFen: number; accumulatedFen: number; netFen: number }[] }) =>
  r.rows.map((x) => [x.unit, x.code, x.costFen, x.accumulatedFen, x.netFen]);

describe('reports.register as of a date', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await story();
  });
  const register = (asOf: string, unitCode?: string) => ok(f.ledger, f.admin, 'reports.register', { asOf, ...(unitCode ? { unitCode } : {}) });

  it('before the transfer the card counts in its old unit; accumulated through the month of the date', async () => {
    const r = await register('2026-04-30');
    expect(brief(r)).toEqual([
      ['L01', 'PC-1', 600000, 16666, 583334],
      ['T01', 'ECG-1', 600000, 20000, 580000],
      ['T02', 'OLD-1', 100000, 63270, 36730],
    ]);
    expect(r.totals).toEqual({ assets: 3, costFen: 1300000, accumulatedFen: 99936, netFen: 1200064 });
    expect(r.rows[0]).toMatchObject({ name: '台式计算机', unitName: '县人民医院', class: 'A02010105', className: '台式计算机' });
    expect(r.asOf).toBe('2026-04-30');
  });

  it('after the transfer it counts in the receiving unit', async () => {
    expect(brief(await register('2026-05-31'))).toEqual([
      ['T01', 'ECG-1', 600000, 30000, 570000],
      ['T01', 'PC-1', 600000, 24999, 575001],
      ['T02', 'OLD-1', 100000, 64105, 35895],
    ]);
    expect(brief(await register('2026-05-31', 'L01'))).toEqual([]);
    expect(brief(await register('2026-04-30', 'L01'))).toEqual([['L01', 'PC-1', 600000, 16666, 583334]]);
  });

  it('before a cost change the old cost; from its date the new one', async () => {
    expect((await register('2026-06-04')).rows.find((x) => x.code === 'PC-1')?.costFen).toBe(600000);
    expect(brief(await register('2026-06-14'))).toEqual([
      ['T01', 'ECG-1', 600000, 30000, 570000],
      ['T01', 'PC-1', 720000, 33579, 686421],
      ['T02', 'OLD-1', 100000, 64940, 35060],
    ]);
  });

  it('from its disposal date a card is gone; a card appears from its booking date', async () => {
    const r = await register('2026-06-15');
    expect(r.rows.map((x) => x.code)).toEqual(['PC-1', 'OLD-1']);
    expect(r.totals).toEqual({ assets: 2, costFen: 820000, accumulatedFen: 33579 + 64940, netFen: 820000 - 98519 });
    expect((await register('2026-06-30')).rows.map((x) => x.code)).toEqual(['PC-1', 'OLD-1']);
    expect((await register('2026-07-01')).rows.map((x) => x.code)).toEqual(['PC-2', 'PC-1', 'OLD-1']);
  });

  it('before any run: migrated cards at their opening accumulated figure', async () => {
    const r = await register('2026-02-28');
    expect(brief(r)).toEqual([['T02', 'OLD-1', 100000, 61600, 38400]]);
  });

  it('a unit operator sees only their units’ cards, as held on the date', async () => {
    const op = await userSession(f, 'op_t01', 'unit_operator', 'T01');
    expect((await ok(f.ledger, op, 'reports.register', { asOf: '2026-04-30' })).rows.map((x) => x.code)).toEqual(['ECG-1']);
    expect((await ok(f.ledger, op, 'reports.register', { asOf: '2026-05-31' })).rows.map((x) => x.code)).toEqual(['ECG-1', 'PC-1']);
    const e = await f.ledger.call('reports.register', { asOf: '2026-05-31', unitCode: 'T02' }, op);
    expect(e.ok ? null : e.error.code).toBe('NOT_FOUND');
  });
});

// Each command is a fresh `node --import tsx` process: seconds each on a busy machine.
// A migrated card with one month of life left: 100000 cost, 120 months, 99500 accumulated after 119
// months at the cut-over 2026-02 → 2026-03 charges the last 500 and it is fully depreciated. Later
// runs write no entry for it, so the register of a later month finds its last entry (2026-03) and a
// date before the first run finds the opening figure; a card without any entry stays at its own.
describe('reports.register: months after a card finished depreciating have no entry', () => {
  it('takes the last earlier entry, or the opening figure before the first run, and agrees with assets.show', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const call = <K extends Parameters<typeof ok>[2]>(m: K, a: ArgsIn<K>) => ok(f.ledger, f.admin, m, a);
    const END: Card = { code: 'END-1', name: '旧打印机', classCode: 'A02010105', bookedOn: '2016-03-10', costFen: 100000, lifeMonths: 120, openingAccumulatedFen: 99500, openingMonthsUsed: 119, openingPeriod: '2026-02', unitCode: 'T02' };
    const ART: Card = { code: 'ART-1', name: '馆藏书画', classCode: 'A03010000', bookedOn: '2015-05-01', costFen: 50000, unitCode: 'T02' };
    // Fully depreciated at the cut-over: never charged, never an entry.
    const FULL: Card = { ...END, code: 'FULL-1', name: '旧复印机', costFen: 80000, openingAccumulatedFen: 80000, openingMonthsUsed: 120 };
    await call('assets.create', { cards: [END, ART, FULL] });
    expect(await call('depreciation.run', { period: '2026-03' })).toMatchObject({ assets: 1, totalFen: 500 });
    expect(await call('depreciation.run', { period: '2026-04' })).toMatchObject({ assets: 0, totalFen: 0 });
    expect(await call('depreciation.run', { period: '2026-05' })).toMatchObject({ assets: 0, totalFen: 0 });
    const accumulated = async (asOf: string) => (await call('reports.register', { asOf })).rows.map((r) => [r.code, r.accumulatedFen]);
    expect(await accumulated('2026-02-28')).toEqual([['ART-1', 0], ['END-1', 99500], ['FULL-1', 80000]]);
    for (const asOf of ['2026-03-31', '2026-04-15', '2026-05-31']) {
      expect(await accumulated(asOf), asOf).toEqual([['ART-1', 0], ['END-1', 100000], ['FULL-1', 80000]]);
      expect((await call('assets.show', { code: 'END-1', asOf })).accumulatedFen, asOf).toBe(100000);
      expect((await call('assets.show', { code: 'FULL-1', asOf })).accumulatedFen, asOf).toBe(80000);
    }
    expect((await call('assets.show', { code: 'END-1', asOf: '2026-02-28' })).accumulatedFen).toBe(99500);
    f.ledger.close();
  });
});

describe('CLI: depreciate, report register, assets schedule', { timeout: 240_000 }, () => {
  const CLI = path.resolve('db/hosts/cli/main.ts');
  function cli(args: string[]) {
    const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env: { ...process.env, MEDCOM_LEDGER: '' }, timeout: 120_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
  }
  function json(args: string[]) {
    const r = cli([...args, '--json']);
    return { ...r, doc: r.stdout.trim() ? (JSON.parse(r.stdout) as unknown) : undefined };
  }
  let file: string;
  beforeAll(async () => {
    const f = await story();
    file = f.file;
    f.ledger.close();
  });

  it('depreciate --period --json prints {period, assets, totalFen, closed}; --close closes it', () => {
    // July: PC-1 8580, OLD-1 835, PC-2 8333 (booked 2026-07-01).
    const r = json(['depreciate', '--db', file, '--period', '2026-07']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.doc).toEqual({ period: '2026-07', assets: 3, totalFen: 17748, closed: false });
    const again = json(['depreciate', '--db', file, '--period', '2026-07']);
    expect(again.doc).toEqual({ period: '2026-07', assets: 3, totalFen: 17748, closed: false });
    const earlier = json(['depreciate', '--db', file, '--period', '2026-06']);
    expect(earlier.code).not.toBe(0);
    expect(earlier.stdout).toBe('');
    expect(JSON.parse(earlier.stderr)).toMatchObject({ error: { code: 'VALIDATION' } });
    const text = cli(['depreciate', '--db', file, '--period', '2026-07']);
    expect(text.stdout).toContain('3 张卡片，合计 ¥177.48');
    const closed = json(['depreciate', '--db', file, '--period', '2026-03', '--close']);
    expect(JSON.parse(closed.stderr)).toMatchObject({ error: { code: 'VALIDATION' } });
    for (const p of ['2026-03', '2026-04', '2026-05', '2026-06']) expect(json(['depreciate', '--db', file, '--period', p, '--close']).code).not.toBe(0);
  });

  it('report register --as-of [--unit] --json prints rows {code, unit, class, costFen, accumulatedFen, netFen} and totals', () => {
    const r = json(['report', 'register', '--db', file, '--as-of', '2026-05-31']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.doc).toEqual({
      rows: [
        { code: 'ECG-1', unit: 'T01', class: 'A02320101', costFen: 600000, accumulatedFen: 30000, netFen: 570000 },
        { code: 'PC-1', unit: 'T01', class: 'A02010105', costFen: 600000, accumulatedFen: 24999, netFen: 575001 },
        { code: 'OLD-1', unit: 'T02', class: 'A02010105', costFen: 100000, accumulatedFen: 64105, netFen: 35895 },
      ],
      totals: { assets: 3, costFen: 1300000, accumulatedFen: 119104, netFen: 1180896 },
    });
    const unit = json(['report', 'register', '--db', file, '--as-of', '2026-04-30', '--unit', 'L01']);
    expect(unit.doc).toEqual({ rows: [{ code: 'PC-1', unit: 'L01', class: 'A02010105', costFen: 600000, accumulatedFen: 16666, netFen: 583334 }], totals: { assets: 1, costFen: 600000, accumulatedFen: 16666, netFen: 583334 } });
    const text = cli(['report', 'register', '--db', file, '--as-of', '2026-04-30']);
    expect(text.stdout).toContain('合计 3 张');
    expect(cli(['report', 'register', '--help']).stdout).toContain('--as-of');
  });

  it('assets schedule CODE --json prints the booked lines then the projection', () => {
    const r = json(['assets', 'schedule', 'OLD-1', '--db', file, '--through', '2026-08']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.doc as { period: string; chargeFen: number; accumulatedFen: number; booked: boolean }[];
    expect(lines.map((l) => [l.period, l.chargeFen, l.accumulatedFen])).toEqual([
      ['2026-03', 835, 62435],
      ['2026-04', 835, 63270],
      ['2026-05', 835, 64105],
      ['2026-06', 835, 64940],
      ['2026-07', 835, 65775],
      ['2026-08', 835, 66610],
    ]);
    expect(lines.map((l) => l.booked)).toEqual([true, true, true, true, true, false]);
  });
});
