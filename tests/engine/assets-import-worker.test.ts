import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it } from 'vitest';
import { importWorkerPolicy, importWorkerStats } from '../../db/modules/assets/import-worker-host';
import type { ArgsIn } from '../../shared/api';
import { auditCount, dump, fails, freshLedger, ok, seedOrg, tableCount, type Fixture } from './helpers';

// A large import reads its sheet in a worker thread while the engine inserts the batches it sends
// (db/modules/assets/import-worker-host.ts). The worker must give exactly what reading in the
// engine's own thread gives, and nobody may see the import half-done.

type Cell = string | number | null;

/** A register of `n` cards in 使用部门 names, with bad rows at 5, 1,000 and 2,998 (counting the title and header). */
async function register(n: number): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('固定资产卡片');
  ws.addRow(['县人民医院固定资产卡片（截至2025年12月）']);
  ws.addRow(['资产编号', '资产名称', '分类代码', '原值', '累计折旧', '财务入账日期', '使用部门', '使用状况', '折旧年限']);
  for (let i = 1; i <= n; i++) {
    const row: Cell[] = [`W-${String(i).padStart(5, '0')}`, '台式计算机', 'A02010105', 5000 + i / 100, i % 3 ? 1000 : 0, `2023/${1 + (i % 12)}/${1 + (i % 28)}`, i % 2 ? '内科' : 'NK', '在用', 6];
    if (i === 3) row[2] = 'A0201'; // no such class
    if (i === 998) row[5] = '2023-13-01'; // no such month
    if (i === 2996) row[0] = 'W-00010'; // the number of row 12
    ws.addRow(row);
  }
  ws.addRow(['合计']);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(bytes: Buffer, extra: Partial<ArgsIn<'assets.import'>> = {}): ArgsIn<'assets.import'> {
  return { fileName: '卡片.xlsx', base64: bytes.toString('base64'), unitCode: 'L01', openingPeriod: '2025-12', skipInvalid: false, dryRun: false, ...extra };
}

async function seeded(): Promise<Fixture> {
  const f = await freshLedger();
  await seedOrg(f);
  return f;
}

/** The cards as written, without ids and times (which differ between two ledgers). */
function cards(f: Fixture) {
  return dump(f.ledger.db, 'assets').map(({ id: _id, unit_id: _u, using_dept_id: d, created_at: _c, updated_at: _up, ...rest }) => ({ ...rest, dept: d ? 'set' : null }));
}

const saved = { ...importWorkerPolicy };
afterEach(() => Object.assign(importWorkerPolicy, saved));

describe('assets.import: reading in a worker thread', () => {
  it('gives the same result as reading in the engine’s thread: cards, rejected rows, preview', { timeout: 120_000 }, async () => {
    const bytes = await register(3000);
    const results = [];
    for (const enabled of [true, false]) {
      Object.assign(importWorkerPolicy, { enabled, minBytes: 0 });
      const f = await seeded();
      const jobs = importWorkerStats.jobs;
      const r = await ok(f.ledger, f.admin, 'assets.import', upload(bytes, { skipInvalid: true }));
      expect(importWorkerStats.jobs - jobs, enabled ? 'read by the worker' : 'read in this thread').toBe(enabled ? 1 : 0);
      results.push({ r: { ...r, batchId: null }, cards: cards(f), audit: auditCount(f.ledger) });
      f.ledger.close();
    }
    const [worker, inline] = results;
    expect(worker!.r.imported).toBe(2997);
    expect(worker!.r.rejected.map((x) => [x.row, x.column])).toEqual([
      [5, '分类代码'],
      [1000, '财务入账日期'],
      [2998, '资产编号'],
    ]);
    expect(worker!.r.rejected[2]!.message).toContain('第 12 行重复');
    expect(worker!.r.preview).toHaveLength(200);
    expect(worker).toEqual(inline);
  });

  it('all-or-nothing: a rejected row anywhere writes nothing, not even the rows before it', { timeout: 120_000 }, async () => {
    Object.assign(importWorkerPolicy, { enabled: true, minBytes: 0 });
    const f = await seeded();
    const audit = auditCount(f.ledger);
    const r = await ok(f.ledger, f.admin, 'assets.import', upload(await register(3000)));
    expect(r).toMatchObject({ imported: 0, batchId: null });
    expect(r.rejected).toHaveLength(3);
    expect(tableCount(f.ledger, 'assets')).toBe(0);
    expect(tableCount(f.ledger, 'asset_events')).toBe(0);
    expect(auditCount(f.ledger)).toBe(audit);
    f.ledger.close();
  });

  it('a CSV of 150,000 rows (read as one batch) is previewed whole, in the engine’s thread too', { timeout: 180_000 }, async () => {
    // More rows than a spread call takes as arguments in the main thread: the reader's first batch
    // is the whole file.
    importWorkerPolicy.enabled = false;
    const f = await seeded();
    const lines = ['资产编号,资产名称,分类代码,原值,财务入账日期'];
    for (let i = 1; i <= 150_000; i++) lines.push(`C-${String(i).padStart(6, '0')},台式计算机,A02010105,5000,2023-01-05`);
    const r = await ok(f.ledger, f.admin, 'assets.import', { ...upload(Buffer.from(lines.join('\r\n'), 'utf8')), fileName: '卡片.csv', dryRun: true });
    expect(r.rejected).toEqual([]);
    expect(r.imported).toBe(150_000);
    expect(tableCount(f.ledger, 'assets')).toBe(0);
  });

  it('a sheet without a header is refused with the same message from the worker', { timeout: 60_000 }, async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('表1').addRow(['这不是资产表', '只有', '几个字']);
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    const messages = [];
    for (const enabled of [true, false]) {
      Object.assign(importWorkerPolicy, { enabled, minBytes: 0 });
      const f = await seeded();
      const err = await fails(f.ledger, f.admin, 'assets.import', upload(bytes), 'VALIDATION');
      messages.push(err.message);
      f.ledger.close();
    }
    expect(messages[0]).toContain('找不到资产表头');
    expect(messages[0]).toBe(messages[1]);
  });

  it('calls made while the import is running wait for it: nobody sees it half-done', { timeout: 120_000 }, async () => {
    Object.assign(importWorkerPolicy, { enabled: true, minBytes: 0 });
    const f = await seeded();
    const bytes = await register(6000);
    // Ask for the register each time a batch has been inserted (the transaction is open then).
    const asked: Promise<number>[] = [];
    const off = f.ledger.on('progress', (p) => {
      if (p.total === 0 && p.done > 0 && asked.length < 3) asked.push(ok(f.ledger, f.admin, 'assets.list', {}).then((rows) => rows.length));
    });
    const r = await ok(f.ledger, f.admin, 'assets.import', upload(bytes, { skipInvalid: true }));
    off();
    expect(r.imported).toBe(5997);
    expect(asked.length).toBeGreaterThan(0);
    for (const n of await Promise.all(asked)) expect(n).toBe(5997);
    expect(importWorkerStats.fallbacks).toBe(0);
    f.ledger.close();
  });
});
