import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../../db/engine/ledger';
import type { ArgsIn } from '../../shared/api';
import { ADMIN_PASSWORD, ok, seedOrg, type Fixture } from '../engine/helpers';

// The asset lifecycle commands of the CLI: assets show [--as-of], transfer, dispose, move, change-cost.
// One JSON document on stdout with --json; errors on stderr with a non-zero exit. Figures by hand:
// PC-1 ¥6,000.00 / 72 months from 2026-03 → 8333 a month; runs 2026-03 and 2026-04 → 16666.

const CLI = path.resolve('db/hosts/cli/main.ts');
let dir: string;
let file: string;

function cli(args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', env: { ...process.env, MEDCOM_LEDGER: '' }, timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
function json(args: string[]) {
  const r = cli([...args, '--db', file, '--json']);
  // Exactly one JSON document: the whole of stdout parses.
  return { ...r, doc: r.stdout.trim() ? (JSON.parse(r.stdout) as Record<string, unknown>) : undefined };
}

type Card = ArgsIn<'assets.create'>['cards'][number];
const PC: Card = { code: 'PC-1', name: '台式计算机', classCode: 'A02010105', bookedOn: '2026-03-15', costFen: 600000, lifeMonths: 72, unitCode: 'L01', usingDeptCode: 'NK', userName: '张医生', location: '门诊楼' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-cli-assets-'));
  file = path.join(dir, 'assets.ledger');
  const ledger = openLedger(file, { create: true });
  const setup = await ledger.invoke('setup.createAdmin', { communityName: '测试县医共体', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, {});
  const f: Fixture = { dir, file, ledger, admin: { sessionId: setup.sessionId } };
  await seedOrg(f);
  await ok(ledger, f.admin, 'assets.create', { cards: [PC, { ...PC, code: 'PC-2' }, { ...PC, code: 'PC-3' }] });
  await ok(ledger, f.admin, 'depreciation.run', { period: '2026-03' });
  await ok(ledger, f.admin, 'depreciation.run', { period: '2026-04' });
  ledger.close();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// Each command is a fresh `node --import tsx` process (seconds each on a busy machine).
describe('ledger assets lifecycle commands', { timeout: 480_000 }, () => {
  it('assets show CODE --json: the card with costFen, accumulatedFen, netFen and events', () => {
    const r = json(['assets', 'show', 'PC-1']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.doc).toMatchObject({ code: 'PC-1', unitCode: 'L01', costFen: 600000, accumulatedFen: 16666, netFen: 583334, lifeMonths: 72, status: '在用' });
    expect((r.doc!.events as { type: string }[]).map((e) => e.type)).toEqual(['acquire']);
    const text = cli(['assets', 'show', 'PC-1', '--db', file]);
    expect(text.stdout).toContain('累计折旧：¥166.66');
  });

  it('move, change-cost, transfer and dispose, then show --as-of rebuilds each step', () => {
    const moved = json(['assets', 'move', 'PC-1', '--date', '2026-05-06', '--user', '李护士', '--location', '住院部', '--status', '闲置', '--doc', '变〔2026〕1号']);
    expect(moved.code, moved.stderr).toBe(0);
    expect(moved.doc).toMatchObject({ userName: '李护士', location: '住院部', status: '闲置' });
    expect(json(['depreciate', '--period', '2026-05']).doc).toMatchObject({ assets: 3, totalFen: 3 * 8333 });

    // (600000 + 120000 − 24999) ÷ (84 − 3) = 695001 ÷ 81 = 8580.26 → 8580
    const changed = json(['assets', 'change-cost', 'PC-1', '--date', '2026-06-10', '--delta', '¥1,200.00', '--life-months', '84', '--reason', '扩容']);
    expect(changed.code, changed.stderr).toBe(0);
    expect(changed.doc).toMatchObject({ costFen: 720000, lifeMonths: 84 });
    expect(json(['depreciate', '--period', '2026-06']).doc).toMatchObject({ totalFen: 8580 + 2 * 8333 });

    const moved2 = json(['assets', 'transfer', 'PC-1', '--to', 'T01', '--date', '2026-07-01', '--dept', 'QK', '--doc', '调〔2026〕7号']);
    expect(moved2.code, moved2.stderr).toBe(0);
    expect(moved2.doc).toMatchObject({ code: 'PC-1', unitCode: 'T01', usingDeptCode: 'QK', costFen: 720000 });
    expect(json(['depreciate', '--period', '2026-07']).doc).toMatchObject({ totalFen: 8580 + 2 * 8333 });

    const disposed = json(['assets', 'dispose', 'PC-1', '--type', '报废', '--date', '2026-08-20', '--doc', '废〔2026〕3号']);
    expect(disposed.code, disposed.stderr).toBe(0);
    expect(disposed.doc).toMatchObject({ status: '已处置' });

    const events = (json(['assets', 'show', 'PC-1']).doc!.events as { type: string; docNo: string | null }[]).map((e) => [e.type, e.docNo]);
    expect(events).toEqual([
      ['acquire', null],
      ['move', '变〔2026〕1号'],
      ['cost-change', null],
      ['transfer', '调〔2026〕7号'],
      ['dispose', '废〔2026〕3号'],
    ]);
    const at = (d: string) => json(['assets', 'show', 'PC-1', '--as-of', d]).doc!;
    expect(at('2026-05-05')).toMatchObject({ asOf: '2026-05-05', unitCode: 'L01', userName: '张医生', status: '在用', costFen: 600000, accumulatedFen: 24999 });
    expect(at('2026-06-09')).toMatchObject({ unitCode: 'L01', userName: '李护士', status: '闲置', costFen: 600000, lifeMonths: 72 });
    expect(at('2026-06-10')).toMatchObject({ unitCode: 'L01', costFen: 720000, lifeMonths: 84, accumulatedFen: 33579, netFen: 686421 });
    expect(at('2026-07-01')).toMatchObject({ unitCode: 'T01', usingDeptCode: 'QK', status: '闲置', accumulatedFen: 42159, disposedOn: null });
    expect(at('2026-08-20')).toMatchObject({ unitCode: 'T01', status: '已处置', disposedOn: '2026-08-20', disposalType: '报废' });
    expect((at('2026-06-09').events as unknown[]).length).toBe(2);
  });

  it('refusals go to stderr as one JSON error with a non-zero exit and nothing on stdout', () => {
    for (const args of [
      ['assets', 'dispose', 'PC-2', '--type', '丢失', '--date', '2026-07-01', '--doc', 'X'], // not one of the eight types
      ['assets', 'dispose', 'PC-2', '--type', '报废', '--date', '2026-07-01'], // no approval number
      ['assets', 'transfer', 'PC-2', '--date', '2026-07-01'], // no --to
      ['assets', 'transfer', 'PC-2', '--to', 'NOPE', '--date', '2026-07-01'],
      ['assets', 'show', 'NOPE-1'],
      ['assets', 'show', 'PC-2', '--as-of', '2026-03-14'], // before booking
      ['assets', 'change-cost', 'PC-2', '--date', '2026-07-01', '--delta', '1,2', '--reason', 'x'], // ambiguous amount
      ['assets', 'change-cost', 'PC-2', '--date', '2026-07-01', '--life-months', '7.5', '--reason', 'x'],
      ['assets', 'move', 'PC-2', '--date', '2026-07-01', '--status', '丢了'],
    ]) {
      const r = json(args);
      expect([args.join(' '), r.code === 0, r.stdout]).toEqual([args.join(' '), false, '']);
      expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: expect.stringMatching(/VALIDATION|NOT_FOUND/) } });
    }
    // Nothing was written by any of them.
    expect(json(['assets', 'show', 'PC-2']).doc).toMatchObject({ unitCode: 'L01', status: '在用', costFen: 600000 });
    const text = cli(['assets', 'dispose', 'PC-2', '--type', '报废', '--date', '2026-07-01', '--db', file]);
    expect(text.code).not.toBe(0);
    expect(text.stderr).toContain('请用 --doc 填写批准文号');
  });

  it('disposal types: --help lists the eight of DOMAIN §3.4; 无偿调拨 and 对外捐赠 go through', () => {
    // PC-2 and PC-3 are still in use; dispose one by 无偿调拨 and the other by 对外捐赠.
    expect(json(['assets', 'dispose', 'PC-2', '--type', '无偿调拨', '--date', '2026-09-01', '--doc', 'D-1']).doc).toMatchObject({ status: '已处置' });
    expect(json(['assets', 'dispose', 'PC-3', '--type', '对外捐赠', '--date', '2026-09-01', '--doc', 'D-2']).doc).toMatchObject({ status: '已处置' });
    expect(cli(['assets', 'dispose', '--help']).stdout).toContain('出售、出让、转让、置换、对外捐赠、无偿调拨、报废、报损');
  });

  it('every new command has --help', () => {
    for (const c of ['show', 'transfer', 'dispose', 'move', 'change-cost']) {
      const r = cli(['assets', c, '--help']);
      expect([c, r.code]).toEqual([c, 0]);
      expect(r.stdout).toContain(`assets ${c} CODE`);
    }
    expect(cli(['--help']).stdout).toContain('assets change-cost');
  });
});
