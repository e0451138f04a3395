import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { nowIso } from './clock';

/** One row changed by a write: before/after images (null for insert/delete). Undo replays these backwards. */
export interface Change {
  entity: string;
  id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export const GENESIS_HASH = '0'.repeat(64);
const HEAD_KEY = 'audit.head';

export function auditHash(prevHash: string, seq: number, at: string, actor: string, method: string, summary: string, changes: string): string {
  return createHash('sha256')
    .update([prevHash, String(seq), at, actor, method, summary, changes].join('\u001f'))
    .digest('hex');
}

/**
 * Append one audit row, chained to the previous one. Must run inside the write's transaction,
 * so the row exists exactly when the change does. The chain head is also kept in `settings`
 * so that removing the newest rows is detected too.
 */
export function appendAudit(db: Database.Database, entry: { actor: string; method: string; summary: string; changes: Change[] | string }): number {
  const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS_HASH;
  const at = nowIso();
  // A string is the changes already serialised (JSON.stringify of the array, built piecewise by a long write).
  const changes = typeof entry.changes === 'string' ? entry.changes : JSON.stringify(entry.changes);
  const hash = auditHash(prevHash, seq, at, entry.actor, entry.method, entry.summary, changes);
  db.prepare('INSERT INTO audit_log (seq, at, actor, method, summary, changes, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?)').run(
    seq,
    at,
    entry.actor,
    entry.method,
    entry.summary,
    changes,
    prevHash,
    hash,
  );
  db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(HEAD_KEY, `${seq}:${hash}`);
  return seq;
}

export interface ChainReport {
  ok: boolean;
  rows: number;
  /** First audit row that was altered, or the first sequence number found missing. */
  firstBadSeq?: number;
  reason?: string;
}

/** Walk the whole chain: contiguous sequence numbers, each row's hash, each link, and the recorded head. */
export function verifyAuditChain(db: Database.Database): ChainReport {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let rows = 0;
  const stmt = db.prepare('SELECT seq, at, actor, method, summary, changes, prev_hash, hash FROM audit_log ORDER BY seq');
  for (const r of stmt.iterate() as IterableIterator<{
    seq: number;
    at: string;
    actor: string;
    method: string;
    summary: string;
    changes: string;
    prev_hash: string;
    hash: string;
  }>) {
    if (r.seq !== expectedSeq) {
      return { ok: false, rows, firstBadSeq: expectedSeq, reason: `审计记录 #${expectedSeq} 缺失（被删除）` };
    }
    if (r.prev_hash !== prevHash) {
      return { ok: false, rows, firstBadSeq: r.seq, reason: `审计记录 #${r.seq} 的前序哈希与链不符（前一行被改动或删除）` };
    }
    if (auditHash(r.prev_hash, r.seq, r.at, r.actor, r.method, r.summary, r.changes) !== r.hash) {
      return { ok: false, rows, firstBadSeq: r.seq, reason: `审计记录 #${r.seq} 的内容已被改动` };
    }
    prevHash = r.hash;
    expectedSeq++;
    rows++;
  }
  const head = (db.prepare('SELECT value FROM settings WHERE key = ?').get(HEAD_KEY) as { value: string } | undefined)?.value;
  const actualHead = rows === 0 ? undefined : `${expectedSeq - 1}:${prevHash}`;
  if (head !== actualHead) {
    const headSeq = head ? Number(head.split(':')[0]) : 0;
    if (headSeq > rows) return { ok: false, rows, firstBadSeq: rows + 1, reason: `审计记录 #${rows + 1} 及之后的记录缺失（被删除）` };
    return { ok: false, rows, firstBadSeq: Math.max(1, headSeq), reason: '审计链头与记录不符' };
  }
  return { ok: true, rows };
}
