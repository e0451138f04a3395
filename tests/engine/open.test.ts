import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ID } from '../../db/engine/database';
import { openLedger } from '../../db/engine/ledger';
import { MIGRATIONS, SCHEMA_VERSION } from '../../db/migrations';
import { LedgerError } from '../../shared/errors';
import { MIGRATION_CASES, runMigrationCase } from './migration-harness';
import { freshLedger, open, seedOrg, tempDir } from './helpers';

function openError(file: string, opts: Parameters<typeof openLedger>[1] = {}): LedgerError {
  try {
    openLedger(file, opts).close();
  } catch (err) {
    expect(err).toBeInstanceOf(LedgerError);
    return err as LedgerError;
  }
  throw new Error('expected openLedger to refuse the file');
}

/** Bytes of a file and its WAL/SHM companions, to prove a refused file was not touched. */
function fileState(file: string) {
  return {
    main: fs.readFileSync(file),
    wal: fs.existsSync(`${file}-wal`),
    backups: fs.existsSync(`${file}.backups`),
  };
}

describe('opening a ledger', () => {
  it('a new file gets the application id and the current schema version', () => {
    const file = path.join(tempDir(), 'new.ledger');
    const ledger = open(file);
    expect(ledger.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    expect(ledger.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(SCHEMA_VERSION).toBe(MIGRATIONS.length);
  });

  it('runs with WAL, foreign keys, synchronous=FULL and a busy timeout', () => {
    const ledger = open(path.join(tempDir(), 'p.ledger'));
    expect(ledger.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(ledger.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(ledger.db.pragma('synchronous', { simple: true })).toBe(2);
    expect(ledger.db.pragma('busy_timeout', { simple: true })).toBe(5000);
  });

  it('foreign keys are enforced on the engine connection', () => {
    const ledger = open(path.join(tempDir(), 'fk.ledger'));
    const insert = () =>
      ledger.db
        .prepare("INSERT INTO departments (id, unit_id, code, name, created_at, updated_at, updated_by) VALUES ('d', 'no-such-unit', 'X', 'x', '', '', '')")
        .run();
    expect(insert).toThrow(/FOREIGN KEY/);
  });

  it('refuses a missing file unless asked to create it', () => {
    const file = path.join(tempDir(), 'missing.ledger');
    expect(openError(file, {}).code).toBe('NOT_FOUND');
    expect(fs.existsSync(file)).toBe(false);
  });

  it('reopening a ledger keeps its data and does not migrate or back up again', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    f.ledger.close();
    const again = open(f.file, {});
    expect(again.db.prepare('SELECT count(*) FROM units').pluck().get()).toBe(7);
    expect(fs.existsSync(`${f.file}.backups`)).toBe(false);
  });

  it('a file from a newer program is refused with NEWER_FILE and left byte-identical', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    f.ledger.close();
    const raw = new Database(f.file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    const before = fileState(f.file);
    expect(before.wal).toBe(false);

    const err = openError(f.file);
    expect(err.code).toBe('NEWER_FILE');
    expect(err.message).toContain(String(SCHEMA_VERSION + 1));
    expect(err.message).toMatch(/升级/);
    expect(fileState(f.file)).toEqual(before);
    // Also with create: true (the desktop's "open or create" path).
    expect(openError(f.file, { create: true }).code).toBe('NEWER_FILE');
    expect(fileState(f.file)).toEqual(before);
  });

  it('a SQLite file of another program is refused with NOT_A_LEDGER and left untouched', () => {
    const file = path.join(tempDir(), 'other.sqlite');
    const raw = new Database(file);
    raw.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('a');");
    raw.close();
    const before = fileState(file);
    const err = openError(file, { create: true });
    expect(err.code).toBe('NOT_A_LEDGER');
    expect(fileState(file)).toEqual(before);
  });

  it('a SQLite file with our tables but without the application id is refused', () => {
    const file = path.join(tempDir(), 'lookalike.db');
    const raw = new Database(file);
    raw.exec(MIGRATIONS[0]!);
    raw.pragma('user_version = 1');
    raw.close();
    expect(openError(file).code).toBe('NOT_A_LEDGER');
  });

  it('a file of random bytes is refused with NOT_A_LEDGER and left untouched', () => {
    const file = path.join(tempDir(), 'random.ledger');
    fs.writeFileSync(file, randomBytes(64 * 1024));
    const before = fileState(file);
    const err = openError(file, { create: true });
    expect(err.code).toBe('NOT_A_LEDGER');
    expect(fileState(file)).toEqual(before);
  });

  it('a text file is refused with NOT_A_LEDGER', () => {
    const file = path.join(tempDir(), 'notes.ledger');
    fs.writeFileSync(file, '单位编码,单位名称\nL01,县人民医院\n'.repeat(200));
    expect(openError(file).code).toBe('NOT_A_LEDGER');
  });
});

describe('migrations', () => {
  const EXPECTED_TABLES = ['audit_log', 'departments', 'settings', 'undone_batches', 'units', 'users'];

  it('migration 1 on an empty file creates every table and the audit triggers', () => {
    const file = path.join(tempDir(), 'm1.ledger');
    const zero = open(file, { create: true, migrateTo: 0 });
    expect(zero.db.pragma('user_version', { simple: true })).toBe(0);
    expect(zero.db.prepare("SELECT count(*) FROM sqlite_schema").pluck().get()).toBe(0);
    zero.close();

    const one = open(file, { migrateTo: 1 });
    expect(one.db.pragma('user_version', { simple: true })).toBe(1);
    expect(one.db.pragma('application_id', { simple: true })).toBe(APPLICATION_ID);
    const tables = one.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(EXPECTED_TABLES);
    const triggers = one.db.prepare("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name").pluck().all();
    expect(triggers).toEqual(['audit_log_no_delete', 'audit_log_no_update']);
    // Creating a schema on an empty file needs no backup: there is nothing to lose.
    expect(fs.existsSync(`${file}.backups`)).toBe(false);
  });

  it('an empty file is migrated all the way in one go', () => {
    const file = path.join(tempDir(), 'all.ledger');
    fs.writeFileSync(file, '');
    const l = open(file, {});
    expect(l.db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  for (let n = 2; n <= SCHEMA_VERSION; n++) {
    it(`migration ${n}: migrate to ${n - 1}, insert rows, migrate to ${n}, compare`, async () => {
      const c = MIGRATION_CASES[n];
      expect(c, `tests/engine/migration-harness.ts has no MIGRATION_CASES[${n}] for migration ${n}`).toBeDefined();
      await runMigrationCase(path.join(tempDir(), `m${n}.ledger`), n, c!);
    });
  }

  it('every shipped migration ≥ 2 has a test case (and no case refers to a migration that does not exist)', () => {
    const cases = Object.keys(MIGRATION_CASES).map(Number);
    for (const n of cases) expect(n).toBeLessThanOrEqual(SCHEMA_VERSION);
    for (let n = 2; n <= SCHEMA_VERSION; n++) expect(cases).toContain(n);
  });
});
