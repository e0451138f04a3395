import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, auditHash, verifyAuditChain } from '../../db/engine/audit';
import { makeOpenWrite } from '../../db/engine/context';
import { auditCount, fails, freshLedger, ok, open, seedOrg, tableCount, userSession, type Fixture } from './helpers';

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  method: string;
  summary: string;
  changes: string;
  prev_hash: string;
  hash: string;
}

/** A ledger with a few audited writes; returns the number of audit rows. */
async function ledgerWithHistory(): Promise<Fixture & { rows: number }> {
  const f = await freshLedger();
  await seedOrg(f);
  const units = await ok(f.ledger, f.admin, 'units.list', {});
  const c01 = units.find((u) => u.code === 'C01')!;
  await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: c01.id, version: c01.version, changes: { name: '县中医医院' } }] });
  await ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'C01', code: 'ZY', name: '中医科' } }] });
  return { ...f, rows: auditCount(f.ledger) };
}

/** Close the ledger and tamper with the file as an attacker would: a separate connection, triggers dropped. */
function tamper(f: Fixture, sql: string): Database.Database {
  f.ledger.close();
  const raw = new Database(f.file);
  raw.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;');
  raw.exec(sql);
  raw.close();
  return open(f.file, {}).db;
}

describe('audit log: one hash-chained row per write, in the same transaction', () => {
  it('each successful write adds exactly one row naming the actor and method', async () => {
    const f = await freshLedger();
    expect(auditCount(f.ledger)).toBe(1); // setup.createAdmin
    const steps: [string, () => Promise<unknown>][] = [
      ['units.batch', () => ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'insert', row: { code: 'L01', name: '县人民医院', type: '牵头医院', parentCode: null } }, { op: 'insert', row: { code: 'T01', name: '城关镇卫生院', type: '乡镇卫生院', parentCode: 'L01' } }] })],
      ['departments.batch', () => ok(f.ledger, f.admin, 'departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'T01', code: 'QK', name: '全科' } }, { op: 'insert', row: { unitCode: 'T01', code: 'ZY', name: '中医' } }] })],
      ['users.add', () => ok(f.ledger, f.admin, 'users.add', { username: 'li', displayName: '李四', role: '财务', unitCode: null, password: 'password-1' })],
    ];
    for (const [method, step] of steps) {
      const n = auditCount(f.ledger);
      await step();
      expect(auditCount(f.ledger), method).toBe(n + 1);
      const last = f.ledger.db.prepare('SELECT actor, method, changes FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { actor: string; method: string; changes: string };
      expect(last).toMatchObject({ actor: 'admin', method });
    }
    // A two-row batch is one audit row carrying both changes with before/after images.
    const deps = JSON.parse(f.ledger.db.prepare("SELECT changes FROM audit_log WHERE method = 'departments.batch'").pluck().get() as string);
    expect(deps).toHaveLength(2);
    expect(deps[0]).toMatchObject({ entity: 'department', before: null, after: { code: 'QK', name: '全科' } });
  });

  it('reads add no audit rows', async () => {
    const f = await ledgerWithHistory();
    await ok(f.ledger, f.admin, 'units.list', {});
    await ok(f.ledger, f.admin, 'departments.list', {});
    await ok(f.ledger, f.admin, 'audit.list', {});
    await ok(f.ledger, f.admin, 'units.export', {});
    expect(auditCount(f.ledger)).toBe(f.rows);
  });

  it('a failed batch leaves neither data nor an audit row', async () => {
    const f = await ledgerWithHistory();
    const units = tableCount(f.ledger, 'units');
    await fails(f.ledger, f.admin, 'units.batch', {
      ops: [
        { op: 'insert', row: { code: 'N01', name: '新单位', type: '其他', parentCode: null } },
        { op: 'insert', row: { code: 'N02', name: '坏单位', type: '村卫生室', parentCode: 'L01' } },
      ],
    }, 'VALIDATION');
    expect(tableCount(f.ledger, 'units')).toBe(units);
    expect(auditCount(f.ledger)).toBe(f.rows);
    expect(verifyAuditChain(f.ledger.db).ok).toBe(true);
  });

  it('an edit that changes nothing writes no audit row', async () => {
    const f = await ledgerWithHistory();
    const c01 = (await ok(f.ledger, f.admin, 'units.list', { unitCode: 'C01' }))[0]!;
    const r = await ok(f.ledger, f.admin, 'units.batch', { ops: [{ op: 'update', id: c01.id, version: c01.version, changes: { name: c01.name } }] });
    expect(r.rows[0]!.version).toBe(c01.version);
    expect(auditCount(f.ledger)).toBe(f.rows);
  });

  it('rows link: prev_hash is the previous hash (genesis first) and each hash covers its row', async () => {
    const f = await ledgerWithHistory();
    const rows = f.ledger.db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
    let prev = GENESIS_HASH;
    rows.forEach((r, i) => {
      expect(r.seq).toBe(i + 1);
      expect(r.prev_hash).toBe(prev);
      expect(r.hash).toBe(auditHash(r.prev_hash, r.seq, r.at, r.actor, r.method, r.summary, r.changes));
      prev = r.hash;
    });
    expect(f.ledger.db.prepare("SELECT value FROM settings WHERE key = 'audit.head'").pluck().get()).toBe(`${rows.length}:${prev}`);
  });

  it('a long write (openWrite) streams its changes into one row: the same JSON, hash and head as a one-piece row', async () => {
    const f = await ledgerWithHistory();
    const db = f.ledger.db;
    let held: Promise<void> | null = null;
    const actor = { kind: 'system', userId: null, name: 'system:test', role: null, unitId: null, scope: null } as const;
    const tx = makeOpenWrite(db, actor, 'assets.import', (p) => (held = p))('导入资产 大表.xlsx');
    // 2,500 changes: three pieces of up to 1,000, with text that needs UTF-8 and JSON escaping
    const changes = Array.from({ length: 2500 }, (_, i) => ({ entity: 'asset', id: `id-${i}`, before: null, after: { code: `ZC-${i}`, name: `彩超 "${i}号"\n\u0001`, costFen: i * 100 } }));
    for (const c of changes) tx.record(c);
    const seq = tx.commit();
    await held;
    expect(seq).toBe(f.rows + 1);
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = ?').get(seq) as AuditRow;
    expect(typeof row.changes).toBe('string');
    expect(row.changes).toBe(JSON.stringify(changes));
    expect(row.at).toBe(tx.at);
    expect(row.hash).toBe(auditHash(row.prev_hash, row.seq, row.at, row.actor, row.method, row.summary, row.changes));
    expect(db.prepare("SELECT value FROM settings WHERE key = 'audit.head'").pluck().get()).toBe(`${seq}:${row.hash}`);
    expect(verifyAuditChain(db)).toEqual({ ok: true, rows: f.rows + 1 });
    // a write that recorded nothing leaves no row
    const empty = makeOpenWrite(db, actor, 'assets.import', () => undefined)('导入资产 空表.xlsx');
    expect(empty.commit()).toBeNull();
    expect(auditCount(f.ledger)).toBe(f.rows + 1);
  });

  it('audit.list pages newest first', async () => {
    const f = await ledgerWithHistory();
    const page = await ok(f.ledger, f.admin, 'audit.list', { limit: 2 });
    expect(page.map((e) => e.seq)).toEqual([f.rows, f.rows - 1]);
    const next = await ok(f.ledger, f.admin, 'audit.list', { limit: 2, beforeSeq: f.rows - 1 });
    expect(next.map((e) => e.seq)).toEqual([f.rows - 2, f.rows - 3]);
  });
});

describe('concurrent writes are serialised', () => {
  it('an import parsing its file, batches and a failing batch issued together: each write is one audit row, the chain holds', async () => {
    const f = await freshLedger();
    await seedOrg(f);
    const n = auditCount(f.ledger);
    const csv = Buffer.from(['单位编码,单位名称,单位类型,上级单位编码', ...Array.from({ length: 300 }, (_, i) => `I${i},导入单位${i},其他,`)].join('\n')).toString('base64');
    const results = await Promise.all([
      f.ledger.call('units.import', { fileName: 'big.csv', base64: csv }, f.admin),
      f.ledger.call('units.batch', { ops: [{ op: 'insert', row: { code: 'B1', name: '批次一', type: '其他', parentCode: null } }] }, f.admin),
      f.ledger.call('units.batch', { ops: [{ op: 'insert', row: { code: 'B1', name: '重复', type: '其他', parentCode: null } }] }, f.admin),
      f.ledger.call('departments.batch', { ops: [{ op: 'insert', row: { unitCode: 'L01', code: 'WK', name: '外科' } }] }, f.admin),
      f.ledger.call('units.batch', { ops: [{ op: 'insert', row: { code: 'B2', name: '批次二', type: '其他', parentCode: null } }] }, f.admin),
    ]);
    expect(results.map((r) => r.ok)).toEqual([true, true, false, true, true]);
    expect(auditCount(f.ledger)).toBe(n + 4);
    expect(tableCount(f.ledger, 'units')).toBe(7 + 300 + 2);
    expect(verifyAuditChain(f.ledger.db)).toEqual({ ok: true, rows: n + 4 });
  });
});

describe('verifyAuditChain', () => {
  it('passes on a clean ledger, and on a new empty one', async () => {
    const f = await ledgerWithHistory();
    expect(verifyAuditChain(f.ledger.db)).toEqual({ ok: true, rows: f.rows });
    const f2 = await freshLedger();
    expect(verifyAuditChain(f2.ledger.db)).toEqual({ ok: true, rows: 1 });
  });

  it('detects an edited summary and names that row', async () => {
    const f = await ledgerWithHistory();
    const db = tamper(f, "UPDATE audit_log SET summary = '无关操作' WHERE seq = 3");
    const r = verifyAuditChain(db);
    expect(r.ok).toBe(false);
    expect(r.firstBadSeq).toBe(3);
    expect(r.reason).toContain('#3');
  });

  it('detects edited changes (a before/after image rewritten) and names that row', async () => {
    const f = await ledgerWithHistory();
    const db = tamper(f, "UPDATE audit_log SET changes = replace(changes, '县中医医院', '县人民医院') WHERE seq = 4");
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 4 });
  });

  it('detects a row whose hash was recomputed after editing (the next link breaks)', async () => {
    const f = await ledgerWithHistory();
    const row = f.ledger.db.prepare('SELECT * FROM audit_log WHERE seq = 2').get() as AuditRow;
    const forged = auditHash(row.prev_hash, row.seq, row.at, 'someone-else', row.method, row.summary, row.changes);
    const db = tamper(f, `UPDATE audit_log SET actor = 'someone-else', hash = '${forged}' WHERE seq = 2`);
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 3 });
  });

  it('detects a deleted middle row and names the missing seq', async () => {
    const f = await ledgerWithHistory();
    const db = tamper(f, 'DELETE FROM audit_log WHERE seq = 2');
    const r = verifyAuditChain(db);
    expect(r).toMatchObject({ ok: false, firstBadSeq: 2 });
    expect(r.reason).toMatch(/#2.*缺失/);
  });

  it('detects a deleted newest row through the recorded head', async () => {
    const f = await ledgerWithHistory();
    const db = tamper(f, `DELETE FROM audit_log WHERE seq = ${f.rows}`);
    const r = verifyAuditChain(db);
    expect(r).toMatchObject({ ok: false, firstBadSeq: f.rows });
    expect(r.reason).toContain('缺失');
  });

  it('detects the whole log being emptied', async () => {
    const f = await ledgerWithHistory();
    const db = tamper(f, 'DELETE FROM audit_log');
    expect(verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });

  it('the chain continues correctly after the ledger is reopened', async () => {
    const f = await ledgerWithHistory();
    f.ledger.close();
    const again = open(f.file, {});
    await again.invoke('units.batch', { ops: [{ op: 'insert', row: { code: 'Z9', name: '其他单位', type: '其他', parentCode: null } }] });
    expect(verifyAuditChain(again.db)).toEqual({ ok: true, rows: f.rows + 1 });
  });
});

describe('audit_log is append-only on the engine connection', () => {
  it('UPDATE and DELETE are refused by triggers, and the chain still verifies', async () => {
    const f = await ledgerWithHistory();
    expect(() => f.ledger.db.prepare("UPDATE audit_log SET summary = 'x' WHERE seq = 1").run()).toThrow(/append-only/);
    expect(() => f.ledger.db.prepare('DELETE FROM audit_log WHERE seq = 1').run()).toThrow(/append-only/);
    expect(() => f.ledger.db.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(auditCount(f.ledger)).toBe(f.rows);
    expect(verifyAuditChain(f.ledger.db).ok).toBe(true);
  });

  it('a non-admin session cannot reach the audit table to change it (no such method)', async () => {
    const f = await ledgerWithHistory();
    const auditor = await userSession(f, 'shenji', '审计');
    await fails(f.ledger, auditor, 'audit.delete', { seq: 1 }, 'UNKNOWN_METHOD');
  });
});
