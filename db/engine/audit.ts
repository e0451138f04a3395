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
export function appendAudit(db: Database.Database, entry: { actor: string; method: string; summary: string; changes: Change[] }): number {
  const row = new AuditRowWriter(db, entry, nowIso());
  row.write(JSON.stringify(entry.changes));
  return row.finish();
}

/**
 * An audit row whose changes text is written in pieces, for a long write (an import of 100,000
 * cards: 15 MB of changes): each piece is encoded and hashed as it comes, so the commit neither
 * joins the text nor reads it again to hash it. The row, its hash and the chain head are exactly
 * what appendAudit writes for the whole text. Made inside the write's transaction, which holds
 * the write lock from then on, so the sequence number and previous hash cannot change under it.
 */
export class AuditRowWriter {
  private readonly seq: number;
  private readonly prevHash: string;
  private readonly hash = createHash('sha256');
  private readonly pieces: Buffer[] = [];

  constructor(
    private readonly db: Database.Database,
    private readonly entry: { actor: string; method: string; summary: string },
    private readonly at: string,
  ) {
    const last = db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: string } | undefined;
    this.seq = (last?.seq ?? 0) + 1;
    this.prevHash = last?.hash ?? GENESIS_HASH;
    // auditHash's fields before the changes, with their separators.
    this.hash.update([this.prevHash, String(this.seq), at, entry.actor, entry.method, entry.summary, ''].join('\u001f'));
  }

  /** The next piece of the changes' JSON text. */
  write(text: string): void {
    const bytes = Buffer.from(text, 'utf8');
    this.hash.update(bytes);
    this.pieces.push(bytes);
  }

  /** Insert the row and move the chain head; returns its sequence number (the batch id). */
  finish(): number {
    const { db, entry, seq, at, prevHash } = this;
    const hash = this.hash.digest('hex');
    // The text goes in as its UTF-8 bytes, read as TEXT by SQLite: no second conversion of 15 MB.
    db.prepare('INSERT INTO audit_log (seq, at, actor, method, summary, changes, prev_hash, hash) VALUES (?,?,?,?,?,CAST(? AS TEXT),?,?)').run(
      seq,
      at,
      entry.actor,
      entry.method,
      entry.summary,
      Buffer.concat(this.pieces),
      prevHash,
      hash,
    );
    db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(HEAD_KEY, `${seq}:${hash}`);
    return seq;
  }
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
