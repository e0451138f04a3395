// Shared fixtures for engine tests: real ledger files in a fresh temp dir per test, cleaned up after.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, onTestFinished } from 'vitest';
import { openLedger, type CallContext, type Ledger } from '../../db/engine/ledger';
import type { OpenOptions } from '../../db/engine/database';
import type { ArgsIn, MethodName, ResultOf } from '../../shared/api';
import type { LedgerErrorJSON } from '../../shared/errors';

export const ADMIN_PASSWORD = 'Admin#2026pw';
export const USER_PASSWORD = 'User#2026pw!';

/** A new empty temp directory, removed when the current test finishes. */
export function tempDir(prefix = 'medcom-test-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Open (or create) a ledger file; closed automatically when the test finishes. */
export function open(file: string, opts: OpenOptions = { create: true }): Ledger {
  const ledger = openLedger(file, opts);
  onTestFinished(() => ledger.close());
  return ledger;
}

export interface Fixture {
  dir: string;
  file: string;
  ledger: Ledger;
  /** Session of the administrator created by setup. */
  admin: CallContext;
}

/** A fresh ledger in a temp dir with the first-run administrator created. */
export async function freshLedger(): Promise<Fixture> {
  const dir = tempDir();
  const file = path.join(dir, 'test.ledger');
  const ledger = open(file);
  const setup = await ledger.invoke('setup.createAdmin', { communityName: '测试县医共体', username: 'admin', displayName: '管理员', password: ADMIN_PASSWORD }, {});
  return { dir, file, ledger, admin: { sessionId: setup.sessionId } };
}

/** Typed call that must succeed. */
export function ok<K extends MethodName>(ledger: Ledger, ctx: CallContext, method: K, args: ArgsIn<K>): Promise<ResultOf<K>> {
  return ledger.invoke(method, args, ctx);
}

/** Call that must fail; returns the error envelope. Untyped args so tests can send bad input. */
export async function fails(ledger: Ledger, ctx: CallContext, method: string, args: unknown, code?: LedgerErrorJSON['code']): Promise<LedgerErrorJSON> {
  const reply = await ledger.call(method, args, ctx);
  if (reply.ok) throw new Error(`expected ${method} to fail${code ? ` with ${code}` : ''}, got ${JSON.stringify(reply.result).slice(0, 300)}`);
  if (code) expect(reply.error.code, reply.error.message).toBe(code);
  return reply.error;
}

/**
 * A small community:
 *   L01 县人民医院 (牵头医院)
 *   ├─ C01 县中医院 (县级医院)
 *   ├─ T01 城关镇卫生院 (乡镇卫生院) ── V01 东村卫生室, V02 西村卫生室
 *   └─ T02 河口镇卫生院 (乡镇卫生院) ── V03 河口村卫生室
 * with departments: L01/NK 内科, T01/QK 全科, V01/ZS 诊室, T02/QK 全科.
 */
export async function seedOrg(f: Fixture): Promise<void> {
  await ok(f.ledger, f.admin, 'units.batch', {
    ops: [
      { op: 'insert', row: { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null } },
      { op: 'insert', row: { code: 'C01', name: '县中医院', type: '县级医院', parentCode: 'L01' } },
      { op: 'insert', row: { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } },
      { op: 'insert', row: { code: 'V01', name: '东村卫生室', type: '村卫生室', parentCode: 'T01' } },
      { op: 'insert', row: { code: 'V02', name: '西村卫生室', type: '村卫生室', parentCode: 'T01' } },
      { op: 'insert', row: { code: 'T02', name: '河口镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } },
      { op: 'insert', row: { code: 'V03', name: '河口村卫生室', type: '村卫生室', parentCode: 'T02' } },
    ],
  });
  await ok(f.ledger, f.admin, 'departments.batch', {
    ops: [
      { op: 'insert', row: { unitCode: 'L01', code: 'NK', name: '内科' } },
      { op: 'insert', row: { unitCode: 'T01', code: 'QK', name: '全科' } },
      { op: 'insert', row: { unitCode: 'V01', code: 'ZS', name: '诊室' } },
      { op: 'insert', row: { unitCode: 'T02', code: 'QK', name: '全科' } },
    ],
  });
}

/** Create a user with the given role (and unit) and log them in; returns their context. */
export async function userSession(f: Fixture, username: string, role: string, unitCode: string | null = null): Promise<CallContext & { userId: string }> {
  const user = await ok(f.ledger, f.admin, 'users.add', { username, displayName: username, role, unitCode, password: USER_PASSWORD } as ArgsIn<'users.add'>);
  const login = await ok(f.ledger, {}, 'session.login', { username, password: USER_PASSWORD });
  return { sessionId: login.sessionId, userId: user.id };
}

export function auditCount(ledger: Ledger): number {
  return ledger.db.prepare('SELECT count(*) FROM audit_log').pluck().get() as number;
}

export function tableCount(ledger: Ledger, table: string): number {
  return ledger.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
}

/** Every row of a table, ordered by id, for exact before/after comparisons. */
export function dump(db: Database.Database, table: string): Record<string, unknown>[] {
  return db.prepare(`SELECT * FROM ${table} ORDER BY rowid`).all() as Record<string, unknown>[];
}

export async function unitsByCode(ledger: Ledger, ctx: CallContext = { system: { actor: 'test' } }) {
  const rows = await ledger.invoke('units.list', {}, ctx);
  return new Map(rows.map((r) => [r.code, r]));
}

/** A raw connection, as an outside tool (or attacker) would open the file. */
export function rawConnection(file: string): Database.Database {
  const db = new Database(file);
  onTestFinished(() => {
    if (db.open) db.close();
  });
  return db;
}
