import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { describe, expect, it, onTestFinished } from 'vitest';
import { verifyAuditChain } from '../../db/engine/audit';
import { dump, freshLedger, open, seedOrg } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(here, '../..');
const CHILD = path.join(here, 'fixtures/crash-child.ts');

interface Child {
  proc: ChildProcess;
  /** Resolves with the line once the child prints a line matching `re`. */
  waitFor(re: RegExp, timeoutMs?: number): Promise<string>;
  lines: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function startChild(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  onTestFinished(() => {
    if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
  });
  const lines: string[] = [];
  let stderr = '';
  const waiters: { re: RegExp; resolve: (l: string) => void }[] = [];
  let buf = '';
  proc.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buf += chunk;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      for (const w of [...waiters]) if (w.re.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  proc.stderr!.setEncoding('utf8').on('data', (c: string) => (stderr += c));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return {
    proc,
    lines,
    exited,
    waitFor(re, timeoutMs = 25_000) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`child did not print ${re} within ${timeoutMs} ms; stdout: ${lines.join(' | ')}; stderr: ${stderr.slice(-2000)}`)), timeoutMs);
        exited.then(({ code, signal }) => reject(new Error(`child exited (${code ?? signal}) before printing ${re}; stderr: ${stderr.slice(-2000)}`)));
        waiters.push({
          re,
          resolve: (l) => {
            clearTimeout(t);
            resolve(l);
          },
        });
      });
    },
  };
}

async function kill(child: Child) {
  child.proc.kill('SIGKILL');
  const { signal } = await child.exited;
  expect(signal).toBe('SIGKILL');
}

/** A committed baseline ledger, closed, plus what it holds. */
async function baseline() {
  const f = await freshLedger();
  await seedOrg(f);
  const units = dump(f.ledger.db, 'units');
  const audit = dump(f.ledger.db, 'audit_log');
  f.ledger.close();
  return { file: f.file, units, audit };
}

/** An .xlsx beside the ledger with one sheet of `rows`. */
async function sheetBeside(ledgerFile: string, fileName: string, sheetName: string, rows: (string | number | null)[][]): Promise<string> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(sheetName);
  for (const r of rows) ws.addRow(r);
  const file = path.join(path.dirname(ledgerFile), fileName);
  await wb.xlsx.writeFile(file);
  return file;
}

/**
 * Run the child on `args` and kill it once its write has begun, with uncommitted pages of the
 * half-done write already in the WAL (recovery must ignore them); then the ledger must be back at
 * the baseline `b`.
 */
async function killInsideWrite(b: Awaited<ReturnType<typeof baseline>>, args: string[]): Promise<Child> {
  const child = startChild(args);
  await child.waitFor(/^BEGAN$/);
  expect(fs.statSync(`${b.file}-wal`).size).toBeGreaterThan(64 * 1024);
  await kill(child);
  await expectRecovered(b.file, b.units, b.audit);
  return child;
}

/** Reopen after a crash: last committed state, integrity and audit chain intact, and writable. */
async function expectRecovered(file: string, units: unknown[], audit: unknown[]) {
  const ledger = open(file, {});
  expect(ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
  expect(dump(ledger.db, 'units')).toEqual(units);
  expect(dump(ledger.db, 'audit_log')).toEqual(audit);
  expect(verifyAuditChain(ledger.db)).toEqual({ ok: true, rows: audit.length });
  await ledger.invoke('units.batch', { ops: [{ op: 'insert', row: { code: 'AFTERCRASH', name: '崩溃后新增', type: '其他', parentCode: null } }] });
  expect(verifyAuditChain(ledger.db)).toEqual({ ok: true, rows: audit.length + 1 });
}

describe('crash safety (SIGKILL mid-write)', () => {
  it('a units.batch killed inside its transaction leaves the last committed state', async () => {
    const b = await baseline();
    const child = await killInsideWrite(b, ['pause', b.file, '3000']);
    expect(child.lines).not.toContain('COMMITTED');
  });

  it('a units.import killed inside its transaction leaves the last committed state', async () => {
    const b = await baseline();
    const rows = 3000;
    const xlsxFile = await sheetBeside(b.file, 'big.xlsx', '单位', [
      ['大批量导入测试'],
      ['单位编码', '单位名称', '单位类型', '上级单位编码'],
      ...Array.from({ length: rows }, (_, i) => [`K${String(i).padStart(6, '0')}`, `崩溃测试单位${i}（名称写长一点以便占用更多页面）`, '其他', null]),
    ]);
    await killInsideWrite(b, ['import', b.file, xlsxFile, String(rows)]);
  });

  it('an assets.import killed between its batches (sheet read in the worker) leaves the last committed state', async () => {
    const b = await baseline();
    const rows = 6000;
    const xlsxFile = await sheetBeside(b.file, 'assets.xlsx', '固定资产', [
      ['资产编号', '资产名称', '分类代码', '原值', '财务入账日期', '折旧年限'],
      ...Array.from({ length: rows }, (_, i) => [`ZC-${String(i).padStart(6, '0')}`, `台式计算机${i}（名称写长一点以便占用更多页面）`, 'A02010105', 5000, '2025-01-10', 6]),
    ]);
    await killInsideWrite(b, ['assets', b.file, xlsxFile, String(rows)]);
    const ledger = open(b.file, {});
    expect(ledger.db.prepare('SELECT count(*) FROM assets').pluck().get()).toBe(0);
    expect(ledger.db.prepare('SELECT count(*) FROM asset_events').pluck().get()).toBe(0);
    ledger.close();
  });

  it('killed at an arbitrary moment during a stream of batches: only whole batches survive, each with its audit row', async () => {
    const b = await baseline();
    const size = 25;
    for (const after of [3, 8]) {
      const child = startChild(['loop', b.file, String(size)]);
      await child.waitFor(new RegExp(`^COMMITTED ${after}$`));
      await kill(child);
      const lastSeen = Math.max(...child.lines.filter((l) => l.startsWith('COMMITTED')).map((l) => Number(l.split(' ')[1])));

      const ledger = open(b.file, {});
      const added = (ledger.db.prepare('SELECT count(*) FROM units').pluck().get() as number) - b.units.length;
      const auditAdded = (ledger.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number) - b.audit.length;
      expect(added % size).toBe(0); // never a partial batch
      expect(auditAdded).toBe(added / size); // one audit row per surviving batch, none without its data
      expect(added / size).toBeGreaterThanOrEqual(lastSeen); // everything reported committed is there
      expect(ledger.db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(verifyAuditChain(ledger.db).ok).toBe(true);
      // The next round continues from this state.
      b.units = dump(ledger.db, 'units');
      b.audit = dump(ledger.db, 'audit_log');
      ledger.close();
    }
  });
});
