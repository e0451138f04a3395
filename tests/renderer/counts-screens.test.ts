// The count screens' pure pieces: the scan queue (nothing dropped, resent with the same client ids,
// outcomes matched in order), the count sheet's pagination per location, and the count report's
// printable tables (hand-computed totals in fen).
import { describe, expect, it } from 'vitest';
import type { CountReport, CountResultRow, ScanOutcome } from '../../shared/api/counts';
import { COUNT_SHEET, countSheetPages } from '../../renderer/screens/counts/CountSheet';
import { splitList } from '../../renderer/screens/counts/scope';
import { countDetailReport, countSummaryReport } from '../../renderer/screens/counts/report-builders';
import { cleanScannedCode, ScanQueue } from '../../renderer/screens/counts/scan-queue';
import { rowsPerPage } from '../../renderer/screens/print/layout';

const ids = () => {
  let n = 0;
  return () => `c${++n}`;
};
const outcome = (code: string, kind: ScanOutcome['kind'], extra: Partial<ScanOutcome> = {}): ScanOutcome => ({ code, kind, assetCode: kind === 'unknown' ? null : code, name: null, location: null, userName: null, foundId: kind === 'unknown' ? 'f1' : null, at: '2026-04-01T08:00:00.000Z', ...extra });

describe('ScanQueue', () => {
  it('queues every Enter at once; batches take what has queued up, oldest first', () => {
    const q = new ScanQueue(ids());
    for (const c of ['A1', 'A2', 'A3']) q.enqueue(c);
    const first = q.take(2);
    expect(first.map((i) => [i.code, i.clientId, i.state])).toEqual([
      ['A1', 'c1', 'sending'],
      ['A2', 'c2', 'sending'],
    ]);
    // codes keep arriving while the batch is in the air
    q.enqueue('A4');
    expect(q.pending).toBe(4);
    q.settle(first, [outcome('A1', 'expected', { name: '台式计算机' }), outcome('A2', 'duplicate')]);
    expect(q.take(10).map((i) => i.code)).toEqual(['A3', 'A4']);
    expect(q.items.map((i) => i.state)).toEqual(['expected', 'duplicate', 'sending', 'sending']);
    expect(q.items[0]!.name).toBe('台式计算机');
    expect(q.take(10)).toEqual([]);
  });

  it('a batch lost in transport goes back to the front with the same client ids', () => {
    const q = new ScanQueue(ids());
    q.enqueue('A1');
    q.enqueue('A2');
    const b = q.take(1);
    q.enqueue('A3');
    q.requeue(b);
    const again = q.take(10);
    expect(again.map((i) => [i.code, i.clientId])).toEqual([
      ['A1', 'c1'],
      ['A2', 'c2'],
      ['A3', 'c3'],
    ]);
    // the engine replays a scan it already applied: it keeps its first outcome
    q.settle(again, [outcome('A1', 'replayed'), outcome('A2', 'unknown'), outcome('A3', 'replayed', { foundId: 'f9', assetCode: null })]);
    expect(again.map((i) => i.state)).toEqual(['expected', 'unknown', 'unknown']);
    expect(q.tally()).toEqual({ total: 3, pending: 0, expected: 1, duplicate: 0, unknown: 2, failed: 0 });
  });

  it('a refused batch fails for good, with the reason; blank input is ignored; codes are cleaned', () => {
    const q = new ScanQueue(ids());
    expect(q.enqueue('   ')).toBeNull();
    expect(q.enqueue('\u0002 ZC-001\r\n')!.code).toBe('ZC-001');
    q.fail(q.take(5), '盘点已结束');
    expect(q.tally()).toMatchObject({ total: 1, failed: 1, pending: 0 });
    expect(q.items[0]!.error).toBe('盘点已结束');
    expect(cleanScannedCode(' QH001-2019-0001\t')).toBe('QH001-2019-0001');
  });

  it('the running list is the newest first', () => {
    const q = new ScanQueue(ids());
    for (let i = 1; i <= 5; i++) q.enqueue(`A${i}`);
    expect(q.latest(3).map((i) => i.seq)).toEqual([5, 4, 3]);
  });

  it('a missing outcome marks the scan failed rather than silently done', () => {
    const q = new ScanQueue(ids());
    q.enqueue('A1');
    q.enqueue('A2');
    const b = q.take(2);
    q.settle(b, [outcome('A1', 'expected')]);
    expect(b.map((i) => i.state)).toEqual(['expected', 'failed']);
  });
});

const row = (seq: number, location: string | null): CountResultRow => ({
  seq,
  code: `ZC-${seq}`,
  name: '台式计算机',
  model: null,
  classCode: 'A02010105',
  unitCode: 'T01',
  deptCode: null,
  deptName: null,
  bookLocation: location,
  bookUser: null,
  bookStatus: '在用',
  costFen: 600_000,
  netFen: 300_000,
  result: null,
  actualLocation: null,
  actualUser: null,
  actualStatus: null,
  note: null,
  source: null,
  counter: null,
  scans: 0,
  firstSeenAt: null,
  recordedAt: null,
  recordedBy: null,
  cls: 'shortage',
  differences: [],
  resolution: null,
  version: 1,
});

describe('countSheetPages', () => {
  it('A4 portrait with 12 mm rows holds 19 rows: (297 − 20 − 24 − 8 − 9) / 12 = 19.67 → 19', () => {
    expect(rowsPerPage(COUNT_SHEET)).toBe(19);
  });

  it('each location on its own pages, with 4 blank rows for found items and room for the signatures', () => {
    const rows = [...Array.from({ length: 20 }, (_, i) => row(i + 1, '门诊楼101')), row(21, '库房'), row(22, '库房')];
    const pages = countSheetPages(rows);
    // 门诊楼101: 20 assets + 4 blank = 24 lines → 19 + 5; the last page needs 5 + ceil(20/12)=2 ≤ 19
    // 库房: 2 + 4 = 6 lines on one page
    expect(pages.map((p) => [p.location, p.page, p.pages, p.lines.length, p.last])).toEqual([
      ['门诊楼101', 1, 2, 19, false],
      ['门诊楼101', 2, 2, 5, true],
      ['库房', 1, 1, 6, true],
    ]);
    expect(pages[1]!.lines.map((l) => l.kind)).toEqual(['asset', 'blank', 'blank', 'blank', 'blank']);
  });

  it('a full last page pushes the signatures onto a page of their own', () => {
    // 15 + 4 = 19 lines fill a page; the closing block needs 2 more rows
    const pages = countSheetPages(Array.from({ length: 15 }, (_, i) => row(i + 1, 'A')));
    expect(pages.map((p) => [p.lines.length, p.last])).toEqual([
      [19, false],
      [0, true],
    ]);
  });
});

describe('count report tables', () => {
  const tally = (count: number, costFen: number, netFen: number) => ({ count, costFen, netFen });
  const totals = (m: number, s: number) => ({
    matched: tally(m, m * 600_000, m * 300_000),
    shortage: tally(s, s * 250_000, s * 100_000),
    locationDiffers: tally(1, 450_000, 200_000),
    userDiffers: tally(0, 0, 0),
    statusDiffers: tally(0, 0, 0),
    surplus: { count: 1, valueFen: 280_000 },
    expected: tally(m + s + 1, m * 600_000 + s * 250_000 + 450_000, m * 300_000 + s * 100_000 + 200_000),
    notCounted: s,
  });
  const base = { ...row(1, '门诊楼101'), cls: 'matched' as const };
  const rep: CountReport = {
    count: { id: 'x', no: 'PD2026-0001', name: '年度清查', unitCode: 'T01', unitName: '河口镇卫生院', deptCodes: [], locations: [], classPrefixes: [], referenceDate: '2026-03-31', status: 'open', expected: 4, counted: 3, found: 3, missing: 0, surplus: 1, scans: 5, createdAt: '', createdBy: '', closedAt: null, version: 1 },
    detail: [
      { ...base, code: 'A', notCounted: false },
      { ...base, code: 'B', cls: 'shortage', costFen: 250_000, netFen: 100_000, notCounted: true },
      { ...base, code: 'C', cls: 'locationDiffers', costFen: 450_000, netFen: 200_000, differences: [{ field: 'location', book: '门诊楼101', actual: '库房' }], notCounted: false },
    ],
    surplusItems: [{ id: 'f', code: 'X-1', name: '输液泵', model: 'SK-600', location: '库房', userName: null, description: '旧标签', quantity: 1, source: 'scan', status: 'booked', assetCode: 'N-1', valueFen: 280_000, approved: false, dropReason: null, counter: null, recordedAt: '', recordedBy: '' , version: 1 }],
    summary: [{ unit: 'T01', dept: 'QK', unitName: '河口镇卫生院', deptName: '全科', ...totals(1, 1) }],
    totals: totals(1, 1),
  };

  it('清查明细表: every expected asset with its class and what differs, then the surplus items, totals in fen', () => {
    const r = countDetailReport(rep);
    expect(r.lines.map((l) => [l.kind, l.cells.code, l.cells.cls ?? '', l.cells.diff ?? ''])).toEqual([
      ['row', 'A', '相符', ''],
      ['row', 'B', '盘亏', '未盘到'],
      ['row', 'C', '位置不符', '地点：门诊楼101→库房'],
      ['subtotal', '账外资产（盘盈）', '', ''],
      ['row', 'N-1', '盘盈', 'SK-600；旧标签'],
    ]);
    // 6,000.00 + 2,500.00 + 4,500.00 = 13,000.00; net 3,000.00 + 1,000.00 + 2,000.00 = 6,000.00
    expect(r.total.cells).toMatchObject({ code: '合计', name: '在册 3 项', cost: '13,000.00', net: '6,000.00' });
  });

  it('盘盈盘亏汇总表: per unit and department, blank where nothing, totals row', () => {
    const r = countSummaryReport(rep);
    expect(r.lines[0]!.cells).toMatchObject({ unit: '河口镇卫生院', dept: '全科', expected: '3', expectedCost: '13,000.00', matchedN: '1', shortageN: '1', shortageF: '2,500.00', shortageNet: '1,000.00', surplusN: '1', surplusF: '2,800.00', locationDiffersN: '1', userDiffersN: '', statusDiffersN: '' });
    expect(r.total.cells.unit).toBe('合计');
    expect(r.totalFen).toBe(100_000);
  });
});

describe('splitList', () => {
  it('commas of either width, 、 and new lines; blanks and repeats dropped', () => {
    expect(splitList('门诊楼101，库房, 门诊楼101、\n二楼 ;')).toEqual(['门诊楼101', '库房', '二楼']);
  });
});
