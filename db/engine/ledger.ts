import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { api, isMethodName, type ArgsIn, type LedgerEvents, type MethodName, type Reply, type ResultOf } from '../../shared/api';
import { can } from '../../shared/auth/roles';
import { LedgerError, toErrorJSON, type ErrorDetail } from '../../shared/errors';
import { msg, type Lang } from '../../shared/i18n/messages';
import { handlers } from '../modules';
import { nowIso } from './clock';
import { makeOpenWrite, makeWrite, scopeError, type Actor, type HandlerContext, type SessionStore } from './context';
import { makeBackup } from './backup';
import { openDatabase, type OpenOptions } from './database';
import { loadActor } from './scope';

export interface CallContext {
  /** Session from `session.login` (renderer via desktop or web host). */
  sessionId?: string | null;
  /** Trusted local caller (CLI, demo builder): acts with full rights under this name. */
  system?: { actor: string };
  lang?: Lang;
}

export interface Ledger {
  readonly file: string;
  /** Call a method; never throws — errors come back as `{ ok: false, error }`. */
  call(method: string, args: unknown, ctx?: CallContext): Promise<Reply<unknown>>;
  /** Typed convenience for trusted code: throws LedgerError on failure. */
  invoke<K extends MethodName>(method: K, args: ArgsIn<K>, ctx?: CallContext): Promise<ResultOf<K>>;
  on<E extends keyof LedgerEvents>(event: E, cb: (payload: LedgerEvents[E]) => void): () => void;
  close(): void;
  /** The raw connection, for engine-side tools (verify, backup, benchmarks). Not for hosts' features. */
  readonly db: Database.Database;
}

const SESSION_IDLE_MS = 8 * 60 * 60 * 1000;

function memorySessions(): SessionStore {
  const map = new Map<string, { userId: string; lastSeen: number }>();
  return {
    create(userId) {
      const id = randomBytes(24).toString('base64url');
      map.set(id, { userId, lastSeen: Date.now() });
      return id;
    },
    get(id) {
      const s = map.get(id);
      if (!s) return undefined;
      if (Date.now() - s.lastSeen > SESSION_IDLE_MS) {
        map.delete(id);
        return undefined;
      }
      s.lastSeen = Date.now();
      return s;
    },
    drop(id) {
      map.delete(id);
    },
    dropUser(userId) {
      for (const [k, v] of map) if (v.userId === userId) map.delete(k);
    },
  };
}

/** Turn zod issues into row/field details with messages in the caller's language. */
export function zodDetails(error: z.ZodError, lang: Lang = 'zh'): ErrorDetail[] {
  return error.issues.map((i) => {
    const detail: ErrorDetail = { message: msg(i.message, lang), field: i.path.map(String).join('.') };
    // Batch ops: path is ['ops', index, 'row'|'changes', field] — report the 1-based row in the batch.
    if (i.path[0] === 'ops' && typeof i.path[1] === 'number') {
      detail.row = i.path[1] + 1;
      detail.field = i.path.slice(3).map(String).join('.') || i.path.slice(2).map(String).join('.');
    }
    return detail;
  });
}

const ANONYMOUS: Actor = { kind: 'anonymous', userId: null, name: 'anonymous', role: null, unitId: null, scope: null };

export function openLedger(file: string, opts: OpenOptions = {}): Ledger {
  const absolute = path.resolve(file);
  const db = openDatabase(absolute, opts);
  const events = new EventEmitter();
  const sessions = memorySessions();
  // Writes are serialised: an import may parse its file asynchronously before its transaction,
  // and a second write must not interleave with it.
  let writeChain: Promise<unknown> = Promise.resolve();
  // While a write transaction is held open across awaits (ctx.openWrite), every other call waits.
  let heldOpen: Promise<void> | null = null;
  const hold = (ended: Promise<void>) => {
    heldOpen = ended;
    void ended.then(() => {
      if (heldOpen === ended) heldOpen = null;
    });
  };

  function resolveActor(ctx: CallContext, access: string): Actor {
    if (ctx.system) return { kind: 'system', userId: null, name: `system:${ctx.system.actor}`, role: 'admin', unitId: null, scope: null };
    if (access === 'public') return ANONYMOUS;
    const s = ctx.sessionId ? sessions.get(ctx.sessionId) : undefined;
    if (!s) throw new LedgerError('UNAUTHENTICATED', '未登录或登录已过期，请重新登录', { key: 'error.UNAUTHENTICATED' });
    const actor = loadActor(db, s.userId);
    if (!actor) {
      sessions.drop(ctx.sessionId!);
      throw new LedgerError('UNAUTHENTICATED', '账号已停用或不存在，请重新登录', { key: 'error.UNAUTHENTICATED' });
    }
    return actor;
  }

  async function run(method: string, rawArgs: unknown, ctx: CallContext): Promise<unknown> {
    while (heldOpen) await heldOpen;
    if (!isMethodName(method)) {
      throw new LedgerError('UNKNOWN_METHOD', `未知的操作：${String(method).slice(0, 80)}`, { key: 'error.UNKNOWN_METHOD', params: { method: String(method).slice(0, 80) } });
    }
    const spec = api[method];
    const parsed = spec.args.safeParse(rawArgs ?? {});
    if (!parsed.success) {
      const details = zodDetails(parsed.error, ctx.lang);
      const first = details[0];
      throw new LedgerError('VALIDATION', `参数有误：${first ? `${first.row ? `第 ${first.row} 行：` : first.field ? `${first.field}：` : ''}${first.message}` : ''}${details.length > 1 ? `（共 ${details.length} 处）` : ''}`, {
        key: 'error.VALIDATION',
        details,
      });
    }
    const actor = resolveActor(ctx, spec.access);
    if ((spec.access === 'read' || spec.access === 'write') && spec.permission) {
      if (!actor.role || !can(actor.role, spec.permission)) {
        throw new LedgerError('FORBIDDEN', '当前角色无权执行此操作', { key: 'error.FORBIDDEN', params: { method } });
      }
    }
    const hctx: HandlerContext = {
      db,
      actor,
      method,
      file: absolute,
      sessionId: ctx.sessionId ?? null,
      now: nowIso,
      write: makeWrite(db, actor, method),
      openWrite: makeOpenWrite(db, actor, method, hold),
      backup: (reason) => makeBackup(db, absolute, reason),
      progress: (task, done, total) => events.emit('progress', { task, done, total }),
      emit: (event, payload) => events.emit(event, payload),
      inScope: (unitId) => actor.scope === null || (unitId !== null && actor.scope.has(unitId)),
      assertUnitInScope(unitId, label) {
        if (!this.inScope(unitId)) throw scopeError(label);
      },
      sessions,
    };
    const handler = handlers[method] as (a: unknown, c: HandlerContext) => unknown;
    if (spec.access === 'write') {
      const next = writeChain.then(() => handler(parsed.data, hctx));
      writeChain = next.catch(() => undefined);
      return next;
    }
    return handler(parsed.data, hctx);
  }

  const ledger: Ledger = {
    file: absolute,
    db,
    async call(method, args, ctx = {}) {
      try {
        return { ok: true, result: await run(method, args, ctx) };
      } catch (err) {
        if (!(err instanceof LedgerError) && process.env.LEDGER_DEBUG) console.error(err);
        return { ok: false, error: toErrorJSON(err) };
      }
    },
    async invoke(method, args, ctx = { system: { actor: 'internal' } }) {
      const reply = await ledger.call(method, args, ctx);
      if (!reply.ok) throw LedgerError.fromJSON(reply.error);
      return reply.result as never;
    },
    on(event, cb) {
      events.on(event, cb);
      return () => events.off(event, cb);
    },
    close() {
      if (db.open) {
        db.pragma('optimize');
        db.close();
      }
    },
  };
  return ledger;
}
