import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { CallContext } from '../../db/engine/ledger';
import { auditCount, fails, freshLedger, ok, seedOrg, userSession, type Fixture } from './helpers';

// Inventory counts against a real ledger file: the snapshot, scans, grid entry, the checklist round
// trip (.xlsx and GB18030 .csv), reconciliation with hand-computed totals, and resolutions.

const card = (code: string, over: Record<string, unknown> = {}) => ({
  code,
  name: '台式计算机',
  classCode: 'A02010105',
  bookedOn: '2025-01-10',
  costFen: 600000,
  lifeMonths: 72,
  unitCode: 'T01',
  usingDeptCode: 'QK',
  location: '门诊楼101',
  userName: '张伟',
  ...over,
});

/** T01 with six cards (two locations), one in T02, one T01 card booked after the reference date. */
async function setup(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  await ok(f.ledger, f.admin, 'assets.create', {
    cards: [
      card('T01-001'),
      card('T01-002', { name: '打印机', classCode: 'A02021000', costFen: 250000, userName: '李娜' }),
      card('T01-003', { name: '心电图机', costFen: 3000000, location: '门诊楼102', userName: null }),
      card('T01-004', { name: '办公椅', classCode: 'A05010301', costFen: 120000, lifeMonths: 180, location: '门诊楼102' }),
      card('T01-005', { name: '病人监护仪', costFen: 4500000, location: '门诊楼102', userName: '王强' }),
      card('T01-006', { name: '便携式计算机', classCode: 'A02010108', costFen: 700000, location: '门诊楼101', userName: '赵敏' }),
      card('T01-LATE', { bookedOn: '2026-05-01' }),
      card('T02-001', { unitCode: 'T02' }),
    ],
  });
  return f;
}

async function newCount(f: Fixture, ctx: CallContext = f.admin) {
  return ok(f.ledger, ctx, 'counts.create', { unitCode: 'T01', name: '2026年度资产清查', referenceDate: '2026-03-31' });
}

describe('count tasks', () => {
  it('the expected list is a snapshot of the book at creation, in scope and booked by the reference date', async () => {
    const f = await setup();
    const c = await newCount(f);
    expect(c.no).toBe('PD2026-0001');
    expect(c.expected).toBe(6);
    // A later move does not change the target.
    await ok(f.ledger, f.admin, 'assets.move', { code: 'T01-001', date: '2026-04-02', location: '库房' });
    const rows = await ok(f.ledger, f.admin, 'counts.results', { id: c.no });
    expect(rows.find((r) => r.code === 'T01-001')!.bookLocation).toBe('门诊楼101');
    expect(rows.map((r) => r.code)).toEqual(['T01-001', 'T01-002', 'T01-006', 'T01-003', 'T01-004', 'T01-005']); // by location, then department, then number
    // Narrowed scope: one location, one class prefix.
    const narrow = await ok(f.ledger, f.admin, 'counts.create', { unitCode: 'T01', name: '门诊楼102 设备', referenceDate: '2026-03-31', locations: ['门诊楼102'], classPrefixes: ['A0201'] });
    expect(narrow.expected).toBe(2);
    expect(narrow.no).toBe('PD2026-0002');
    await fails(f.ledger, f.admin, 'counts.create', { unitCode: 'T01', name: '空', referenceDate: '2026-03-31', locations: ['不存在的地点'] }, 'VALIDATION');
  });

  it('a unit operator counts only their own unit', async () => {
    const f = await setup();
    const op = await userSession(f, 'hekou', 'unit_operator', 'T02');
    await fails(f.ledger, op, 'counts.create', { unitCode: 'T01', name: 'x', referenceDate: '2026-03-31' }, 'NOT_FOUND');
    const c = await newCount(f);
    await fails(f.ledger, op, 'counts.scan', { id: c.id, scans: [{ code: 'T01-001' }] }, 'NOT_FOUND');
    expect(await ok(f.ledger, op, 'counts.list', {})).toEqual([]);
    // …and may not book resolutions.
    const own = await ok(f.ledger, op, 'counts.create', { unitCode: 'T02', name: '河口', referenceDate: '2026-03-31' });
    await fails(f.ledger, op, 'counts.shortagePending', { id: own.id, date: '2026-04-01' }, 'FORBIDDEN');
  });
});

describe('scanning', () => {
  it('a burst: every scan kept, repeats flagged, unknown codes recorded as found items, a resent batch not applied twice', async () => {
    const f = await setup();
    const c = await newCount(f);
    const audit = auditCount(f.ledger);
    const r = await ok(f.ledger, f.admin, 'counts.scan', {
      id: c.id,
      counter: '王芳',
      device: '扫码枪1',
      scans: [{ code: 'T01-001', clientId: 's1' }, { code: 't01-002', clientId: 's2' }, { code: 'T01-001', clientId: 's3' }, { code: 'XX-999', clientId: 's4' }, { code: 'T02-001', clientId: 's5' }, { code: 'XX-999', clientId: 's6' }],
    });
    expect(r.outcomes.map((o) => [o.code, o.kind])).toEqual([
      ['T01-001', 'expected'],
      ['t01-002', 'expected'],
      ['T01-001', 'duplicate'],
      ['XX-999', 'unknown'],
      ['T02-001', 'unknown'],
      ['XX-999', 'duplicate'],
    ]);
    expect(r.outcomes[1]!.assetCode).toBe('T01-002');
    expect(r.counted).toBe(2);
    expect(auditCount(f.ledger)).toBe(audit + 1); // one audit row per call
    // The same batch resent (a timeout on the device): nothing applied again.
    const again = await ok(f.ledger, f.admin, 'counts.scan', { id: c.id, counter: '王芳', device: '扫码枪1', scans: [{ code: 'T01-001', clientId: 's1' }, { code: 'XX-999', clientId: 's4' }] });
    expect(again.outcomes.map((o) => o.kind)).toEqual(['replayed', 'replayed']);
    expect(f.ledger.db.prepare('SELECT count(*) FROM count_scans').pluck().get()).toBe(6);
    const found = await ok(f.ledger, f.admin, 'counts.found', { id: c.id });
    expect(found.map((x) => [x.code, x.status, x.source])).toEqual([
      ['XX-999', 'open', 'scan'],
      ['T02-001', 'open', 'scan'],
    ]);
    expect(found[1]!.description).toMatch(/河口镇卫生院/);
    const rows = await ok(f.ledger, f.admin, 'counts.results', { id: c.id });
    const one = rows.find((x) => x.code === 'T01-001')!;
    expect([one.result, one.scans, one.counter, one.source, one.cls]).toEqual(['found', 2, '王芳', 'scan', 'matched']);
    const show = await ok(f.ledger, f.admin, 'counts.show', { id: c.no });
    expect(show.counters).toEqual([expect.objectContaining({ name: '王芳', device: '扫码枪1', scans: 6, results: 2 })]);
    expect(show.byLocation).toEqual([
      { location: '门诊楼101', expected: 3, counted: 2 },
      { location: '门诊楼102', expected: 3, counted: 0 },
    ]);
  });

  it('twenty single scans in a row, none lost', async () => {
    const f = await setup();
    const c = await newCount(f);
    const codes = ['T01-001', 'T01-002', 'T01-003', 'T01-004', 'T01-005', 'T01-006'];
    const sent = Array.from({ length: 20 }, (_, i) => codes[i % codes.length]!);
    const replies = await Promise.all(sent.map((code, i) => ok(f.ledger, f.admin, 'counts.scan', { id: c.id, scans: [{ code, clientId: `b${i}` }] })));
    expect(replies.map((r) => r.outcomes[0]!.kind).filter((k) => k === 'expected')).toHaveLength(6);
    expect(f.ledger.db.prepare('SELECT count(*) FROM count_scans').pluck().get()).toBe(20);
    expect(f.ledger.db.prepare("SELECT count(*) FROM count_scans WHERE kind = 'duplicate'").pluck().get()).toBe(14);
  });

  it('a closed count takes no more results', async () => {
    const f = await setup();
    const c = await newCount(f);
    await ok(f.ledger, f.admin, 'counts.close', { id: c.id, version: c.version });
    await fails(f.ledger, f.admin, 'counts.scan', { id: c.id, scans: [{ code: 'T01-001' }] }, 'VALIDATION');
  });
});

/** Record the same outcome as the reconciliation test, by grid. */
async function gridResults(f: Fixture, id: string) {
  return ok(f.ledger, f.admin, 'counts.record', {
    id,
    rows: [
      { code: 'T01-001', result: '在' }, // matched
      { code: 'T01-002', result: 'found', actualLocation: '门诊楼102', actualUser: '王强' }, // location (and user) differ
      { code: 'T01-003', result: '×' }, // missing
      { code: 'T01-004', result: 'found', actualUser: '李娜' }, // user differs (book user 张伟)
      { code: 'T01-005', result: '√', actualStatus: '故障' }, // status differs → 待修
      // T01-006 not counted → shortage
    ],
  });
}

describe('grid entry and reconciliation', () => {
  it('classes, counts and amounts (hand-computed)', async () => {
    const f = await setup();
    const c = await newCount(f);
    const rec = await gridResults(f, c.id);
    expect(rec.rows.map((r) => [r.code, r.cls])).toEqual([
      ['T01-001', 'matched'],
      ['T01-002', 'locationDiffers'],
      ['T01-003', 'shortage'],
      ['T01-004', 'userDiffers'],
      ['T01-005', 'statusDiffers'],
    ]);
    await ok(f.ledger, f.admin, 'counts.recordFound', { id: c.id, items: [{ name: '血压计', model: 'HEM-7136', location: '门诊楼101', description: '捐赠未入账' }] });
    const r = await ok(f.ledger, f.admin, 'counts.reconcile', { id: c.no });
    expect([r.matched, r.shortage, r.surplus, r.locationDiffers, r.userDiffers, r.statusDiffers, r.notCounted, r.expected]).toEqual([1, 2, 1, 1, 1, 1, 1, 6]);
    // Shortages: T01-003 ¥30,000 + T01-006 ¥7,000 (nothing depreciated yet: net = cost).
    expect(r.totals.shortage).toEqual({ count: 2, costFen: 3700000, netFen: 3700000 });
    expect(r.shortages.map((x) => [x.code, x.notCounted])).toEqual([
      ['T01-006', true],
      ['T01-003', false],
    ]);
    expect(r.differences.find((x) => x.code === 'T01-002')!.differences).toEqual([
      { field: 'location', book: '门诊楼101', actual: '门诊楼102' },
      { field: 'user', book: '李娜', actual: '王强' },
    ]);
    expect(r.groups).toEqual([expect.objectContaining({ unit: 'T01', dept: null, unitName: '城关镇卫生院', surplus: { count: 1, valueFen: 0 } }), expect.objectContaining({ unit: 'T01', dept: 'QK', deptName: '全科' })]);
    // A code not on the list is refused with its row; nothing is written.
    const err = await fails(f.ledger, f.admin, 'counts.record', { id: c.id, rows: [{ code: 'T01-001', result: '无' }, { code: 'T02-001', result: '在' }] }, 'VALIDATION');
    expect(err.details).toEqual([expect.objectContaining({ row: 2, field: 'code' })]);
    expect((await ok(f.ledger, f.admin, 'counts.results', { id: c.id })).find((x) => x.code === 'T01-001')!.result).toBe('found');
    // Clearing a result makes it uncounted again.
    await ok(f.ledger, f.admin, 'counts.record', { id: c.id, rows: [{ code: 'T01-001', result: null }] });
    expect((await ok(f.ledger, f.admin, 'counts.reconcile', { id: c.id })).notCounted).toBe(2);
  });
});

async function fillChecklist(base64: string, fill: (ws: ExcelJS.Worksheet, rowOf: (code: string) => number, lastRow: number) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(base64, 'base64') as unknown as ArrayBuffer);
  const ws = wb.worksheets[0]!;
  const rowOf = (code: string) => {
    let n = 0;
    ws.eachRow((row, i) => {
      if (row.getCell(2).value === code) n = i;
    });
    if (!n) throw new Error(`no row for ${code}`);
    return n;
  };
  let last = 0;
  ws.eachRow((row, i) => {
    if (String(row.getCell(1).value ?? '').startsWith('以下填写账外资产')) last = i;
  });
  fill(ws, rowOf, last);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

describe('checklist', () => {
  it('export → filled in by hand → import: marks, blanks as on book, found items below the list', async () => {
    const f = await setup();
    const c = await newCount(f);
    const exp = await ok(f.ledger, f.admin, 'counts.exportChecklist', { id: c.id });
    expect(exp.fileName).toBe('盘点清单-PD2026-0001.xlsx');
    const filled = await fillChecklist(exp.base64, (ws, rowOf, last) => {
      // columns: 序号 资产编号 资产名称 规格型号 使用科室 账面存放地点 账面使用人 账面使用状况 盘点结果 实际存放地点 实际使用人 实际使用状况 备注
      ws.getRow(rowOf('T01-001')).getCell(9).value = '有';
      ws.getRow(rowOf('T01-002')).getCell(9).value = '√';
      ws.getRow(rowOf('T01-002')).getCell(10).value = '门诊楼102';
      ws.getRow(rowOf('T01-003')).getCell(9).value = '未找到';
      ws.getRow(rowOf('T01-005')).getCell(9).value = '是';
      ws.getRow(rowOf('T01-005')).getCell(12).value = '闲置';
      const found = ws.getRow(last + 1);
      found.getCell(3).value = '血压计';
      found.getCell(4).value = 'HEM-7136';
      found.getCell(9).value = '盘盈';
      found.getCell(10).value = '门诊楼101';
      found.getCell(13).value = '捐赠未入账';
    });
    const imp = await ok(f.ledger, f.admin, 'counts.importChecklist', { id: c.id, fileName: '盘点清单-已填.xlsx', base64: filled, counter: '张三' });
    expect(imp.rejected).toEqual([]);
    expect([imp.found, imp.missing, imp.surplus]).toEqual([3, 1, 1]);
    const r = await ok(f.ledger, f.admin, 'counts.reconcile', { id: c.id });
    expect([r.matched, r.shortage, r.surplus, r.locationDiffers, r.userDiffers, r.statusDiffers]).toEqual([1, 3, 1, 1, 0, 1]);
    expect(r.surplusItems[0]).toEqual(expect.objectContaining({ name: '血压计', model: 'HEM-7136', location: '门诊楼101', description: '捐赠未入账', source: 'import' }));
    // The same file again: results are the same, the found item is not added twice.
    const again = await ok(f.ledger, f.admin, 'counts.importChecklist', { id: c.id, fileName: '盘点清单-已填.xlsx', base64: filled });
    expect(again.surplus).toBe(0);
    expect((await ok(f.ledger, f.admin, 'counts.found', { id: c.id })).length).toBe(1);
  });

  it('a GB18030 .csv with bad rows: every problem with its row and column, nothing written; --skip-invalid writes the good rows', async () => {
    const f = await setup();
    const c = await newCount(f);
    const csv = [
      '资产盘点清单',
      '序号,资产编号,资产名称,账面存放地点,盘点结果,实际存放地点,实际使用人,备注',
      '1,T01-001,台式计算机,门诊楼101,在,,,',
      '2,T01-002,打印机,门诊楼101,也许,,,',
      '3,T01-003,心电图机,门诊楼102,,库房,,',
      '4,T01-004,办公椅,门诊楼102,盘盈,,,',
      '5,T01-001,台式计算机,门诊楼101,无,,,',
      '6,,,,盘盈,门诊楼102,,没有名称',
      '7,ZZ-1,输液泵,,盘盈,门诊楼102,,',
      '8,T01-006,便携式计算机,门诊楼101,×,,,',
    ].join('\r\n');
    const upload = { id: c.id, fileName: '清单.csv', base64: iconv.encode(csv, 'gb18030').toString('base64') };
    const before = auditCount(f.ledger);
    const r = await ok(f.ledger, f.admin, 'counts.importChecklist', upload);
    expect(r.imported).toBe(0);
    expect(r.rejected.map((d) => [d.row, d.column])).toEqual([
      [4, '盘点结果'],
      [5, '盘点结果'],
      [6, '盘点结果'],
      [7, '资产编号'],
      [8, '资产名称'],
    ]);
    expect(r.rejected[0]!.message).toMatch(/也许/);
    expect(auditCount(f.ledger)).toBe(before);
    const skipped = await ok(f.ledger, f.admin, 'counts.importChecklist', { ...upload, skipInvalid: true });
    expect([skipped.found, skipped.missing, skipped.surplus]).toEqual([1, 1, 1]);
    const rec = await ok(f.ledger, f.admin, 'counts.reconcile', { id: c.id });
    expect([rec.matched, rec.shortage, rec.surplus]).toEqual([1, 5, 1]);
  });
});

describe('resolution', () => {
  it('shortage → pending loss → write-off only with an approval number; surplus → card valued per §3.5 → approval; differences applied in one batch', async () => {
    const f = await setup();
    const c = await newCount(f);
    await gridResults(f, c.id);
    const { items } = await ok(f.ledger, f.admin, 'counts.recordFound', { id: c.id, items: [{ name: '血压计', location: '门诊楼101' }, { name: '轮椅', location: '库房' }] });

    // Write-off before pending: refused.
    await fails(f.ledger, f.admin, 'counts.writeOff', { id: c.id, codes: ['T01-003'], date: '2026-04-10', docNo: '卫财〔2026〕12号' }, 'VALIDATION');
    const pending = await ok(f.ledger, f.admin, 'counts.shortagePending', { id: c.id, date: '2026-04-05' });
    expect(pending.resolutions.map((x) => [x.assetCode, x.amountFen])).toEqual([
      ['T01-006', 700000],
      ['T01-003', 3000000],
    ]);
    expect(pending.resolutions[1]!.entries.map((e) => [e.account, e.debitFen, e.creditFen])).toEqual([
      ['1902', 3000000, 0],
      ['1601', 0, 3000000],
    ]);
    // The card is still on the book until the write-off.
    expect((await ok(f.ledger, f.admin, 'assets.show', { code: 'T01-003' })).status).toBe('在用');
    await fails(f.ledger, f.admin, 'counts.writeOff', { id: c.id, codes: ['T01-003'], date: '2026-04-10', docNo: '' }, 'VALIDATION');
    const wo = await ok(f.ledger, f.admin, 'counts.writeOff', { id: c.id, codes: ['T01-003'], date: '2026-04-10', docNo: '卫财〔2026〕12号' });
    expect(wo.resolutions[0]!.entries.map((e) => [e.account, e.debitFen, e.creditFen])).toEqual([
      ['5301', 3000000, 0],
      ['1902', 0, 3000000],
    ]);
    const disposed = await ok(f.ledger, f.admin, 'assets.show', { code: 'T01-003' });
    expect([disposed.status, disposed.disposalType, disposed.disposedOn]).toEqual(['已处置', '报损', '2026-04-10']);
    expect(disposed.events.at(-1)).toEqual(expect.objectContaining({ type: 'dispose', docNo: '卫财〔2026〕12号' }));

    // Surplus: appraisal beats replacement cost; nothing given → nominal ¥1.
    const booked = await ok(f.ledger, f.admin, 'counts.bookSurplus', {
      id: c.id,
      date: '2026-04-12',
      items: [
        { foundId: items[0]!.id, code: 'T01-PY1', classCode: 'A02320101', appraisalFen: 80000, replacementFen: 120000, lifeMonths: 60 },
        { foundId: items[1]!.id, code: 'T01-PY2', classCode: 'A05010301' },
      ],
    });
    expect(booked.resolutions.map((x) => [x.assetCode, x.amountFen, x.detail.basis])).toEqual([
      ['T01-PY1', 80000, 'appraisal'],
      ['T01-PY2', 100, 'nominal'],
    ]);
    const py1 = await ok(f.ledger, f.admin, 'assets.show', { code: 'T01-PY1' });
    expect([py1.acquisitionMethod, py1.valueType, py1.costFen, py1.name, py1.location, py1.bookedOn]).toEqual(['盘盈', '评估值', 80000, '血压计', '门诊楼101', '2026-04-12']);
    expect((await ok(f.ledger, f.admin, 'assets.show', { code: 'T01-PY2' })).valueType).toBe('名义金额');
    await fails(f.ledger, f.admin, 'counts.bookSurplus', { id: c.id, date: '2026-04-12', items: [{ foundId: items[0]!.id, code: 'T01-PY3', classCode: 'A02320101' }] }, 'VALIDATION');
    const approved = await ok(f.ledger, f.admin, 'counts.approveSurplus', { id: c.id, foundIds: [items[0]!.id], date: '2026-04-20', docNo: '卫财〔2026〕13号' });
    expect(approved.resolutions[0]!.entries.map((e) => [e.account, e.debitFen, e.creditFen])).toEqual([
      ['1902', 80000, 0],
      ['3501', 0, 80000],
    ]);

    // Differences: location+user of T01-002, user of T01-004, status of T01-005, in one audit row.
    const audit = auditCount(f.ledger);
    const adj = await ok(f.ledger, f.admin, 'counts.applyDifferences', { id: c.id, date: '2026-04-15' });
    expect(auditCount(f.ledger)).toBe(audit + 1);
    expect(adj.resolutions.map((x) => x.assetCode)).toEqual(['T01-002', 'T01-004', 'T01-005']);
    const p = await ok(f.ledger, f.admin, 'assets.show', { code: 'T01-002' });
    expect([p.location, p.userName]).toEqual(['门诊楼102', '王强']);
    expect((await ok(f.ledger, f.admin, 'assets.show', { code: 'T01-005' })).status).toBe('待修');
    await fails(f.ledger, f.admin, 'counts.applyDifferences', { id: c.id, date: '2026-04-16' }, 'VALIDATION'); // nothing left

    const all = await ok(f.ledger, f.admin, 'counts.resolutions', { id: c.id });
    expect(all.map((x) => x.kind)).toEqual(['shortage-pending', 'shortage-pending', 'shortage-writeoff', 'surplus', 'surplus', 'surplus-approve', 'adjust', 'adjust', 'adjust']);
    const rep = await ok(f.ledger, f.admin, 'counts.report', { id: c.id });
    expect(rep.detail).toHaveLength(6);
    expect(rep.surplusItems.map((x) => [x.assetCode, x.valueFen, x.approved])).toEqual([
      ['T01-PY1', 80000, true],
      ['T01-PY2', 100, false],
    ]);
    const xlsx = await ok(f.ledger, f.admin, 'counts.exportReport', { id: c.id });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['清查明细表', '盘盈盘亏汇总表']);
  });
});
