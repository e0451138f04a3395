import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { fails, freshLedger, ok, seedOrg, type Fixture } from './helpers';

// 账账核对: trial balances imported from the accounting software against the card ledger as of the
// month end, with the cards that explain each difference. Every figure below is computed by hand.
//
// T01, all booked 2026-01-10 unless said: PC1 ¥6,000.00 / 72 months → 83.33 a month; software
// (A08, 无形资产) ¥3,600.00 / 60 → 60.00; D ¥1,000.00 / 72 → 13.89, disposed (报废) 2026-03-20, so
// charged Jan and Feb only (27.78); B ¥2,500.00 / 72 → 34.72, booked 2026-03-15 WITHOUT a voucher.
// T02: E ¥5,000.00 / 72 → 69.44. Depreciation: 2026-01 and 02 run and closed, 03 run, not closed.
//
// Card ledger at 2026-03-31, T01: 1601 = 6,000 + 2,500 = 8,500.00; 1602 = 3 × 83.33 + 34.72 = 284.71;
// 1701 = 3,600.00; 1702 = 3 × 60 = 180.00. T02: 1601 = 5,000.00, 1602 = 3 × 69.44 = 208.32.
//
// The ledger (accounting has booked D's purchase but not its disposal, not B, and not March's
// depreciation): T01 1601 = 7,000.00, 1602 = 2 × 83.33 + 27.78 = 194.44, 1701 = 3,600.00, 1702 = 120.00.
// Differences: 1601 +1,500.00 = B (+2,500.00) + D disposed (−1,000.00); 1602 +90.27 = March charges of
// the A02 cards (83.33 + 34.72 = 118.05) − D's accumulated (27.78); 1702 +60.00 = March amortisation.

async function setup(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  const c = (code: string, over: Record<string, unknown>) => ({ code, name: code, classCode: 'A02010105', bookedOn: '2026-01-10', voucherNo: `记-${code}`, costFen: 600000, lifeMonths: 72, unitCode: 'T01', ...over });
  await ok(f.ledger, f.admin, 'assets.create', {
    cards: [c('PC1', {}), c('SW1', { name: '财务软件', classCode: 'A08020000', costFen: 360000, lifeMonths: 60 }), c('D1', { costFen: 100000 }), c('E1', { unitCode: 'T02', costFen: 500000 })],
  });
  await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-01', close: true });
  await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-02', close: true });
  await ok(f.ledger, f.admin, 'assets.dispose', { code: 'D1', type: '报废', date: '2026-03-20', docNo: '卫资〔2026〕5号' });
  await ok(f.ledger, f.admin, 'assets.create', { cards: [c('B1', { bookedOn: '2026-03-15', voucherNo: null, costFen: 250000 })] });
  await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-03' });
  return f;
}

/** A 科目余额表 as accounting software exports it: title lines, a two-row header with merged groups. */
async function trialBalanceXlsx(unitLine: string, periodLine: string, rows: [string, string, number | null, number | null][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('科目余额表');
  ws.addRow(['科目余额表']);
  ws.mergeCells('A1:H1');
  ws.addRow([unitLine, '', '', '', periodLine]);
  ws.addRow(['科目编码', '科目名称', '期初余额', '', '本期发生额', '', '期末余额', '']);
  ws.addRow(['', '', '借方', '贷方', '借方', '贷方', '借方', '贷方']);
  ws.mergeCells('C3:D3');
  ws.mergeCells('E3:F3');
  ws.mergeCells('G3:H3');
  ws.mergeCells('A3:A4');
  ws.mergeCells('B3:B4');
  ws.addRow(['1001', '库存现金', 1000, null, null, null, 1000, null]);
  for (const [code, name, debit, credit] of rows) ws.addRow([code, name, null, null, null, null, debit, credit]);
  ws.addRow(['合计', '', null, null, null, null, 99999, 99999]);
  ws.addRow(['制表人：李会计', '', '', '审核人：']);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('gl import', () => {
  it('a trial balance .xlsx: unit from the 核算单位 line, sub-accounts ignored when the account row is there', async () => {
    const f = await setup();
    const base64 = await trialBalanceXlsx('核算单位：城关镇卫生院', '会计期间：2026年03月', [
      ['1601', '固定资产', 7000, null],
      ['160101', '通用设备', 7000, null],
      ['1602', '固定资产累计折旧', null, 194.44],
      ['1701', '无形资产', 3600, null],
      ['1702', '无形资产累计摊销', null, 120],
    ]);
    const r = await ok(f.ledger, f.admin, 'gl.import', { fileName: '科目余额表.xlsx', base64, period: '2026-03' });
    expect(r.rejected).toEqual([]);
    expect(r.balances.map((b) => [b.unitCode, b.account, b.balanceFen])).toEqual([
      ['T01', '1601', 700000],
      ['T01', '1602', 19444],
      ['T01', '1701', 360000],
      ['T01', '1702', 12000],
    ]);
    // Another period's sheet, or another unit's, is refused.
    await fails(f.ledger, f.admin, 'gl.import', { fileName: 'tb.xlsx', base64, period: '2026-02' }, 'VALIDATION');
    await fails(f.ledger, f.admin, 'gl.import', { fileName: 'tb.xlsx', base64, period: '2026-03', unitCode: 'T02' }, 'VALIDATION');
    const noUnit = await trialBalanceXlsx('', '', [['1601', '固定资产', 1, null]]);
    const e = await fails(f.ledger, f.admin, 'gl.import', { fileName: 'tb.xlsx', base64: noUnit, period: '2026-03' }, 'VALIDATION');
    expect(e.message).toMatch(/--unit/);
  });

  it('a GB18030 .csv list with a unit column and a bad amount: row and column reported, nothing written unless skip-invalid', async () => {
    const f = await setup();
    const csv = ['单位名称,科目编码,科目名称,期末余额', '河口镇卫生院,1601,固定资产,"5,000.00"', '河口镇卫生院,1602,固定资产累计折旧,-208.32', '城关镇卫生院,1601,固定资产,七千'].join('\r\n');
    const upload = { fileName: '余额.csv', base64: iconv.encode(csv, 'gb18030').toString('base64'), period: '2026-03' };
    const r = await ok(f.ledger, f.admin, 'gl.import', upload);
    expect(r.imported).toBe(0);
    expect(r.rejected).toEqual([expect.objectContaining({ row: 4, column: '期末余额' })]);
    expect(await ok(f.ledger, f.admin, 'gl.balances', { period: '2026-03' })).toEqual([]);
    const s = await ok(f.ledger, f.admin, 'gl.import', { ...upload, skipInvalid: true });
    expect(s.balances.map((b) => [b.unitCode, b.account, b.balanceFen])).toEqual([
      ['T02', '1601', 500000],
      ['T02', '1602', 20832],
    ]);
  });
});

describe('reconcile gl', () => {
  it('per unit and account: card, ledger, difference, and the cards that explain it', async () => {
    const f = await setup();
    const base64 = await trialBalanceXlsx('编制单位：城关镇卫生院（公章）', '期间：2026年3月', [
      ['1601', '固定资产', 7000, null],
      ['1602', '固定资产累计折旧', null, 194.44],
      ['1701', '无形资产', 3600, null],
      ['1702', '无形资产累计摊销', null, 120],
    ]);
    await ok(f.ledger, f.admin, 'gl.import', { fileName: 'tb.xlsx', base64, period: '2026-03' });
    const r = await ok(f.ledger, f.admin, 'reconcile.gl', { period: '2026-03' });
    expect(r.asOf).toBe('2026-03-31');
    expect(r.depreciation).toEqual({ run: true, closed: false });
    const line = (u: string, a: string) => r.rows.find((x) => x.unitCode === u && x.account === a)!;
    expect([line('T01', '1601').cardFen, line('T01', '1601').ledgerFen, line('T01', '1601').differenceFen]).toEqual([850000, 700000, 150000]);
    expect([line('T01', '1602').cardFen, line('T01', '1602').ledgerFen, line('T01', '1602').differenceFen]).toEqual([28471, 19444, 9027]);
    expect([line('T01', '1701').differenceFen, line('T01', '1702').differenceFen]).toEqual([0, 6000]);
    expect(line('T01', '1601').explanations.map((e) => [e.kind, e.code, e.amountFen])).toEqual([
      ['noVoucher', 'B1', 250000],
      ['disposedThisPeriod', 'D1', -100000],
    ]);
    expect(line('T01', '1602').explanations.map((e) => [e.kind, e.code, e.amountFen])).toEqual([
      ['disposedThisPeriod', 'D1', -2778],
      ['depreciationNotClosed', null, 11805],
    ]);
    for (const a of ['1601', '1602', '1702']) expect(line('T01', a).unexplainedFen, a).toBe(0);
    // T02 has no ledger figures imported: shown with ledgerFen null.
    expect([line('T02', '1601').cardFen, line('T02', '1601').ledgerFen, line('T02', '1601').differenceFen]).toEqual([500000, null, null]);
    expect(r.differing).toBe(3);
    // One unit only.
    const one = await ok(f.ledger, f.admin, 'reconcile.gl', { period: '2026-03', unitCode: 'T02' });
    expect(new Set(one.rows.map((x) => x.unitCode))).toEqual(new Set(['T02']));
  });

  it('depreciation not run yet: the estimate of the month explains the ledger being ahead', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    await ok(f.ledger, f.admin, 'assets.create', { cards: [{ code: 'PC1', name: 'PC', classCode: 'A02010105', bookedOn: '2026-01-10', voucherNo: 'V1', costFen: 600000, lifeMonths: 72, unitCode: 'T01' }] });
    await ok(f.ledger, f.admin, 'depreciation.run', { period: '2026-01', close: true });
    // Ledger booked Jan and Feb; the card ledger has Jan only (Feb not run).
    await ok(f.ledger, f.admin, 'gl.import', {
      fileName: 'b.csv',
      base64: Buffer.from('科目编码,期末余额\n1601,6000\n1602,166.66\n').toString('base64'),
      period: '2026-02',
      unitCode: 'T01',
    });
    const r = await ok(f.ledger, f.admin, 'reconcile.gl', { period: '2026-02' });
    const dep = r.rows.find((x) => x.account === '1602')!;
    expect([dep.cardFen, dep.ledgerFen, dep.differenceFen, dep.unexplainedFen]).toEqual([8333, 16666, -8333, 0]);
    expect(dep.explanations.map((e) => e.kind)).toEqual(['depreciationNotRun']);
  });
});
