import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The CLI contract: one JSON document on stdout with --json, errors on stderr with a non-zero exit.

const CLI = path.resolve('db/hosts/cli/main.ts');
let dir: string;
let db: string;

function ledger(args: string[], input?: string) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', input, env: { ...process.env, MEDCOM_LEDGER: '' }, timeout: 300_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], input?: string) {
  const r = ledger([...args, '--json'], input);
  // Exactly one JSON document: the whole of stdout parses.
  return { ...r, doc: r.stdout.trim() ? (JSON.parse(r.stdout) as unknown) : undefined };
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'medcom-cli-'));
  db = path.join(dir, 'demo.ledger');
  const r = json(['init', '--db', db, '--demo']);
  expect(r.code, r.stderr).toBe(0);
}, 360_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ledger CLI', () => {
  it('init --demo builds a community and lists its units (≥ 100) as one JSON document', () => {
    const r = json(['units', 'list', '--db', db]);
    expect(r.code).toBe(0);
    const units = r.doc as { code: string; type: string }[];
    expect(units.length).toBeGreaterThanOrEqual(100);
    expect(units.filter((u) => u.type === '牵头医院')).toHaveLength(1);
    expect(units.filter((u) => u.type === '村卫生室').length).toBeGreaterThanOrEqual(100);
  });

  it('the demo also holds active shares of equipment and a count in progress with realistic differences', () => {
    const shares = json(['assets', 'shares', '--status', 'active', '--db', db]);
    expect(shares.code, shares.stderr).toBe(0);
    expect((shares.doc as unknown[]).length).toBeGreaterThan(0);
    const rec = json(['count', 'reconcile', 'PD2026-0001', '--db', db]);
    expect(rec.code, rec.stderr).toBe(0);
    const r = rec.doc as Record<string, number>;
    for (const k of ['matched', 'shortage', 'surplus', 'locationDiffers', 'userDiffers', 'statusDiffers']) expect(r[k], k).toBeGreaterThan(0);
  });

  it('refuses to init over an existing file', () => {
    const r = json(['init', '--db', db]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'VALIDATION' } });
  });

  it('verify passes on an untouched ledger', () => {
    const r = json(['verify', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.doc).toMatchObject({ ok: true, integrity: 'ok', audit: { ok: true } });
  });

  it('verify fails, naming the row, when one audit row is edited behind the engine’s back', () => {
    const copy = path.join(dir, 'tampered.ledger');
    fs.copyFileSync(db, copy);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER audit_log_no_update');
    raw.prepare("UPDATE audit_log SET summary = summary || ' ' WHERE seq = 4").run();
    raw.close();
    const r = json(['verify', '--db', copy]);
    expect(r.code).toBe(1);
    expect(r.doc).toMatchObject({ ok: false, audit: { ok: false, firstBadSeq: 4 } });
    const text = ledger(['verify', '--db', copy]);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('#4');
  });

  it('verify names a deleted audit row', () => {
    const copy = path.join(dir, 'deleted.ledger');
    fs.copyFileSync(db, copy);
    const raw = new Database(copy);
    raw.exec('DROP TRIGGER audit_log_no_delete');
    raw.prepare('DELETE FROM audit_log WHERE seq = 7').run();
    raw.close();
    const r = json(['verify', '--db', copy]);
    expect(r.code).toBe(1);
    expect(r.doc).toMatchObject({ audit: { firstBadSeq: 7 } });
  });

  it('errors go to stderr with a non-zero exit and nothing on stdout', () => {
    const r = json(['units', 'list', '--db', path.join(dir, 'missing.ledger')]);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(JSON.parse(r.stderr)).toMatchObject({ error: { code: 'NOT_FOUND' } });
    const unknown = ledger(['frobnicate']);
    expect(unknown.code).not.toBe(0);
    expect(unknown.stderr).toContain('未知命令');
  });

  it('every command has --help', () => {
    for (const cmd of [['init'], ['units', 'list'], ['units', 'import'], ['units', 'export'], ['users', 'add'], ['users', 'list'], ['users', 'passwd'], ['backup'], ['restore'], ['verify']]) {
      const r = ledger([...cmd, '--help']);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.stdout).toContain(`ledger -- ${cmd.join(' ')}`);
    }
    expect(ledger(['--help']).stdout).toContain('verify');
  });

  it('units import reports every bad row and writes nothing without --skip-invalid', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('单位');
    ws.addRow(['清河县医共体单位名册']);
    ws.addRow(['单位编码', '单位名称', '单位类型', '上级单位编码']);
    ws.addRow(['QH901', '新建镇卫生院', '乡镇卫生院', 'QH001']);
    ws.addRow(['QH902', '', '乡镇卫生院', 'QH001']);
    ws.addRow(['QH903', '某村卫生室', '村卫生室', 'QH001']);
    const file = path.join(dir, 'units.xlsx');
    await wb.xlsx.writeFile(file);
    const before = (json(['units', 'list', '--db', db]).doc as unknown[]).length;
    const r = json(['units', 'import', file, '--db', db]);
    expect(r.code).toBe(1);
    expect(r.doc).toMatchObject({ imported: 0 });
    const rejected = (r.doc as { rejected: { row: number; column: string; message: string }[] }).rejected;
    expect(rejected.map((x) => [x.row, x.column])).toEqual([
      [4, '单位名称'],
      [5, '上级单位编码'],
    ]);
    expect((json(['units', 'list', '--db', db]).doc as unknown[]).length).toBe(before);
    const skip = json(['units', 'import', file, '--db', db, '--skip-invalid']);
    expect(skip.code).toBe(0);
    expect(skip.doc).toMatchObject({ imported: 1 });
    expect((json(['units', 'list', '--db', db]).doc as unknown[]).length).toBe(before + 1);
  });

  it('users add and passwd take the password from stdin; the new password logs in', () => {
    const add = json(['users', 'add', '--db', db, '--username', 'lisi', '--name', '李四', '--role', '财务', '--password-stdin'], 'first-pass-1\n');
    expect(add.code, add.stderr).toBe(0);
    expect(add.doc).toMatchObject({ username: 'lisi', role: 'finance' });
    const pw = json(['users', 'passwd', 'lisi', '--db', db, '--password-stdin'], 'second-pass-2\n');
    expect(pw.code, pw.stderr).toBe(0);
    const list = json(['users', 'list', '--db', db]).doc as { username: string }[];
    expect(list.map((u) => u.username)).toContain('lisi');
    const short = json(['users', 'add', '--db', db, '--username', 'wangwu', '--name', '王五', '--role', '人事', '--password', 'short']);
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain('密码至少 8 位');
  });

  it('backup then restore brings back the backed-up state', () => {
    const copy = path.join(dir, 'restore.ledger');
    fs.copyFileSync(db, copy);
    const backup = path.join(dir, 'backup.ledger');
    const b = json(['backup', '--to', backup, '--db', copy]);
    expect(b.code, b.stderr).toBe(0);
    const before = (json(['units', 'list', '--db', copy]).doc as unknown[]).length;
    expect(json(['users', 'add', '--db', copy, '--username', 'zhaoliu', '--name', '赵六', '--role', '审计', '--password', 'password-1']).code).toBe(0);
    const r = json(['restore', backup, '--db', copy]);
    expect(r.code, r.stderr).toBe(0);
    expect((json(['users', 'list', '--db', copy]).doc as { username: string }[]).map((u) => u.username)).not.toContain('zhaoliu');
    expect((json(['units', 'list', '--db', copy]).doc as unknown[]).length).toBe(before);
    expect(json(['verify', '--db', copy]).code).toBe(0);
  });
});
