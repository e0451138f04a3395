import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { LedgerError } from '../../shared/errors';
import { MIGRATIONS, SCHEMA_VERSION } from '../migrations';
import { makeBackup } from './backup';
import { sqlite, useNativeBinding } from './sqlite';

/** 'MCLG' — marks a SQLite file as a MedCom ledger so we never migrate someone else's database. */
export const APPLICATION_ID = 0x4d434c47;

export interface OpenOptions {
  /** Create the file if it does not exist (otherwise a missing file is an error). */
  create?: boolean;
  /** Path to a better_sqlite3.node built for another ABI (Electron). */
  nativeBinding?: string;
  readonly?: boolean;
  /** Apply migrations up to this number only (tests). */
  migrateTo?: number;
}

export function connect(file: string, opts: { readonly?: boolean; nativeBinding?: string; fileMustExist?: boolean } = {}): Database.Database {
  try {
    useNativeBinding(opts.nativeBinding);
    return sqlite(file, { readonly: opts.readonly, fileMustExist: opts.fileMustExist });
  } catch (err) {
    throw new LedgerError('IO', `无法打开账套文件：${file}（${(err as Error).message}）`, { key: 'error.openFailed', params: { file } });
  }
}

/**
 * Open a ledger: pragmas, identity check and pending migrations. Start-up reads only a few header
 * pages (no scans), so a 1 GB ledger opens as fast as an empty one.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): Database.Database {
  const exists = fs.existsSync(file);
  if (!exists && !opts.create) {
    throw new LedgerError('NOT_FOUND', `账套文件不存在：${file}（新建请用 ledger init）`, { key: 'error.ledgerMissing', params: { file } });
  }
  const db = connect(file, { readonly: opts.readonly, nativeBinding: opts.nativeBinding });
  try {
    let userVersion: number;
    let appId: number;
    try {
      userVersion = db.pragma('user_version', { simple: true }) as number;
      appId = db.pragma('application_id', { simple: true }) as number;
    } catch {
      throw new LedgerError('NOT_A_LEDGER', `不是有效的账套文件：${file}`, { key: 'error.notALedger', params: { file } });
    }
    const empty = (db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n === 0;
    if (!empty && appId !== APPLICATION_ID) {
      throw new LedgerError('NOT_A_LEDGER', `不是本程序的账套文件：${file}`, { key: 'error.notALedger', params: { file } });
    }
    if (userVersion > SCHEMA_VERSION) {
      throw new LedgerError(
        'NEWER_FILE',
        `此账套文件由较新版本的程序创建（数据结构版本 ${userVersion}，本程序支持到 ${SCHEMA_VERSION}），请升级程序后再打开；文件未被改动。`,
        { key: 'error.newerFile', params: { fileVersion: userVersion, appVersion: SCHEMA_VERSION } },
      );
    }
    if (!opts.readonly) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    if (!opts.readonly) migrate(db, file, userVersion, opts.migrateTo ?? SCHEMA_VERSION);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

/** Apply pending migrations in one transaction, after a backup when the file already holds data. */
function migrate(db: Database.Database, file: string, from: number, to: number): void {
  if (from >= to) return;
  if (from > 0) makeBackup(db, file, `before-migration-v${to}`);
  db.transaction(() => {
    if (from === 0) db.pragma(`application_id = ${APPLICATION_ID}`);
    for (let v = from; v < to; v++) db.exec(MIGRATIONS[v]!);
    db.pragma(`user_version = ${to}`);
  }).immediate();
}

export function integrityCheck(db: Database.Database): string[] {
  const rows = db.pragma('integrity_check') as { integrity_check: string }[];
  const problems = rows.map((r) => r.integrity_check).filter((s) => s !== 'ok');
  return problems;
}
