import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { LedgerError } from '../../shared/errors';

// Backups are made with SQLite's own machinery (online backup API / VACUUM INTO), never by copying
// a live WAL file, and every copy is integrity-checked before we rely on it.

export function backupDirFor(ledgerFile: string): string {
  return `${ledgerFile}.backups`;
}

function stamp(d = new Date()): string {
  return d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function checkCopy(file: string, nativeBinding?: string): void {
  const copy = new Database(file, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const rows = copy.pragma('integrity_check') as { integrity_check: string }[];
    const bad = rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
    if (bad.length) throw new LedgerError('INTEGRITY', `备份文件完整性检查未通过：${bad.slice(0, 3).join('；')}`, { key: 'error.backupCorrupt' });
  } finally {
    copy.close();
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
  fs.rmSync(tmp, { force: true });
  await db.backup(tmp);
  checkCopy(tmp);
  fs.renameSync(tmp, dest);
  return { file: dest, bytes: fs.statSync(dest).size };
}

/**
 * Restore a backup over a (closed) ledger file: the backup is checked, copied into a new file
 * beside the target, checked again, and only then moved over the target — whose current state
 * is itself kept in the backups folder first.
 */
export async function restoreFrom(source: string, target: string, opts: { nativeBinding?: string; validate: (db: Database.Database) => void }): Promise<{ restored: string; previousKeptAt: string | null }> {
  if (!fs.existsSync(source)) throw new LedgerError('NOT_FOUND', `备份文件不存在：${source}`, { key: 'error.backupMissing' });
  const src = new Database(source, { readonly: true, fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
  const tmp = `${target}.restoring`;
  try {
    opts.validate(src);
    const rows = src.pragma('integrity_check') as { integrity_check: string }[];
    if (rows.some((r) => r.integrity_check !== 'ok')) throw new LedgerError('INTEGRITY', `备份文件已损坏，未恢复：${source}`, { key: 'error.backupCorrupt' });
    fs.rmSync(tmp, { force: true });
    await src.backup(tmp);
  } finally {
    src.close();
  }
  checkCopy(tmp, opts.nativeBinding);

  let previousKeptAt: string | null = null;
  if (fs.existsSync(target)) {
    const current = new Database(target, { fileMustExist: true, ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}) });
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

/** Keep the 3 newest backups of today, the newest of each earlier day, and 10 in all. */
export function applyRetention(dir: string, now = new Date()): string[] {
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ledger'))
    .map((f) => ({ f, t: fs.statSync(path.join(dir, f)).mtimeMs }))
    .sort((a, b) => b.t - a.t);
  const today = now.toISOString().slice(0, 10);
  const keep = new Set<string>();
  const daysSeen = new Set<string>();
  let todayCount = 0;
  for (const { f, t } of files) {
    const day = new Date(t).toISOString().slice(0, 10);
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
