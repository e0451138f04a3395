// The migration test harness: for each migration N ≥ 2, "migrate to N−1, insert rows, migrate to N,
// compare". Add a case to MIGRATION_CASES whenever a migration is added; the suite fails for a
// migration without one.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { Ledger } from '../../db/engine/ledger';
import { backupDirFor } from '../../db/engine/backup';
import { notAcquisition } from '../../db/modules/assets/reports';
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
/** The usual seed: the first administrator, and a lead hospital L01 with a township centre T01. */
async function adminAndTwoUnits(ledger: Ledger): Promise<void> {
  await ledger.invoke('setup.createAdmin', { communityName: '迁移测试医共体', username: 'admin', displayName: '管理员', password: 'Admin#2026pw' }, {});
  await ledger.invoke(
    'units.batch',
    { ops: [{ op: 'insert', row: { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null } }, { op: 'insert', row: { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } }] },
    { system: { actor: 'test' } },
  );
}

export const MIGRATION_CASES: Record<number, MigrationCase> = {
  // 2: the asset register. Existing organisation, users and audit rows must survive untouched.
  2: {
    async seed(ledger) {
      await adminAndTwoUnits(ledger);
    },
    check(db) {
      for (const t of ['assets', 'asset_events', 'asset_codes_used', 'depreciation_entries', 'depreciation_periods']) {
        expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(t), t).toBe(1);
        expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
      }
      expect(db.prepare('SELECT count(*) FROM units').pluck().get()).toBe(2);
    },
  },
  // 3: shared use and the idle pool. Existing cards and their events survive untouched; the new
  // tables start empty and enforce one active share per card and one open request per card and unit.
  3: {
    async seed(ledger) {
      await adminAndTwoUnits(ledger);
      const sys = { system: { actor: 'test' } };
      await ledger.invoke(
        'assets.create',
        { cards: [{ code: 'ZC-0001', name: '彩色多普勒超声诊断仪', classCode: 'A02010105', bookedOn: '2025-06-10', costFen: 600000, lifeMonths: 72, unitCode: 'L01', status: '闲置' }] },
        sys,
      );
    },
    check(db) {
      for (const t of ['asset_shares', 'asset_share_usage', 'asset_requests']) {
        expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(t), t).toBe(1);
        expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
      }
      const asset = db.prepare("SELECT id, unit_id, status FROM assets WHERE code = 'ZC-0001'").get() as { id: string; unit_id: string; status: string };
      expect(asset.status).toBe('闲置');
      const t01 = db.prepare("SELECT id FROM units WHERE code = 'T01'").pluck().get() as string;
      const share = db.prepare(
        `INSERT INTO asset_shares (id, share_no, asset_id, lender_unit_id, borrower_unit_id, starts_on, ended_on, status, status_before, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, '闲置', 'now', 't', 'now', 't')`,
      );
      share.run('s1', 'GX2026-0001', asset.id, asset.unit_id, t01, '2026-01-01', null, 'active');
      // a second active share of the same card, a share to the owner itself, an end before the start, 'ended' without a date
      expect(() => share.run('s2', 'GX2026-0002', asset.id, asset.unit_id, t01, '2026-02-01', null, 'active')).toThrow(/UNIQUE/);
      expect(() => share.run('s3', 'GX2026-0003', asset.id, asset.unit_id, asset.unit_id, '2026-02-01', '2026-02-02', 'ended')).toThrow(/CHECK/);
      expect(() => share.run('s4', 'GX2026-0004', asset.id, asset.unit_id, t01, '2026-02-01', '2026-01-02', 'ended')).toThrow(/CHECK/);
      expect(() => share.run('s5', 'GX2026-0005', asset.id, asset.unit_id, t01, '2025-02-01', null, 'ended')).toThrow(/CHECK/);
      const usage = db.prepare("INSERT INTO asset_share_usage (id, share_id, asset_id, used_on, amount_hundredths, recorded_at, recorded_by) VALUES (?, 's1', ?, '2026-01-02', ?, 'now', 't')");
      usage.run('u1', asset.id, 150);
      expect(() => usage.run('u2', asset.id, 0)).toThrow(/CHECK/);
      const request = db.prepare("INSERT INTO asset_requests (id, asset_id, requesting_unit_id, kind, reason, status, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, 'transfer', '需要', ?, 'now', 't', 'now', 't')");
      request.run('r1', asset.id, t01, 'pending');
      expect(() => request.run('r2', asset.id, t01, 'pending')).toThrow(/UNIQUE/);
      request.run('r3', asset.id, t01, 'withdrawn');
    },
  },
  // 4: inventory counts and general-ledger balances. Existing cards survive untouched; the new
  // tables start empty and enforce their rules: a closed count has its closing time, a write-off or a
  // surplus approval carries its approval document number, one pending loss per asset and count, and
  // only 1601/1602/1701/1702 balances, one per unit, period and account.
  4: {
    async seed(ledger) {
      await ledger.invoke('setup.createAdmin', { communityName: '迁移测试医共体', username: 'admin', displayName: '管理员', password: 'Admin#2026pw' }, {});
      const sys = { system: { actor: 'test' } };
      await ledger.invoke('units.batch', { ops: [{ op: 'insert', row: { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: null } }] }, sys);
      await ledger.invoke('assets.create', { cards: [{ code: 'ZC-0001', name: '台式计算机', classCode: 'A02010105', bookedOn: '2025-06-10', costFen: 600000, lifeMonths: 72, unitCode: 'T01', location: '办公室' }] }, sys);
    },
    check(db) {
      for (const t of ['counts', 'count_expected', 'count_counters', 'count_scans', 'count_results', 'count_found', 'count_resolutions', 'gl_balances']) {
        expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(t), t).toBe(1);
        expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
      }
      const asset = db.prepare("SELECT id, unit_id, location FROM assets WHERE code = 'ZC-0001'").get() as { id: string; unit_id: string; location: string };
      expect(asset.location).toBe('办公室');
      const count = db.prepare(
        `INSERT INTO counts (id, count_no, name, unit_id, reference_date, status, closed_at, created_at, created_by, updated_at, updated_by) VALUES (?, ?, '年度清查', ?, '2026-03-31', ?, ?, 'now', 't', 'now', 't')`,
      );
      count.run('c1', 'PD2026-0001', asset.unit_id, 'open', null);
      expect(() => count.run('c2', 'PD2026-0002', asset.unit_id, 'closed', null)).toThrow(/CHECK/);
      expect(() => count.run('c3', 'pd2026-0001', asset.unit_id, 'open', null)).toThrow(/UNIQUE/);
      db.prepare("INSERT INTO count_expected (count_id, asset_id, seq, code, name, class_code, unit_id, status, cost_fen, accumulated_fen) VALUES ('c1', ?, 1, 'ZC-0001', '台式计算机', 'A02010105', ?, '在用', 600000, 0)").run(asset.id, asset.unit_id);
      const res = db.prepare("INSERT INTO count_resolutions (id, count_id, kind, asset_id, found_id, amount_fen, doc_no, effective_on, created_at, created_by) VALUES (?, 'c1', ?, ?, NULL, 600000, ?, '2026-04-01', 'now', 't')");
      res.run('r1', 'shortage-pending', asset.id, null);
      expect(() => res.run('r2', 'shortage-pending', asset.id, null)).toThrow(/UNIQUE/);
      expect(() => res.run('r3', 'shortage-writeoff', asset.id, null)).toThrow(/CHECK/);
      expect(() => res.run('r4', 'shortage-writeoff', asset.id, '')).toThrow(/CHECK/);
      res.run('r5', 'shortage-writeoff', asset.id, '卫财〔2026〕3号');
      const gl = db.prepare("INSERT INTO gl_balances (unit_id, account, period, balance_fen, source_file, imported_at, imported_by) VALUES (?, ?, '2026-03', 100, 'tb.xlsx', 'now', 't')");
      gl.run(asset.unit_id, '1601');
      expect(() => gl.run(asset.unit_id, '1601')).toThrow(/UNIQUE|PRIMARY/);
      expect(() => gl.run(asset.unit_id, '1001')).toThrow(/CHECK/);
    },
  },
  // 5: unified post settings. Existing units survive; the new tables start empty; an appointment
  // may only be ended, once, and never deleted; pool moves are append-only.
  5: {
    async seed(ledger) {
      await adminAndTwoUnits(ledger);
    },
    check(db) {
      for (const t of ['staff', 'post_ratio_sets', 'post_quotas', 'staffing_pool_moves', 'post_rounds', 'post_round_offers', 'post_round_applicants', 'appointments']) {
        expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = ?").pluck().get(t), t).toBe(1);
        expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get(), t).toBe(0);
      }
      const l01 = db.prepare("SELECT id FROM units WHERE code = 'L01'").pluck().get() as string;
      db.prepare(
        "INSERT INTO staff (id, staff_no, name, staffing_type, employing_unit_id, working_unit_id, created_at, updated_at, updated_by) VALUES ('p1', 'R0001', '张伟', '在编', ?, ?, 'now', 'now', 't')",
      ).run(l01, l01);
      const appoint = db.prepare(
        "INSERT INTO appointments (id, staff_id, unit_id, category, grade, basis, term_start, created_at, created_by) VALUES (?, 'p1', ?, ?, ?, '直接聘任', '2026-01-01', 'now', 't')",
      );
      appoint.run('a1', l01, '专业技术', 6);
      expect(() => appoint.run('a2', l01, '专业技术', null)).toThrow(/CHECK/); // only 工勤 has a gradeless post (普通工)
      expect(() => appoint.run('a3', l01, '专业技术', 14)).toThrow(/CHECK/);
      appoint.run('a4', l01, '工勤', null);
      expect(() => db.prepare("UPDATE appointments SET grade = 5 WHERE id = 'a1'").run()).toThrow(/only be ended/);
      expect(() => db.prepare("DELETE FROM appointments WHERE id = 'a1'").run()).toThrow(/never delete/);
      db.prepare("UPDATE appointments SET ended_on = '2026-06-30', end_reason = '解聘', ended_by = 't' WHERE id = 'a1'").run();
      expect(() => db.prepare("UPDATE appointments SET ended_on = '2026-07-31', end_reason = '改' WHERE id = 'a1'").run()).toThrow(/only be ended/);
      db.prepare("INSERT INTO staffing_pool_moves (id, kind, amount, effective_on, created_at, created_by) VALUES ('m1', 'deposit', 10, '2026-01-01', 'now', 't')").run();
      expect(() => db.prepare("INSERT INTO staffing_pool_moves (id, kind, amount, effective_on, created_at, created_by) VALUES ('m2', 'allocate', 1, '2026-01-01', 'now', 't')").run()).toThrow(/CHECK/);
      expect(() => db.prepare("UPDATE staffing_pool_moves SET amount = 11").run()).toThrow(/append-only/);
    },
  },
  // 6: an index for the register as of a past date. Cards and their events survive untouched; the
  // read of the transfers and cost changes dated after a date uses the index instead of a scan.
  6: {
    async seed(ledger) {
      await adminAndTwoUnits(ledger);
      const sys = { system: { actor: 'test' } };
      await ledger.invoke('assets.create', { cards: [{ code: 'ZC-0001', name: '彩色多普勒超声诊断仪', classCode: 'A02010105', bookedOn: '2025-06-10', costFen: 600000, lifeMonths: 72, unitCode: 'L01' }] }, sys);
      await ledger.invoke('assets.transfer', { code: 'ZC-0001', toUnitCode: 'T01', date: '2026-03-01' }, sys);
    },
    check(db) {
      expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name = 'asset_events_type_date'").pluck().get()).toBe(1);
      const plan = (db.prepare("EXPLAIN QUERY PLAN SELECT asset_id FROM asset_events WHERE effective_on > '2026-01-01' AND type IN ('transfer','cost-change','life-change')").all() as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toContain('asset_events_type_date');
      expect(db.prepare("SELECT type FROM asset_events WHERE effective_on > '2026-01-01' AND type IN ('transfer','cost-change','life-change')").pluck().all()).toEqual(['transfer']);
    },
  },
  // 7: the same index without the acquisitions (one per card, written by every import). The events
  // survive; the dated reads, which state the index's condition, still use it and find the same rows.
  7: {
    seed: (ledger) => MIGRATION_CASES[6]!.seed(ledger),
    check(db) {
      const indexes = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'index' AND tbl_name = 'asset_events' ORDER BY name").pluck().all();
      expect(indexes).toEqual(['asset_events_asset', 'asset_events_changes_by_date', 'sqlite_autoindex_asset_events_1']);
      const later = `SELECT v.type FROM asset_events v WHERE v.effective_on > '2026-01-01' AND v.type IN ('transfer','cost-change','life-change') AND ${notAcquisition('v.')}`;
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${later}`).all() as { detail: string }[]).map((r) => r.detail).join(' | ');
      expect(plan).toContain('asset_events_changes_by_date');
      expect(db.prepare(later).pluck().all()).toEqual(['transfer']);
      // the acquisition is in the table, not in the index
      expect(db.prepare("SELECT count(*) FROM asset_events WHERE type = 'acquire'").pluck().get()).toBe(1);
      expect(db.prepare("SELECT count(*) FROM asset_events INDEXED BY asset_events_changes_by_date WHERE type <> 'acquire'").pluck().get()).toBe(1);
    },
  },
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
