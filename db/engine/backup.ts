import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { sqlite } from './sqlite';
import { LedgerError } from '../../shared/errors';

// Backups are made with SQLite's own machinery (online backup API / VACUUM INTO), never by copying
// a live WAL file, and every copy is integrity-checked before we rely on it.

export function backupDirFor(ledgerFile: string): string {
  return `${ledgerFile}.backups`;
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Which of a database file's `-wal`/`-shm` companions exist right now. */
function companions(file: string): string[] {
  return ['-wal', '-shm'].filter((x) => fs.existsSync(file + x));
}

/**
 * After a read-only look at a WAL-mode file, remove the empty `-wal` and the `-shm` that opening it
 * created (a read-only connection cannot clean them up itself; they would be left beside backups,
 * restore sources and renamed temp files). Companions that existed before are left alone.
 */
function removeLitter(file: string, existedBefore: string[]): void {
  if (existedBefore.includes('-wal') || !fs.existsSync(`${file}-wal`) || fs.statSync(`${file}-wal`).size !== 0) return;
  fs.rmSync(`${file}-wal`, { force: true });
  if (!existedBefore.includes('-shm')) fs.rmSync(`${file}-shm`, { force: true });
}

function checkCopy(file: string): void {
  const existed = companions(file);
  try {
    const copy = sqlite(file, { readonly: true, fileMustExist: true });
    try {
      let rows: { integrity_check: string }[];
      try {
        rows = copy.pragma('integrity_check') as { integrity_check: string }[];
      } catch (err) {
        throw new LedgerError('INTEGRITY', `备份文件已损坏：${(err as Error).message}`, { key: 'error.backupCorrupt' });
      }
      const bad = rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
      if (bad.length) throw new LedgerError('INTEGRITY', `备份文件完整性检查未通过：${bad.slice(0, 3).join('；')}`, { key: 'error.backupCorrupt' });
    } finally {
      copy.close();
    }
  } finally {
    removeLitter(file, existed);
  }
}

/** Synchronous automatic backup (before migrations and bulk imports) into `<ledger>.backups/`, with retention. */
export function makeBackup(db: Database.Database, ledgerFile: string, reason: string): string {
  const dir = backupDirFor(ledgerFile);
  fs.mkdirSync(dir, { recursive: true });
  const dest = path.join(dir, `${path.basename(ledgerFile)}-${stamp()}-${reason}.ledger`);
  if (fs.existsSync(dest)) fs.rmSync(dest);
  db.prepare('VACUUM INTO ?').run(dest);
  checkCopy(dest);
  applyRetention(dir);
  return dest;
}

/** Online backup of an open ledger to a chosen file; the copy is verified before we report success. */
export async function backupTo(db: Database.Database, dest: string): Promise<{ file: string; bytes: number }> {
  const tmp = `${dest}.partial`;
  for (const x of ['', '-wal', '-shm']) fs.rmSync(tmp + x, { force: true });
  try {
    await db.backup(tmp);
    checkCopy(tmp);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  fs.renameSync(tmp, dest);
  return { file: dest, bytes: fs.statSync(dest).size };
}

/**
 * Restore a backup over a (closed) ledger file: the backup is checked, copied into a new file
 * beside the target, checked again, and only then moved over the target — whose current state
 * is itself kept in the backups folder first.
 */
export async function restoreFrom(source: string, target: string, opts: { validate: (db: Database.Database) => void }): Promise<{ restored: string; previousKeptAt: string | null }> {
  if (!fs.existsSync(source)) throw new LedgerError('NOT_FOUND', `备份文件不存在：${source}`, { key: 'error.backupMissing' });
  const tmp = `${target}.restoring`;
  const srcExisted = companions(source);
  const src = sqlite(source, { readonly: true, fileMustExist: true });
  try {
    try {
      opts.validate(src);
      const rows = src.pragma('integrity_check') as { integrity_check: string }[];
      if (rows.some((r) => r.integrity_check !== 'ok')) throw new LedgerError('INTEGRITY', `备份文件已损坏，未恢复：${source}`, { key: 'error.backupCorrupt' });
    } catch (err) {
      // A file SQLite cannot even read (truncated, garbled header) is a corrupt backup too, not an internal error.
      if (err instanceof LedgerError) throw err;
      throw new LedgerError('INTEGRITY', `备份文件已损坏或不是账套文件，未恢复：${source}（${(err as Error).message}）`, { key: 'error.backupCorrupt' });
    }
    for (const x of ['', '-wal', '-shm']) fs.rmSync(tmp + x, { force: true });
    await src.backup(tmp);
  } finally {
    src.close();
    removeLitter(source, srcExisted);
  }
  checkCopy(tmp);

  let previousKeptAt: string | null = null;
  if (fs.existsSync(target)) {
    const current = sqlite(target, { fileMustExist: true });
    try {
      previousKeptAt = makeBackup(current, target, 'before-restore');
      current.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      current.close();
    }
  }
  for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true });
  fs.renameSync(tmp, target);
  return { restored: target, previousKeptAt };
}

/** Calendar day in the computer's own time zone: "today" is the user's today, not UTC's (08:00 in China). */
function localDay(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Keep the 3 newest backups of today, the newest of each earlier day, and 10 in all. */
export function applyRetention(dir: string, now = new Date()): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ledger'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  const today = localDay(now);
  const keep = new Set<string>();
  const daysSeen = new Set<string>();
  let todayCount = 0;
  for (const { f, t } of files) {
    const day = localDay(new Date(t));
    if (day === today) {
      if (todayCount < 3) keep.add(f);
      todayCount++;
    } else if (!daysSeen.has(day)) {
      keep.add(f);
    }
    daysSeen.add(day);
  }
  const kept = files.filter(({ f }) => keep.has(f)).slice(0, 10).map(({ f }) => f);
  const removed: string[] = [];
  for (const { f } of files) {
    if (!kept.includes(f)) {
      fs.rmSync(path.join(dir, f), { force: true });
      removed.push(f);
    }
  }
  return removed;
}
