// Simulates the next migration (a mocked migration N+1 on top of the shipped ones) to exercise what
// only happens when a ledger that already holds data is upgraded: the automatic backup, the
// all-or-nothing transaction, and the migration test harness itself.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it, vi } from 'vitest';

const FUTURE_SQL = /* sql */ `
  ALTER TABLE units ADD COLUMN note TEXT;
  CREATE TABLE future_things (id TEXT PRIMARY KEY, unit_id TEXT NOT NULL REFERENCES units(id)) STRICT;
`;

vi.mock('../../db/migrations', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../db/migrations')>();
  return { MIGRATIONS: [...real.MIGRATIONS, FUTURE_SQL], SCHEMA_VERSION: real.SCHEMA_VERSION + 1 };
});

const { SCHEMA_VERSION } = await import('../../db/migrations');
const { backupDirFor } = await import('../../db/engine/backup');
const { openLedger } = await import('../../db/engine/ledger');
const { verifyAuditChain } = await import('../../db/engine/audit');
const { runMigrationCase } = await import('./migration-harness');
const { ADMIN_PASSWORD, open, seedOrg, tempDir } = await import('./helpers');

const N = SCHEMA_VERSION; // the simulated new migration

async function seedThroughEngine(file: string) {
  const ledger = open(file, { create: true, migrateTo: N - 1 });
  const setup = await ledger.invoke('setup.createAdmin', { communityName: '测试县医共体', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, {});
  await seedOrg({ dir: path.dirname(file), file, ledger, admin: { sessionId: setup.sessionId } });
  return ledger;
}

describe(`a future migration ${'N'} on a ledger with data`, () => {
  it('the harness: migrate to N−1, insert rows, migrate to N, compare', async () => {
    const file = path.join(tempDir(), 'future.ledger');
    await runMigrationCase(file, N, {
      async seed(ledger) {
        const setup = await ledger.invoke('setup.createAdmin', { communityName: '测试县医共体', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, {});
        await seedOrg({ dir: path.dirname(file), file, ledger, admin: { sessionId: setup.sessionId } });
      },
      check(db) {
        expect(db.prepare("SELECT count(*) FROM pragma_table_info('units') WHERE name = 'note'").pluck().get()).toBe(1);
        expect(db.prepare('SELECT count(*) FROM units WHERE note IS NULL').pluck().get()).toBe(7);
        expect(verifyAuditChain(db).ok).toBe(true);
      },
    });
  });

  it('the harness catches a migration that loses rows', async () => {
    const file = path.join(tempDir(), 'lossy.ledger');
    await expect(
      runMigrationCase(file, N, {
        async seed(ledger) {
          await ledger.invoke('units.batch', { ops: [{ op: 'insert', row: { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null } }] });
          // Simulate a lossy migration: rows vanish between the snapshot at N−1 and the check at N.
          const orig = ledger.close.bind(ledger);
          (ledger as { close: () => void }).close = () => {
            if (ledger.db.open) ledger.db.exec('DELETE FROM units');
            orig();
          };
        },
        check() {},
      }),
    ).rejects.toThrow(/rows of units/);
  });

  it('takes a verified backup of the old version before migrating, in <file>.backups/', async () => {
    const file = path.join(tempDir(), 'upgrade.ledger');
    const old = await seedThroughEngine(file);
    const unitsBefore = old.db.prepare('SELECT * FROM units ORDER BY code').all();
    old.close();

    const upgraded = open(file, {});
    expect(upgraded.db.pragma('user_version', { simple: true })).toBe(N);
    const dir = backupDirFor(path.resolve(file));
    const [backup, ...more] = fs.readdirSync(dir);
    expect(more).toEqual([]);
    expect(backup).toMatch(new RegExp(`before-migration-v${N}\\.ledger$`));
    const copy = new Database(path.join(dir, backup!), { readonly: true });
    try {
      expect(copy.pragma('user_version', { simple: true })).toBe(N - 1);
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.prepare('SELECT * FROM units ORDER BY code').all()).toEqual(unitsBefore);
    } finally {
      copy.close();
    }
  });

  it('a migration that fails part-way leaves the file at the old version with all its data', async () => {
    const file = path.join(tempDir(), 'failing.ledger');
    const old = await seedThroughEngine(file);
    // Make the second statement of the new migration fail (its table already exists).
    old.db.exec('CREATE TABLE future_things (x INTEGER)');
    const unitsBefore = old.db.prepare('SELECT * FROM units ORDER BY code').all();
    old.close();

    expect(() => openLedger(file, {})).toThrow(/future_things/);

    const check = new Database(file, { readonly: true });
    try {
      expect(check.pragma('user_version', { simple: true })).toBe(N - 1);
      // The ALTER TABLE that ran before the failure was rolled back too.
      expect(check.prepare("SELECT count(*) FROM pragma_table_info('units') WHERE name = 'note'").pluck().get()).toBe(0);
      expect(check.prepare('SELECT * FROM units ORDER BY code').all()).toEqual(unitsBefore);
    } finally {
      check.close();
    }
  });
});
