import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../db/engine/ledger';

// The CLI for shared use and the idle pool: `assets share | share-end | usage | shares | usage-summary | idle`.
// One JSON document on stdout with --json; errors on stderr with a non-zero exit and nothing on stdout.

const CLI = path.resolve('db/hosts/cli/main.ts');
let dir: string;
let db: string;

function ledger(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args, '--db', db], { encoding: 'utf8', env: { ...process.env, MEDCOM_LEDGER: '' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[]) {
  const r = ledger([...args, '--json']);
  return { ...r, doc: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-cli-sharing-'));
  db = path.join(dir, 'sharing.ledger');
  const l = openLedger(db, { create: true });
  const sys = { system: { actor: 'test' } };
  await l.invoke('setup.createAdmin', { communityName: '测试县医共体', username: 'admin', displayName: '管理员', password: 'Admin#2026pw' }, {});
  await l.invoke(
    'units.batch',
    {
      ops: [
        { op: 'insert', row: { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null } },
        { op: 'insert', row: { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } },
        { op: 'insert', row: { code: 'T02', name: '河口镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } },
      ],
    },
    sys,
  );
  await l.invoke(
    'assets.create',
    {
      cards: [
        { code: 'ZC-US', name: '彩色多普勒超声诊断仪', classCode: 'A02010105', bookedOn: '2026-01-05', costFen: 98_000_000, lifeMonths: 72, unitCode: 'L01' },
        { code: 'ZC-PC', name: '台式计算机', classCode: 'A02010105', bookedOn: '2026-01-05', costFen: 600_000, lifeMonths: 72, unitCode: 'T02', status: '闲置' },
      ],
    },
    sys,
  );
  l.close();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each call starts node with tsx: seconds apiece on a busy machine.
describe('ledger assets share / usage / share-end / idle', { timeout: 240_000 }, () => {
  it('lends, records usage with its fee, lists, sums and returns', () => {
    const start = json(['assets', 'share', 'ZC-US', '--to', 'T01', '--from', '2026-02-01', '--until', '2026-07-31', '--doc', '清医共〔2026〕3号', '--usage-unit', '人次', '--rate-fen', '3000']);
    expect(start.code, start.stderr).toBe(0);
    expect(start.doc).toMatchObject({ no: 'GX2026-0001', assetCode: 'ZC-US', lenderUnitCode: 'L01', borrowerUnitCode: 'T01', status: 'active', usageUnit: '人次', feeRateFen: 3000, docNo: '清医共〔2026〕3号' });

    const use = json(['assets', 'usage', 'GX2026-0001', '--date', '2026-02-03', '--amount', '12', '--note', '腹部超声']);
    expect(use.code, use.stderr).toBe(0);
    expect(use.doc).toMatchObject({ shareNo: 'GX2026-0001', usedOn: '2026-02-03', amount: 12, feeFen: 36000, note: '腹部超声' });

    const list = json(['assets', 'shares', '--status', 'active']);
    expect((list.doc as unknown as { no: string; usageAmount: number; feeFen: number }[]).map((s) => [s.no, s.usageAmount, s.feeFen])).toEqual([['GX2026-0001', 12, 36000]]);

    const sum = json(['assets', 'usage-summary', '--from', '2026-02-01', '--to', '2026-02-28', '--by', 'borrower']);
    expect(sum.code, sum.stderr).toBe(0);
    expect(sum.doc).toMatchObject({ rows: [{ key: 'T01', usageUnit: '人次', records: 1, amount: 12, feeFen: 36000 }], totals: { records: 1, feeFen: 36000 } });

    const end = json(['assets', 'share-end', 'GX2026-0001', '--date', '2026-03-01']);
    expect(end.code, end.stderr).toBe(0);
    expect(end.doc).toMatchObject({ status: 'ended', endedOn: '2026-03-01', usageRecords: 1 });

    const text = ledger(['assets', 'shares']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('GX2026-0001');
    expect(text.stdout).toContain('县人民医院 → 城关镇卫生院');
  });

  it('a bad amount or a missing option fails on stderr, exit non-zero, nothing on stdout, nothing written', () => {
    const bad = json(['assets', 'usage', 'GX2026-0001', '--date', '2026-02-04', '--amount', '1.234']);
    expect(bad.code).not.toBe(0);
    expect(bad.stdout).toBe('');
    expect(JSON.parse(bad.stderr)).toMatchObject({ error: { code: 'VALIDATION', details: [{ field: 'amount' }] } });
    const missing = json(['assets', 'share', 'ZC-US', '--from', '2026-04-01']);
    expect(missing.code).not.toBe(0);
    expect(missing.stdout).toBe('');
    expect(JSON.parse(missing.stderr).error.message).toContain('--to');
    const unknown = json(['assets', 'share-end', 'GX2099-0001', '--date', '2026-04-01']);
    expect(unknown.code).not.toBe(0);
    expect(JSON.parse(unknown.stderr)).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('assets idle lists the pool with values and idle days; --unit filters', () => {
    const all = json(['assets', 'idle', '--as-of', '2026-03-06']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.doc).toMatchObject({
      asOf: '2026-03-06',
      rows: [{ code: 'ZC-PC', unitCode: 'T02', costFen: 600_000, netFen: 600_000, idleSince: '2026-01-05', idleSinceBasis: 'registered', idleDays: 60 }],
      totals: { assets: 1, costFen: 600_000, netFen: 600_000 },
    });
    expect((json(['assets', 'idle', '--unit', 'T01']).doc as { rows: unknown[] }).rows).toEqual([]);
    const text = ledger(['assets', 'idle', '--as-of', '2026-03-06']);
    expect(text.stdout).toContain('闲置资产调剂池（截至 2026-03-06）');
    expect(text.stdout).toContain('入账时即闲置');
  });

  it('every sharing command has --help', () => {
    for (const c of ['share', 'share-end', 'usage', 'shares', 'usage-summary', 'idle']) {
      const r = ledger(['assets', c, '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toContain(`用法: npm run -s ledger -- assets ${c}`);
    }
  });
});
