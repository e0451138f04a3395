import { describe, expect, it } from 'vitest';
import type { ArgsIn } from '../../shared/api';
import { auditCount, fails, freshLedger, ok, seedOrg, tableCount, userSession, type Fixture } from './helpers';

// Asset cards and their lifecycle events, against a real ledger file.

const PC = {
  code: 'ZC-2026-0001',
  name: '台式计算机',
  classCode: 'A02010105',
  model: '联想 启天 M437',
  bookedOn: '2026-03-15',
  costFen: 600000,
  lifeMonths: 72,
  unitCode: 'L01',
  usingDeptCode: 'NK',
  userName: '张医生',
  location: '门诊楼 2 层 内科诊室',
} as const;

async function withPc(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  await ok(f.ledger, f.admin, 'assets.create', { cards: [PC] });
  return f;
}

describe('assets.create', () => {
  it('registers a card with the whole cost as own funds by default and an acquire event', async () => {
    const f = await withPc();
    const card = await ok(f.ledger, f.admin, 'assets.show', { code: PC.code });
    expect(card).toMatchObject({
      code: PC.code,
      className: '台式计算机',
      unitCode: 'L01',
      usingDeptCode: 'NK',
      costFen: 600000,
      accumulatedFen: 0,
      netFen: 600000,
      fundOwnFen: 600000,
      fundFiscalFen: 0,
      lifeMonths: 72,
      status: '在用',
      nextPeriod: '2026-03',
    });
    expect(card.events.map((e) => [e.type, e.effectiveOn])).toEqual([['acquire', '2026-03-15']]);
  });

  it('takes the class default life when none is given (计算机: 6 years)', async () => {
    const f = await withPc();
    await ok(f.ledger, f.admin, 'assets.create', { cards: [{ ...PC, code: 'ZC-2', lifeMonths: undefined }] });
    expect((await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-2' })).lifeMonths).toBe(72);
  });

  it('refuses a whole batch when one card is bad, reporting each bad card by position and field', async () => {
    const f = await withPc();
    const before = tableCount(f.ledger, 'assets');
    const audit = auditCount(f.ledger);
    const e = await fails(
      f.ledger,
      f.admin,
      'assets.create',
      {
        cards: [
          { ...PC, code: 'ZC-OK' },
          { ...PC, code: PC.code }, // already used
          { ...PC, code: 'ZC-3', unitCode: 'NOPE' },
          { ...PC, code: 'ZC-4', lifeMonths: 36 }, // shorter than the national minimum for computers
          { ...PC, code: 'ZC-5', usingDeptCode: 'XX' },
        ],
      },
      'VALIDATION',
    );
    expect(e.details?.map((d) => [d.row, d.field])).toEqual([
      [2, 'code'],
      [3, 'unitCode'],
      [4, 'lifeMonths'],
      [5, 'usingDeptCode'],
    ]);
    expect(e.details?.[2]?.message).toContain('最低年限');
    expect(tableCount(f.ledger, 'assets')).toBe(before);
    expect(auditCount(f.ledger)).toBe(audit);
  });

  it('checks the funding split adds up to the cost, in fen', async () => {
    const f = await withPc();
    const e = await fails(f.ledger, f.admin, 'assets.create', { cards: [{ ...PC, code: 'ZC-6', fundFiscalFen: 400000, fundOwnFen: 100000 }] }, 'VALIDATION');
    expect(e.message).toContain('资金来源各项之和必须等于原值');
    await ok(f.ledger, f.admin, 'assets.create', { cards: [{ ...PC, code: 'ZC-7', fundFiscalFen: 400000, fundOwnFen: 200000 }] });
    expect(await ok(f.ledger, f.admin, 'assets.show', { code: 'ZC-7' })).toMatchObject({ fundFiscalFen: 400000, fundOwnFen: 200000 });
  });

  it('an asset number is never reused', async () => {
    const f = await withPc();
    const e = await fails(f.ledger, f.admin, 'assets.create', { cards: [{ ...PC, code: 'zc-2026-0001' }] }, 'VALIDATION');
    expect(e.message).toContain('已被使用');
  });
});

describe('lifecycle events', () => {
  it('a move changes custody and is recorded with its date', async () => {
    const f = await withPc();
    const row = await ok(f.ledger, f.admin, 'assets.move', { code: PC.code, date: '2026-05-06', userName: '李护士', location: '住院部 3 楼', status: '闲置' });
    expect(row).toMatchObject({ userName: '李护士', location: '住院部 3 楼', status: '闲置', usingDeptCode: 'NK' });
    const card = await ok(f.ledger, f.admin, 'assets.show', { code: PC.code });
    expect(card.events.at(-1)).toMatchObject({ type: 'move', effectiveOn: '2026-05-06', detail: { userName: ['张医生', '李护士'], status: ['在用', '闲置'] } });
  });

  it('a transfer between member units keeps the asset number and its history', async () => {
    const f = await withPc();
    const row = await ok(f.ledger, f.admin, 'assets.transfer', { code: PC.code, toUnitCode: 'T01', date: '2026-06-01', usingDeptCode: 'QK', docNo: '清医共〔2026〕12号' });
    expect(row).toMatchObject({ code: PC.code, unitCode: 'T01', usingDeptCode: 'QK', costFen: 600000 });
    const card = await ok(f.ledger, f.admin, 'assets.show', { code: PC.code });
    expect(card.events.map((e) => e.type)).toEqual(['acquire', 'transfer']);
    expect(card.events[1]).toMatchObject({ docNo: '清医共〔2026〕12号', detail: { unitCode: ['L01', 'T01'] } });
  });

  it('disposal needs a type, a date and the approval number; the card stays, marked 已处置, and takes no further events', async () => {
    const f = await withPc();
    await fails(f.ledger, f.admin, 'assets.dispose', { code: PC.code, type: '报废', date: '2026-09-30' }, 'VALIDATION');
    await fails(f.ledger, f.admin, 'assets.dispose', { code: PC.code, type: '丢了', date: '2026-09-30', docNo: 'X' }, 'VALIDATION');
    const row = await ok(f.ledger, f.admin, 'assets.dispose', { code: PC.code, type: '报废', date: '2026-09-30', docNo: '清财资〔2026〕8号' });
    expect(row.status).toBe('已处置');
    const card = await ok(f.ledger, f.admin, 'assets.show', { code: PC.code });
    expect(card).toMatchObject({ disposedOn: '2026-09-30', disposalType: '报废' });
    const e = await fails(f.ledger, f.admin, 'assets.move', { code: PC.code, date: '2026-10-01', location: '仓库' }, 'VALIDATION');
    expect(e.message).toContain('已于 2026-09-30 处置');
  });

  it('a cost change before any depreciation run recalculates from the change (DOMAIN §3.3 basis)', async () => {
    const f = await withPc();
    const row = await ok(f.ledger, f.admin, 'assets.changeCost', { code: PC.code, date: '2026-03-20', deltaFen: 120000, lifeMonths: 84, reason: '加装内存与固态硬盘' });
    expect(row).toMatchObject({ costFen: 720000, lifeMonths: 84 });
    const card = await ok(f.ledger, f.admin, 'assets.show', { code: PC.code });
    expect(card.fundOwnFen).toBe(720000);
    expect(card.events.at(-1)).toMatchObject({ type: 'cost-change', detail: { costFen: [600000, 720000], lifeMonths: [72, 84], reason: '加装内存与固态硬盘' } });
  });

  it('business dated in a closed period is refused', async () => {
    const f = await withPc();
    f.ledger.db.prepare("INSERT INTO depreciation_periods (period, status, assets, total_fen, run_at, run_by, closed_at, closed_by) VALUES ('2026-05','closed',0,0,'x','x','x','x')").run();
    const e = await fails(f.ledger, f.admin, 'assets.move', { code: PC.code, date: '2026-05-31', location: '仓库' }, 'VALIDATION');
    expect(e.message).toContain('2026-05 已结账');
    await ok(f.ledger, f.admin, 'assets.move', { code: PC.code, date: '2026-06-01', location: '仓库' });
  });

  it('a stale edit is refused with who changed the card and when', async () => {
    const f = await withPc();
    const card = await ok(f.ledger, f.admin, 'assets.show', { code: PC.code });
    await ok(f.ledger, { system: { actor: 'wangli' } }, 'assets.edit', { code: PC.code, version: card.version, changes: { model: '联想 启天 M455' } });
    const e = await fails(f.ledger, f.admin, 'assets.edit', { code: PC.code, version: card.version, changes: { remarks: '备注' } }, 'CONFLICT');
    expect(e.message).toContain('system:wangli');
  });
});

describe('scope', () => {
  it('a township operator sees and changes only their own units’ cards', async () => {
    const f = await withPc();
    await ok(f.ledger, f.admin, 'assets.create', { cards: [{ ...PC, code: 'T01-0001', unitCode: 'T01', usingDeptCode: 'QK' }] });
    const op = await userSession(f, 'op_t01', 'unit_operator', 'T01');
    expect((await ok(f.ledger, op, 'assets.list', {})).map((a) => a.code)).toEqual(['T01-0001']);
    await fails(f.ledger, op, 'assets.show', { code: PC.code }, 'NOT_FOUND');
    await fails(f.ledger, op, 'assets.move', { code: PC.code, date: '2026-06-01', location: '仓库' }, 'NOT_FOUND');
    const e = await fails(f.ledger, op, 'assets.create', { cards: [{ ...PC, code: 'X-1' } as ArgsIn<'assets.create'>['cards'][number]] }, 'VALIDATION');
    expect(e.details?.[0]).toMatchObject({ field: 'unitCode' });
  });
});
