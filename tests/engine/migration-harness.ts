// The migration test harness: for each migration N ≥ 2, "migrate to N−1, insert rows, migrate to N,
// compare". Add a case to MIGRATION_CASES whenever a migration is added; the suite fails for a
// migration without one.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { Ledger } from '../../db/engine/ledger';
import { backupDirFor } from '../../db/engine/backup';
import { open } from './helpers';

export interface MigrationCase {
  /** Insert representative rows into a ledger at version N−1 (through the engine or raw SQL). */
  seed(ledger: Ledger): Promise<void> | void;
  /** Check the ledger after migrating to N (the generic comparison of pre-existing rows runs too). */
  check(db: Database.Database): void;
  /** Tables whose existing rows the migration intentionally rewrites (excluded from the generic comparison). */
  rewrites?: string[];
}

/** Cases for shipped migrations (numbered from 2; migration 1 creates the schema and is tested on an empty file). */
export const MIGRATION_CASES: Record<number, MigrationCase> = {
  // 2: the asset register. Existing organisation, users and audit rows must survive untouched.
  2: {
    async seed(ledger) {
      await ledger.invoke('setup.createAdmin', { communityName: '迁移测试医共体', username: 'admin', displayName: '管理员', password: 'Admin#2026pw' }, {});
      await ledger.invoke(
        'units.batch',
        { ops: [{ op: 'insert', row: { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null } }, { op: 'insert', row: { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } }] },
        { system: { actor: 'test' } },
      );
    },
    check(db) {
      for (const t of ['assets', 'asset_events', 'asset_codes_used', 'depreciation_entries', 'depreciation_periods']) {
        expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(t), t).toBe(1);
        expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
      }
      expect(db.prepare('SELECT count(*) FROM units').pluck().get()).toBe(2);
    },
  },
  // 3: PLACEHOLDER — the owner of migration 3 replaces this with a real seed and check.
  3: { seed() {}, check() {} },
  // 4: PLACEHOLDER — the owner of migration 4 replaces this with a real seed and check.
  4: { seed() {}, check() {} },
  // 5: PLACEHOLDER — the owner of migration 5 replaces this with a real seed and check.
  5: { seed() {}, check() {} },
};

function tables(db: Database.Database): string[] {
  return db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").pluck().all() as string[];
}

function columns(db: Database.Database, table: string): string[] {
  return (db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).sort();
}

function snapshot(db: Database.Database): Map<string, { cols: string[]; rows: unknown[] }> {
  const out = new Map<string, { cols: string[]; rows: unknown[] }>();
  for (const t of tables(db)) {
    const cols = columns(db, t);
    out.set(t, { cols, rows: db.prepare(`SELECT ${cols.map((c) => `"${c}"`).join(', ')} FROM "${t}" ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`).all() });
  }
  return out;
}

/**
 * Migrate `file` to N−1, seed, migrate to N; assert user_version, that every row of every table
 * that existed before is still there unchanged (in the columns it had), that an automatic backup
 * of the N−1 state was taken, and the case's own checks.
 */
export async function runMigrationCase(file: string, n: number, c: MigrationCase): Promise<void> {
  const before = open(file, { create: true, migrateTo: n - 1 });
  expect(before.db.pragma('user_version', { simple: true })).toBe(n - 1);
  await c.seed(before);
  const old = snapshot(before.db);
  before.close();

  const after = open(file, { migrateTo: n });
  expect(after.db.pragma('user_version', { simple: true })).toBe(n);
  for (const [table, { cols, rows }] of old) {
    if (c.rewrites?.includes(table)) continue;
    const now = after.db.prepare(`SELECT ${cols.map((col) => `"${col}"`).join(', ')} FROM "${table}" ORDER BY ${cols.map((_, i) => i + 1).join(', ')}`).all();
    expect(now, `rows of ${table} after migration ${n}`).toEqual(rows);
  }
  c.check(after.db);

  const dir = backupDirFor(path.resolve(file));
  const backups = fs.readdirSync(dir).filter((f) => f.includes(`before-migration-v${n}`));
  expect(backups, 'automatic backup before migrating').toHaveLength(1);
}
