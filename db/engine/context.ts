import type Database from 'better-sqlite3';
import type { ArgsOut, LedgerEvents, MethodName, ResultOf } from '../../shared/api';
import type { Role } from '../../shared/auth/roles';
import { LedgerError } from '../../shared/errors';
import { appendAudit, AuditRowWriter, type Change } from './audit';
import { nowIso } from './clock';

/** Who is calling. `scope` is the set of unit ids they may see and change; null = the whole community. */
export interface Actor {
  kind: 'user' | 'system' | 'anonymous';
  userId: string | null;
  /** Shown in audit rows and `updated_by`: the username, or `system:<name>` for CLI and jobs. */
  name: string;
  role: Role | null;
  unitId: string | null;
  scope: ReadonlySet<string> | null;
}

export interface Recorder {
  (change: Change): void;
}

export interface HandlerContext {
  db: Database.Database;
  actor: Actor;
  method: MethodName;
  file: string;
  sessionId: string | null;
  now(): string;
  /**
   * Run `fn` as one synchronous transaction; changes it records become one audit row in the
   * same transaction. Returns the audit sequence number (the batch id), or null if nothing changed.
   */
  write<T>(summary: string, fn: (record: Recorder, at: string) => T, opts?: { actor?: string }): { result: T; batchId: number | null };
  /**
   * Open a write transaction that stays open across awaits (a streamed import inserts each batch as
   * it arrives). Until it is committed or rolled back, every other call to this ledger waits, so
   * none sees its uncommitted rows or runs inside it. The caller must end it in a finally.
   */
  openWrite(summary: string): OpenWrite;
  /** Automatic backup into `<ledger>.backups/` (before bulk imports); returns the backup's path. */
  backup(reason: string): string;
  progress(task: string, done: number, total: number): void;
  emit<E extends keyof LedgerEvents>(event: E, payload: LedgerEvents[E]): void;
  /** Refuse unless the actor may touch this unit. */
  assertUnitInScope(unitId: string, unitLabel?: string): void;
  inScope(unitId: string | null): boolean;
  sessions: SessionStore;
}

export interface OpenWrite {
  at: string;
  record: Recorder;
  /** Append the audit row of what was recorded and commit; returns the batch id (null if nothing changed). */
  commit(): number | null;
  /** Undo everything since the transaction began (harmless after commit). */
  rollback(): void;
}

export type Handler<K extends MethodName> = (args: ArgsOut<K>, ctx: HandlerContext) => ResultOf<K> | Promise<ResultOf<K>>;
export type HandlerMap<K extends MethodName = MethodName> = { [P in K]: Handler<P> };

export interface SessionStore {
  create(userId: string): string;
  get(sessionId: string): { userId: string } | undefined;
  drop(sessionId: string): void;
  dropUser(userId: string): void;
}

/** Thrown inside `write` to roll the transaction back and still return a value (dry runs, rejected imports). */
export class Rollback<T> {
  constructor(readonly value: T) {}
}

export function makeWrite(db: Database.Database, actor: Actor, method: string) {
  // `opts.actor` names who acted when the caller is not yet a session (a login attempt is recorded under the username tried).
  return <T>(summary: string, fn: (record: Recorder, at: string) => T, opts: { actor?: string } = {}): { result: T; batchId: number | null } => {
    try {
      return db
        .transaction(() => {
          const changes: Change[] = [];
          const at = nowIso();
          const result = fn((c) => changes.push(c), at);
          const batchId = changes.length ? appendAudit(db, { actor: opts.actor ?? actor.name, method, summary, changes }) : null;
          return { result, batchId };
        })
        .immediate();
    } catch (err) {
      if (err instanceof Rollback) return { result: err.value as T, batchId: null };
      throw err;
    }
  };
}

/**
 * `openWrite` for a ledger. `hold` is given a promise that settles when the transaction ends: the
 * ledger makes other calls wait for it.
 */
export function makeOpenWrite(db: Database.Database, actor: Actor, method: string, hold: (ended: Promise<void>) => void) {
  return (summary: string): OpenWrite => {
    // The audit row's changes are serialised, encoded and hashed as they come, a thousand at a
    // time, so the commit does not stop for 100,000 of them (the text is what
    // JSON.stringify(changes) gives).
    let pending: Change[] = [];
    let count = 0;
    const at = nowIso();
    db.exec('BEGIN IMMEDIATE');
    let audit: AuditRowWriter;
    try {
      audit = new AuditRowWriter(db, { actor: actor.name, method, summary }, at);
    } catch (err) {
      db.exec('ROLLBACK');
      throw err;
    }
    const serialise = () => {
      if (pending.length) audit.write((count > pending.length ? ',' : '[') + JSON.stringify(pending).slice(1, -1));
      pending = [];
    };
    let release!: () => void;
    hold(new Promise<void>((resolve) => (release = resolve)));
    let open = true;
    const end = () => {
      open = false;
      release();
    };
    return {
      at,
      record: (c) => {
        pending.push(c);
        count++;
        if (pending.length >= 1000) serialise();
      },
      commit() {
        if (!open) throw new LedgerError('INTERNAL', '事务已结束', { key: 'error.INTERNAL' });
        try {
          serialise();
          let batchId: number | null = null;
          if (count) {
            audit.write(']');
            batchId = audit.finish();
          }
          // A long write leaves a big WAL: it is copied into the file (checkpointed) right after the
          // reply instead of inside this COMMIT. The COMMIT itself is durable (synchronous=FULL).
          db.pragma('wal_autocheckpoint = 0');
          try {
            db.exec('COMMIT');
          } finally {
            db.pragma('wal_autocheckpoint = 1000');
          }
          setImmediate(() => {
            if (db.open && !db.inTransaction) db.pragma('wal_checkpoint(PASSIVE)');
          });
          return batchId;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        } finally {
          end();
        }
      },
      rollback() {
        if (!open) return;
        try {
          if (db.inTransaction) db.exec('ROLLBACK');
        } finally {
          end();
        }
      },
    };
  };
}

export function scopeError(unitLabel?: string): LedgerError {
  return new LedgerError('FORBIDDEN', `无权操作${unitLabel ? `单位 ${unitLabel} ` : '该单位'}的数据（仅限本单位）`, {
    key: 'error.outOfScope',
    params: { unit: unitLabel ?? '' },
  });
}
