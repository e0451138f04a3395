import { describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../db/engine/audit';
import { auditCount, fails, freshLedger, ok, seedOrg, tableCount, userSession, type Fixture } from './helpers';

// Shared use of equipment (共享共用) and the idle-asset pool (调剂共享), against a real ledger file.

const CARD = { classCode: 'A02010105', bookedOn: '2026-01-10', costFen: 600000, lifeMonths: 72 } as const;
/** L01 owns an ultrasound (in use) and two idle PCs; T01 owns one PC; C01 owns one PC. */
const CARDS = [
  { ...CARD, code: 'US-01', name: '彩色多普勒超声诊断仪', classCode: 'A02320100', costFen: 98_000_000, lifeMonths: 72, unitCode: 'L01', usingDeptCode: 'NK' },
  { ...CARD, code: 'PC-L1', name: '台式计算机', unitCode: 'L01', status: '闲置' },
  { ...CARD, code: 'PC-L2', name: '台式计算机', unitCode: 'L01' },
  { ...CARD, code: 'PC-T1', name: '台式计算机', unitCode: 'T01' },
  { ...CARD, code: 'PC-C1', name: '台式计算机', unitCode: 'C01' },
];

async function community(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  await ok(f.ledger, f.admin, 'assets.create', { cards: CARDS as never });
  return f;
}

async function card(f: Fixture, code: string) {
  return ok(f.ledger, f.admin, 'assets.show', { code });
}

function lastAudit(f: Fixture) {
  return f.ledger.db.prepare('SELECT method, summary, changes FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { method: string; summary: string; changes: string };
}

describe('sharing.start / sharing.end', () => {
  it('lends a card to another unit: it stays on the owner’s books, is 出租出借 while lent, and gets a share-start event', async () => {
    const f = await community();
    const audit = auditCount(f.ledger);
    const share = await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', usingDeptCode: 'QK', from: '2026-02-01', until: '2026-07-31', docNo: '清医共〔2026〕3号', usageUnit: '人次', feeRateFen: 3000 });
    expect(share).toMatchObject({ no: 'GX2026-0001', assetCode: 'US-01', lenderUnitCode: 'L01', borrowerUnitCode: 'T01', borrowerDeptCode: 'QK', startsOn: '2026-02-01', until: '2026-07-31', status: 'active', usageUnit: '人次', feeRateFen: 3000, usageRecords: 0 });
    const c = await card(f, 'US-01');
    expect(c.unitCode).toBe('L01');
    expect(c.usingDeptCode).toBe('NK');
    expect(c.status).toBe('出租出借');
    const ev = c.events.at(-1)!;
    expect([ev.type, ev.effectiveOn, ev.docNo]).toEqual(['share-start', '2026-02-01', '清医共〔2026〕3号']);
    expect(ev.detail).toMatchObject({ status: ['在用', '出租出借'], borrower: '城关镇卫生院', shareNo: 'GX2026-0001' });
    // one write, one audit row, recording the share and the card's status
    expect(auditCount(f.ledger)).toBe(audit + 1);
    const row = lastAudit(f);
    expect(row.method).toBe('sharing.start');
    expect(JSON.parse(row.changes).map((c: { entity: string }) => c.entity)).toEqual(['asset_share', 'asset']);
    // numbers run on within the year
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'PC-L2', toUnitCode: 'C01', from: '2026-03-01' });
    expect((await ok(f.ledger, f.admin, 'sharing.list', { status: 'active' })).map((s) => s.no).sort()).toEqual(['GX2026-0001', 'GX2026-0002']);
  });

  it('ends a share: the card gets back the status it had when lent (闲置 stays idle), with a share-end event', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'PC-L1', toUnitCode: 'T02', from: '2026-02-01' });
    expect((await card(f, 'PC-L1')).status).toBe('出租出借');
    const ended = await ok(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-04-30', note: '项目结束归还' });
    expect(ended).toMatchObject({ status: 'ended', endedOn: '2026-04-30', endNote: '项目结束归还' });
    const c = await card(f, 'PC-L1');
    expect(c.status).toBe('闲置');
    expect(c.events.map((e) => [e.type, e.effectiveOn])).toEqual([
      ['acquire', '2026-01-10'],
      ['share-start', '2026-02-01'],
      ['share-end', '2026-04-30'],
    ]);
    expect(c.events.at(-1)!.detail).toMatchObject({ status: ['出租出借', '闲置'], shareNo: 'GX2026-0001' });
    // ending again is refused
    const again = await fails(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-05-01' }, 'VALIDATION');
    expect(again.message).toContain('已于 2026-04-30 结束');
  });

  it('refuses disposed cards, cards under repair, lending to the owner itself, unknown units and departments, and dates before booking', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'assets.dispose', { code: 'PC-C1', type: '报废', date: '2026-03-01', docNo: '报废〔2026〕1号' });
    const disposed = await fails(f.ledger, f.admin, 'sharing.start', { code: 'PC-C1', toUnitCode: 'T01', from: '2026-03-10' }, 'VALIDATION');
    expect(disposed.message).toContain('已于 2026-03-01 处置');
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-T1', date: '2026-02-01', status: '待修' });
    expect((await fails(f.ledger, f.admin, 'sharing.start', { code: 'PC-T1', toUnitCode: 'L01', from: '2026-02-10' }, 'VALIDATION')).message).toContain('待修');
    expect((await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'L01', from: '2026-02-10' }, 'VALIDATION')).key).toBe('error.shareSameUnit');
    await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'NOPE', from: '2026-02-10' }, 'NOT_FOUND');
    expect((await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T02', usingDeptCode: 'ZS', from: '2026-02-10' }, 'VALIDATION')).details?.[0]?.field).toBe('usingDeptCode');
    expect((await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T02', from: '2025-12-31' }, 'VALIDATION')).key).toBe('error.shareBeforeBooking');
    expect((await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T02', from: '2026-03-01', until: '2026-02-01' }, 'VALIDATION')).details?.[0]?.field).toBe('until');
    expect(tableCount(f.ledger, 'asset_shares')).toBe(0);
    expect((await card(f, 'US-01')).status).toBe('在用');
  });

  it('refuses a second share while one is active, and a share overlapping an ended one', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-02-01' });
    const busy = await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T02', from: '2026-06-01' }, 'VALIDATION');
    expect(busy.message).toContain('已共享给 城关镇卫生院（GX2026-0001');
    await ok(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-03-31' });
    // the return day is still the first borrower's; the day after is free
    const overlap = await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T02', from: '2026-03-31' }, 'VALIDATION');
    expect(overlap.key).toBe('error.shareOverlap');
    // an earlier period that runs into the ended share overlaps too
    expect((await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T02', from: '2026-01-15', until: '2026-02-01' }, 'VALIDATION')).key).toBe('error.shareOverlap');
    // one that ends before it does not overlap, but is dated before the card's latest event: refused, events go in date order
    expect((await fails(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T02', from: '2026-01-15', until: '2026-01-31' }, 'VALIDATION')).key).toBe('error.eventOutOfOrder');
    const next = await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T02', from: '2026-04-01' });
    expect(next.status).toBe('active');
  });

  it('refuses to transfer, dispose or change the status of a card while it is lent, and allows it once returned', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-02-01' });
    for (const [method, args] of [
      ['assets.transfer', { code: 'US-01', toUnitCode: 'T02', date: '2026-03-01' }],
      ['assets.dispose', { code: 'US-01', type: '报废', date: '2026-03-01', docNo: '清卫〔2026〕9号' }],
      ['assets.move', { code: 'US-01', status: '闲置', date: '2026-03-01' }],
    ] as const) {
      const e = await fails(f.ledger, f.admin, method, args as never, 'VALIDATION');
      expect(e.key, method).toBe('error.assetLent');
      expect(e.message).toContain('GX2026-0001');
    }
    expect((await card(f, 'US-01')).unitCode).toBe('L01');
    await ok(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-03-31' });
    await ok(f.ledger, f.admin, 'assets.transfer', { code: 'US-01', toUnitCode: 'T02', date: '2026-04-01' });
    expect((await card(f, 'US-01')).unitCode).toBe('T02');
  });

  it('refuses share dates in a closed period, for start and for end', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-01-20' });
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-01', close: true });
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-02', close: true });
    expect((await fails(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-02-28' }, 'VALIDATION')).key).toBe('error.periodClosed');
    expect((await fails(f.ledger, f.admin, 'sharing.start', { code: 'PC-L2', toUnitCode: 'T01', from: '2026-02-15' }, 'VALIDATION')).key).toBe('error.periodClosed');
    await ok(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-03-02' });
  });

  it('refuses an end date before the start, or before usage already recorded', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-02-01' });
    await ok(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-03-05', amount: 3 });
    expect((await fails(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-01-31' }, 'VALIDATION')).key).toBe('error.shareDates');
    const e = await fails(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-03-04' }, 'VALIDATION');
    expect(e.message).toContain('2026-03-05');
    // a later event on the card (moved to another room while lent) fixes the earliest end date
    await ok(f.ledger, f.admin, 'assets.move', { code: 'US-01', date: '2026-03-10', location: '城关镇卫生院 B 超室' });
    expect((await fails(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-03-09' }, 'VALIDATION')).key).toBe('error.eventOutOfOrder');
    await ok(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-03-10' });
  });
});

describe('usage records', () => {
  it('records uses, hours or patients with the fee at the share’s rate (round half up, integer fen), and voids a wrong one', async () => {
    const f = await community();
    // ¥120.00 per hour
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-02-01', usageUnit: '小时', feeRateFen: 12000 });
    const u1 = await ok(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-02-03', amount: 1.5, patients: 6, note: '腹部超声' });
    expect(u1).toMatchObject({ amount: 1.5, usageUnit: '小时', patients: 6, feeFen: 18000, shareNo: 'GX2026-0001', assetCode: 'US-01' });
    // 0.33 h × ¥33.33 would be fractional fen; here 0.33 × 12000 = 3960 exactly; 0.07 × 12000 = 840
    await ok(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-02-04', amount: 0.07 });
    const wrong = await ok(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-02-05', amount: 40 });
    let s = (await ok(f.ledger, f.admin, 'sharing.list', {}))[0]!;
    expect([s.usageRecords, s.usageAmount, s.patients, s.feeFen, s.lastUsedOn]).toEqual([3, 41.57, 6, 18000 + 840 + 480000, '2026-02-05']);
    const voided = await ok(f.ledger, f.admin, 'sharing.voidUsage', { id: wrong.id, reason: '应为 4 小时，录入错误' });
    expect(voided).toMatchObject({ voidedBy: 'admin', voidReason: '应为 4 小时，录入错误' });
    await fails(f.ledger, f.admin, 'sharing.voidUsage', { id: wrong.id, reason: '再次作废' }, 'VALIDATION');
    s = (await ok(f.ledger, f.admin, 'sharing.list', {}))[0]!;
    expect([s.usageRecords, s.usageAmount, s.feeFen]).toEqual([2, 1.57, 18840]);
    // the voided record is kept, marked
    const detail = await ok(f.ledger, f.admin, 'sharing.show', { share: s.id });
    expect(detail.usage.map((u) => [u.usedOn, u.amount, u.voidedAt !== null])).toEqual([
      ['2026-02-03', 1.5, false],
      ['2026-02-04', 0.07, false],
      ['2026-02-05', 40, true],
    ]);
  });

  it('computes a fee of half a fen upwards: 0.5 次 × ¥0.01 = 1 fen, 0.49 次 × ¥0.01 = 0 fen', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-02-01', feeRateFen: 1 });
    expect((await ok(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-02-02', amount: 0.5 })).feeFen).toBe(1);
    expect((await ok(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-02-02', amount: 0.49 })).feeFen).toBe(0);
  });

  it('refuses usage outside the share’s dates and amounts that are zero, negative or have more than two decimals', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-02-01' });
    await ok(f.ledger, f.admin, 'sharing.end', { share: 'GX2026-0001', date: '2026-02-28' });
    expect((await fails(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-01-31', amount: 1 }, 'VALIDATION')).key).toBe('error.usageOutsideShare');
    expect((await fails(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-03-01', amount: 1 }, 'VALIDATION')).key).toBe('error.usageOutsideShare');
    for (const amount of [0, -1, 1.234, Number.NaN]) {
      const e = await fails(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-02-10', amount }, 'VALIDATION');
      expect(e.details?.[0]?.field, String(amount)).toBe('amount');
    }
    await ok(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-02-28', amount: 2 });
    expect(tableCount(f.ledger, 'asset_share_usage')).toBe(1);
  });

  it('sums usage between two dates per share, asset, lending or borrowing unit, separately per usage unit', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-02-01', usageUnit: '人次', feeRateFen: 3000 });
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'PC-L2', toUnitCode: 'T01', from: '2026-02-01', usageUnit: '小时' });
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'PC-T1', toUnitCode: 'C01', from: '2026-02-01', usageUnit: '小时' });
    const use = (share: string, date: string, amount: number) => ok(f.ledger, f.admin, 'sharing.recordUsage', { share, date, amount });
    await use('GX2026-0001', '2026-02-10', 12);
    await use('GX2026-0001', '2026-03-02', 20);
    await use('GX2026-0001', '2026-03-31', 8);
    await use('GX2026-0001', '2026-04-01', 99); // outside March
    await use('GX2026-0002', '2026-03-15', 2.5);
    await use('GX2026-0003', '2026-03-16', 4);
    const borrower = await ok(f.ledger, f.admin, 'sharing.usageSummary', { from: '2026-03-01', to: '2026-03-31', groupBy: 'borrower' });
    expect(borrower.rows.map((r) => [r.key, r.label, r.usageUnit, r.shares, r.records, r.amount, r.feeFen])).toEqual([
      ['C01', '县中医院', '小时', 1, 1, 4, 0],
      ['T01', '城关镇卫生院', '人次', 1, 2, 28, 84000],
      ['T01', '城关镇卫生院', '小时', 1, 1, 2.5, 0],
    ]);
    expect(borrower.totals).toEqual({ records: 4, patients: 0, feeFen: 84000 });
    const lender = await ok(f.ledger, f.admin, 'sharing.usageSummary', { from: '2026-02-01', to: '2026-03-31', groupBy: 'lender' });
    expect(lender.rows.map((r) => [r.key, r.usageUnit, r.shares, r.records, r.amount])).toEqual([
      ['L01', '人次', 1, 3, 40],
      ['L01', '小时', 1, 1, 2.5],
      ['T01', '小时', 1, 1, 4],
    ]);
    const byAsset = await ok(f.ledger, f.admin, 'sharing.usageSummary', { from: '2026-03-01', to: '2026-03-31', groupBy: 'asset', unitCode: 'C01' });
    expect(byAsset.rows.map((r) => [r.key, r.amount])).toEqual([['PC-T1', 4]]);
  });
});

describe('scope: a unit operator sees and acts on shares where their unit lends or borrows', () => {
  async function scoped() {
    const f = await community();
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-02-01' }); // L01 → T01
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'PC-L2', toUnitCode: 'C01', from: '2026-02-01' }); // L01 → C01
    await ok(f.ledger, f.admin, 'sharing.start', { code: 'PC-T1', toUnitCode: 'T02', from: '2026-02-01' }); // T01 → T02
    const t01 = await userSession(f, 'op.t01', 'unit_operator', 'T01');
    const v01 = await userSession(f, 'op.v01', 'unit_operator', 'V01');
    return { f, t01, v01 };
  }

  it('lists only the shares its units are party to, and answers others as unknown', async () => {
    const { f, t01, v01 } = await scoped();
    expect((await ok(f.ledger, t01, 'sharing.list', {})).map((s) => s.no).sort()).toEqual(['GX2026-0001', 'GX2026-0003']);
    expect(await ok(f.ledger, v01, 'sharing.list', {})).toEqual([]);
    await fails(f.ledger, t01, 'sharing.show', { share: 'GX2026-0002' }, 'NOT_FOUND');
    await fails(f.ledger, t01, 'sharing.end', { share: 'GX2026-0002', date: '2026-03-01' }, 'NOT_FOUND');
    await fails(f.ledger, t01, 'sharing.recordUsage', { share: 'GX2026-0002', date: '2026-03-01', amount: 1 }, 'NOT_FOUND');
    // usage summary counts only its shares
    await ok(f.ledger, f.admin, 'sharing.recordUsage', { share: 'GX2026-0002', date: '2026-03-01', amount: 5 });
    await ok(f.ledger, t01, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-03-01', amount: 2 });
    const sum = await ok(f.ledger, t01, 'sharing.usageSummary', { from: '2026-03-01', to: '2026-03-31', groupBy: 'share' });
    expect(sum.rows.map((r) => [r.key, r.amount])).toEqual([['GX2026-0001', 2]]);
    await fails(f.ledger, t01, 'sharing.usageSummary', { from: '2026-03-01', to: '2026-03-31', unitCode: 'C01' }, 'NOT_FOUND');
  });

  it('as borrower records usage and returns the card; as lender it lends only its own cards', async () => {
    const { f, t01 } = await scoped();
    await ok(f.ledger, t01, 'sharing.recordUsage', { share: 'GX2026-0001', date: '2026-02-02', amount: 1 });
    await ok(f.ledger, t01, 'sharing.end', { share: 'GX2026-0001', date: '2026-02-28' });
    // a card of another unit is unknown to it
    await fails(f.ledger, t01, 'sharing.start', { code: 'US-01', toUnitCode: 'T01', from: '2026-03-01' }, 'NOT_FOUND');
    const audit = auditCount(f.ledger);
    await fails(f.ledger, t01, 'sharing.start', { code: 'PC-L1', toUnitCode: 'T01', from: '2026-03-01' }, 'NOT_FOUND');
    expect(auditCount(f.ledger)).toBe(audit);
  });

  it('an auditor reads but cannot write', async () => {
    const { f } = await scoped();
    const auditor = await userSession(f, 'shen.ji', 'auditor');
    expect(await ok(f.ledger, auditor, 'sharing.list', {})).toHaveLength(3);
    await fails(f.ledger, auditor, 'sharing.end', { share: 'GX2026-0001', date: '2026-03-01' }, 'FORBIDDEN');
    await fails(f.ledger, auditor, 'sharing.request', { code: 'PC-L1', unitCode: 'T01', reason: '需要' }, 'FORBIDDEN');
  });
});

describe('the idle-asset pool', () => {
  it('lists every idle card of the community to every unit, with values and how long it has been idle', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-T1', date: '2026-02-15', status: '闲置' });
    const t02 = await userSession(f, 'op.t02', 'unit_operator', 'T02');
    const pool = await ok(f.ledger, t02, 'sharing.idle', { asOf: '2026-03-01' });
    expect(pool.rows.map((r) => [r.code, r.unitCode, r.idleSince, r.idleSinceBasis, r.idleDays, r.own, r.netFen])).toEqual([
      // registered idle on 2026-01-10: 50 days to 2026-03-01
      ['PC-L1', 'L01', '2026-01-10', 'registered', 50, false, 600000],
      ['PC-T1', 'T01', '2026-02-15', 'status', 14, false, 600000],
    ]);
    expect(pool.totals).toEqual({ assets: 2, costFen: 1_200_000, netFen: 1_200_000 });
    const t01 = await userSession(f, 'op.t01', 'unit_operator', 'T01');
    expect((await ok(f.ledger, t01, 'sharing.idle', { asOf: '2026-03-01' })).rows.map((r) => [r.code, r.own])).toEqual([
      ['PC-L1', false],
      ['PC-T1', true],
    ]);
    // filters: unit, class prefix
    expect((await ok(f.ledger, f.admin, 'sharing.idle', { unitCode: 'T01' })).rows.map((r) => r.code)).toEqual(['PC-T1']);
    expect((await ok(f.ledger, f.admin, 'sharing.idle', { classPrefix: 'A0232' })).rows).toEqual([]);
    expect((await ok(f.ledger, f.admin, 'sharing.idle', { classPrefix: 'A020101' })).rows).toHaveLength(2);
    // back in use: out of the pool; idle again later: idle since the new date
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-T1', date: '2026-03-05', status: '在用' });
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-T1', date: '2026-04-01', status: '闲置' });
    const later = await ok(f.ledger, f.admin, 'sharing.idle', { unitCode: 'T01', asOf: '2026-04-11' });
    expect(later.rows.map((r) => [r.idleSince, r.idleDays])).toEqual([['2026-04-01', 10]]);
  });

  it('a card migrated from an old register already idle counts as idle from the cut-over, not from its booking years ago', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'assets.create', {
      cards: [{ ...CARD, code: 'OLD-1', name: '文件柜', classCode: 'A05010301', bookedOn: '2015-04-02', costFen: 120000, lifeMonths: 180, openingAccumulatedFen: 80000, openingMonthsUsed: 120, openingPeriod: '2025-12', unitCode: 'T02', status: '闲置' }] as never,
    });
    const row = (await ok(f.ledger, f.admin, 'sharing.idle', { unitCode: 'T02', asOf: '2026-03-01' })).rows[0]!;
    expect([row.code, row.idleSince, row.idleSinceBasis, row.idleDays, row.netFen]).toEqual(['OLD-1', '2025-12-31', 'opening', 60, 40000]);
    // an administrator acts for every unit: no card is "own"
    expect(row.own).toBe(false);
  });

  it('a unit requests an idle card; an asset manager grants it as a transfer in one step, closing the other requests', async () => {
    const f = await community();
    const t01 = await userSession(f, 'op.t01', 'unit_operator', 'T01');
    const t02 = await userSession(f, 'op.t02', 'unit_operator', 'T02');
    const manager = await userSession(f, 'zc.wang', 'asset');
    const req = await ok(f.ledger, t01, 'sharing.request', { code: 'PC-L1', unitCode: 'T01', usingDeptCode: 'QK', kind: 'transfer', reason: '全科诊室缺电脑' });
    expect(req).toMatchObject({ assetCode: 'PC-L1', ownerUnitCode: 'L01', unitCode: 'T01', deptCode: 'QK', kind: 'transfer', status: 'pending' });
    const other = await ok(f.ledger, t02, 'sharing.request', { code: 'PC-L1', unitCode: 'T02', reason: '公卫建档' });
    expect((await ok(f.ledger, f.admin, 'sharing.idle', {})).rows.find((r) => r.code === 'PC-L1')?.pendingRequests).toBe(2);
    // a unit operator cannot grant
    await fails(f.ledger, t01, 'sharing.approve', { id: req.id, date: '2026-03-01' }, 'FORBIDDEN');
    const audit = auditCount(f.ledger);
    const granted = await ok(f.ledger, manager, 'sharing.approve', { id: req.id, date: '2026-03-01', docNo: '清医资调〔2026〕5号', note: '同意调剂' });
    expect(granted).toMatchObject({ status: 'approved', decidedAs: 'transfer', decidedOn: '2026-03-01', decidedBy: 'zc.wang', decisionNote: '同意调剂' });
    expect(auditCount(f.ledger)).toBe(audit + 1);
    expect(JSON.parse(lastAudit(f).changes).map((c: { entity: string }) => c.entity)).toEqual(['asset', 'asset', 'asset_request', 'asset_request']);
    // the card keeps its number and history, moves to T01 and is in use in 全科
    const c = await card(f, 'PC-L1');
    expect([c.code, c.unitCode, c.usingDeptCode, c.status]).toEqual(['PC-L1', 'T01', 'QK', '在用']);
    expect(c.events.map((e) => [e.type, e.effectiveOn, e.docNo])).toEqual([
      ['acquire', '2026-01-10', null],
      ['transfer', '2026-03-01', '清医资调〔2026〕5号'],
      ['move', '2026-03-01', '清医资调〔2026〕5号'],
    ]);
    expect((await ok(f.ledger, f.admin, 'sharing.idle', {})).rows.map((r) => r.code)).not.toContain('PC-L1');
    const closed = (await ok(f.ledger, f.admin, 'sharing.requests', { status: 'all' })).find((r) => r.id === other.id)!;
    expect(closed).toMatchObject({ status: 'rejected', decisionNote: '资产已调剂给 城关镇卫生院' });
    // granted twice: refused
    expect((await fails(f.ledger, manager, 'sharing.approve', { id: req.id, date: '2026-03-02' }, 'VALIDATION')).key).toBe('error.requestClosed');
    expect(verifyAuditChain(f.ledger.db).ok).toBe(true);
  });

  it('grants a request as a share: the card stays with its owner, lent to the requesting unit', async () => {
    const f = await community();
    const t01 = await userSession(f, 'op.t01', 'unit_operator', 'T01');
    const req = await ok(f.ledger, t01, 'sharing.request', { code: 'PC-L1', unitCode: 'T01', kind: 'share', wantedFrom: '2026-03-01', wantedUntil: '2026-06-30', reason: '体检季临时使用' });
    const granted = await ok(f.ledger, f.admin, 'sharing.approve', { id: req.id, date: '2026-03-01', usageUnit: '小时' });
    expect(granted.decidedAs).toBe('share');
    const share = await ok(f.ledger, t01, 'sharing.show', { share: granted.shareId! });
    expect(share).toMatchObject({ assetCode: 'PC-L1', lenderUnitCode: 'L01', borrowerUnitCode: 'T01', startsOn: '2026-03-01', until: '2026-06-30', usageUnit: '小时', requestId: req.id });
    const c = await card(f, 'PC-L1');
    expect([c.unitCode, c.status]).toEqual(['L01', '出租出借']);
    // when it comes back it is idle again, in the pool
    await ok(f.ledger, t01, 'sharing.end', { share: share.no, date: '2026-06-30' });
    expect((await ok(f.ledger, f.admin, 'sharing.idle', { asOf: '2026-07-10' })).rows.find((r) => r.code === 'PC-L1')).toMatchObject({ idleSince: '2026-06-30', idleSinceBasis: 'status', idleDays: 10 });
  });

  it('a grant that fails leaves nothing written (the transfer inside it is rolled back too)', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-01', close: true });
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-02', close: true });
    const req = await ok(f.ledger, f.admin, 'sharing.request', { code: 'PC-L1', unitCode: 'T01', reason: '需要' });
    const audit = auditCount(f.ledger);
    const before = await card(f, 'PC-L1');
    expect((await fails(f.ledger, f.admin, 'sharing.approve', { id: req.id, date: '2026-02-20' }, 'VALIDATION')).key).toBe('error.periodClosed');
    expect(auditCount(f.ledger)).toBe(audit);
    expect(await card(f, 'PC-L1')).toEqual(before);
    expect((await ok(f.ledger, f.admin, 'sharing.requests', {}))[0]?.status).toBe('pending');
  });

  it('refuses requests for cards not in the pool, for the unit’s own card, for units out of scope, and twice', async () => {
    const f = await community();
    const t01 = await userSession(f, 'op.t01', 'unit_operator', 'T01');
    // in use at another unit: not in the pool, and not visible either
    expect((await fails(f.ledger, t01, 'sharing.request', { code: 'PC-L2', unitCode: 'T01', reason: '需要' }, 'NOT_FOUND')).key).toBe('error.notInPool');
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-T1', date: '2026-02-01', status: '闲置' });
    expect((await fails(f.ledger, t01, 'sharing.request', { code: 'PC-T1', unitCode: 'T01', reason: '需要' }, 'VALIDATION')).key).toBe('error.requestOwnAsset');
    await fails(f.ledger, t01, 'sharing.request', { code: 'PC-L1', unitCode: 'T02', reason: '需要' }, 'NOT_FOUND');
    await ok(f.ledger, t01, 'sharing.request', { code: 'PC-L1', unitCode: 'T01', reason: '需要' });
    await fails(f.ledger, t01, 'sharing.request', { code: 'PC-L1', unitCode: 'T01', reason: '再次申请' }, 'DUPLICATE');
    await fails(f.ledger, t01, 'sharing.request', { code: 'PC-L1', unitCode: 'T01', reason: '   ' }, 'VALIDATION');
  });

  it('the requesting unit may withdraw its request; the owner sees it but may not withdraw it; a manager may reject it', async () => {
    const f = await community();
    await ok(f.ledger, f.admin, 'assets.move', { code: 'PC-C1', date: '2026-02-01', status: '闲置' });
    const t01 = await userSession(f, 'op.t01', 'unit_operator', 'T01');
    const c01 = await userSession(f, 'op.c01', 'unit_operator', 'C01');
    const t02 = await userSession(f, 'op.t02', 'unit_operator', 'T02');
    const manager = await userSession(f, 'zc.wang', 'asset');
    const req = await ok(f.ledger, t01, 'sharing.request', { code: 'PC-C1', unitCode: 'T01', reason: '需要' });
    // C01 (owner) and T01 (requester) both see it; T02 (neither) does not
    expect((await ok(f.ledger, c01, 'sharing.requests', {})).map((r) => r.id)).toEqual([req.id]);
    expect(await ok(f.ledger, t02, 'sharing.requests', {})).toEqual([]);
    await fails(f.ledger, t02, 'sharing.withdraw', { id: req.id }, 'NOT_FOUND');
    await fails(f.ledger, c01, 'sharing.withdraw', { id: req.id }, 'FORBIDDEN');
    expect((await ok(f.ledger, t01, 'sharing.withdraw', { id: req.id })).status).toBe('withdrawn');
    const again = await ok(f.ledger, t01, 'sharing.request', { code: 'PC-C1', unitCode: 'T01', reason: '还是需要' });
    const rejected = await ok(f.ledger, manager, 'sharing.reject', { id: again.id, note: '该设备拟调往河口镇' });
    expect(rejected).toMatchObject({ status: 'rejected', decidedBy: 'zc.wang', decisionNote: '该设备拟调往河口镇' });
    expect((await ok(f.ledger, t01, 'sharing.requests', { status: 'all' })).map((r) => r.status).sort()).toEqual(['rejected', 'withdrawn']);
  });
});

describe('seedSharingDemo', () => {
  it('fills a demo ledger with shares, usage, idle cards and requests through the API, deterministically', async () => {
    const { buildDemo } = await import('../../db/demo');
    const { seedSharingDemo } = await import('../../db/modules/sharing/demo');
    const { demoCards } = await import('../../renderer/screens/assets/demo-cards');
    const build = async () => {
      const f = await freshLedger();
      await buildDemo(f.ledger, { assets: false });
      const units = await ok(f.ledger, f.admin, 'units.list', {});
      const depts = await ok(f.ledger, f.admin, 'departments.list', {});
      const holders = units.filter((u) => u.type !== '村卫生室').slice(0, 8).map((u) => ({ code: u.code, depts: depts.filter((d) => d.unitCode === u.code).map((d) => d.code) }));
      await ok(f.ledger, f.admin, 'assets.create', { cards: demoCards(holders, 300, { seed: 11, prefix: 'QHZC' }) as never });
      const result = await seedSharingDemo(f.ledger, { today: '2026-11-20', idle: 10, shares: 4, requests: 3 });
      return { f, result };
    };
    const { f, result } = await build();
    expect(result.shares).toBe(4);
    expect(result.idle).toBe(10);
    expect(result.requests).toBe(3);
    expect(result.usage).toBeGreaterThan(4);
    expect(tableCount(f.ledger, 'asset_shares')).toBe(4);
    expect(tableCount(f.ledger, 'asset_share_usage')).toBe(result.usage);
    expect((await ok(f.ledger, f.admin, 'sharing.list', { status: 'active' })).length).toBe(result.activeShares);
    const pool = await ok(f.ledger, f.admin, 'sharing.idle', { asOf: '2026-11-20' });
    expect(pool.rows.filter((r) => r.idleSinceBasis === 'status').length).toBeGreaterThanOrEqual(10);
    expect(pool.rows.every((r) => r.idleSince <= '2026-11-20')).toBe(true);
    expect(verifyAuditChain(f.ledger.db).ok).toBe(true);
    // same seed, same ledger, same day: the same shares
    const again = await build();
    const key = async (g: Fixture) => (await ok(g.ledger, g.admin, 'sharing.list', {})).map((s) => [s.no, s.assetCode, s.borrowerUnitCode, s.startsOn, s.endedOn, s.usageAmount]);
    expect(await key(again.f)).toEqual(await key(f));
  }, 120_000);
});
