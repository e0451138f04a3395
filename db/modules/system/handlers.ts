import type { SessionUser } from '../../../shared/api/types';
import { LOCKOUT_MINUTES, MAX_FAILED_LOGINS } from '../../../shared/auth/roles';
import { LedgerError } from '../../../shared/errors';
import type { Change } from '../../engine/audit';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { hashPassword, verifyPassword } from '../../engine/password';
import { newId } from '../../engine/rows';
import { revertChanges } from '../../engine/undo';
import { SCHEMA_VERSION } from '../../migrations';
import { assertNoUsers, userImage, type UserDb } from '../users/handlers';

// A real scrypt hash to verify against when the username is unknown, so a wrong username and
// a wrong password take the same time (no account enumeration).
let dummyHash: string | undefined;

export function getSetting(ctx: { db: HandlerContext['db'] }, key: string): string | null {
  return (ctx.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined) ?? null;
}

function sessionUser(ctx: HandlerContext, userId: string): SessionUser {
  return ctx.db
    .prepare(
      `SELECT s.id, s.username, s.display_name AS displayName, s.role, u.code AS unitCode, u.name AS unitName
       FROM users s LEFT JOIN units u ON u.id = s.unit_id WHERE s.id = ?`,
    )
    .get(userId) as SessionUser;
}

function localTime(iso: string): string {
  return new Date(iso).toLocaleString('zh-CN', { hour12: false });
}

export const systemHandlers: HandlerMap<
  'setup.status' | 'setup.createAdmin' | 'session.login' | 'session.logout' | 'session.me' | 'session.changePassword' | 'system.info' | 'batch.undo' | 'audit.list'
> = {
  'setup.status': (_a, ctx) => ({
    needsAdmin: (ctx.db.prepare('SELECT count(*) FROM users').pluck().get() as number) === 0,
    communityName: getSetting(ctx, 'community.name'),
    schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
  }),

  'setup.createAdmin': (args, ctx) => {
    assertNoUsers(ctx.db);
    const hash = hashPassword(args.password);
    const { result: id } = ctx.write(`初始化：${args.communityName}，管理员 ${args.username}`, (record, at) => {
      assertNoUsers(ctx.db); // re-checked inside the transaction: two first-run forms cannot both win
      ctx.db.prepare("INSERT INTO settings (key, value) VALUES ('community.name', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(args.communityName);
      const userId = newId();
      ctx.db
        .prepare("INSERT INTO users (id, username, display_name, role, unit_id, password_hash, created_at, updated_at, updated_by, version) VALUES (?,?,?,'admin',NULL,?,?,?,?,1)")
        .run(userId, args.username, args.displayName, hash, at, at, args.username);
      record({ entity: 'user', id: userId, before: null, after: userImage(ctx.db, userId) });
      record({ entity: 'setting', id: 'community.name', before: null, after: { value: args.communityName } });
      return userId;
    }, { actor: args.username });
    return { sessionId: ctx.sessions.create(id), user: sessionUser(ctx, id) };
  },

  'session.login': ({ username, password }, ctx) => {
    const u = ctx.db.prepare('SELECT * FROM users WHERE username = ?').get(username) as UserDb | undefined;
    const bad = new LedgerError('BAD_CREDENTIALS', '用户名或密码错误', { key: 'error.BAD_CREDENTIALS' });
    if (!u) {
      verifyPassword(password, (dummyHash ??= hashPassword('not-a-password')));
      throw bad;
    }
    const now = ctx.now();
    if (u.locked_until && u.locked_until > now) {
      throw new LedgerError('LOCKED', `连续 ${MAX_FAILED_LOGINS} 次密码错误，账号已锁定至 ${localTime(u.locked_until)}，请稍后再试或联系管理员解锁`, {
        key: 'error.LOCKED',
        params: { until: u.locked_until },
      });
    }
    const ok = verifyPassword(password, u.password_hash);
    if (!ok || u.disabled) {
      // Login bookkeeping does not bump the row version: it must not make an administrator's open edit stale.
      const failures = u.failed_logins + 1;
      const lock = failures >= MAX_FAILED_LOGINS ? new Date(Date.now() + LOCKOUT_MINUTES * 60_000).toISOString() : null;
      ctx.write(lock ? `登录失败，账号锁定 ${LOCKOUT_MINUTES} 分钟` : '登录失败', (record) => {
        ctx.db.prepare('UPDATE users SET failed_logins = ?, locked_until = ? WHERE id = ?').run(lock ? 0 : failures, lock, u.id);
        record({ entity: 'login', id: u.id, before: null, after: { username: u.username, failures, lockedUntil: lock } });
      }, { actor: u.username });
      if (u.disabled && ok) throw new LedgerError('FORBIDDEN', '账号已停用，请联系管理员', { key: 'error.disabled' });
      if (lock) {
        throw new LedgerError('LOCKED', `连续 ${MAX_FAILED_LOGINS} 次密码错误，账号已锁定至 ${localTime(lock)}`, { key: 'error.LOCKED', params: { until: lock } });
      }
      throw bad;
    }
    ctx.write('登录', (record, at) => {
      ctx.db.prepare('UPDATE users SET failed_logins = 0, locked_until = NULL, last_login_at = ? WHERE id = ?').run(at, u.id);
      record({ entity: 'login', id: u.id, before: null, after: { username: u.username } });
    }, { actor: u.username });
    return { sessionId: ctx.sessions.create(u.id), user: sessionUser(ctx, u.id) };
  },

  'session.logout': (_a, ctx) => {
    if (ctx.sessionId) ctx.sessions.drop(ctx.sessionId);
    return { ok: true };
  },

  'session.me': (_a, ctx) => {
    if (!ctx.actor.userId) throw new LedgerError('UNAUTHENTICATED', '未登录', { key: 'error.UNAUTHENTICATED' });
    return sessionUser(ctx, ctx.actor.userId);
  },

  'session.changePassword': ({ current, next }, ctx) => {
    const u = ctx.db.prepare('SELECT * FROM users WHERE id = ?').get(ctx.actor.userId) as UserDb | undefined;
    if (!u || !verifyPassword(current, u.password_hash)) throw new LedgerError('BAD_CREDENTIALS', '当前密码不正确', { key: 'error.BAD_CREDENTIALS' });
    const hash = hashPassword(next);
    ctx.write('修改本人密码', (record, at) => {
      ctx.db.prepare('UPDATE users SET password_hash = ?, updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?').run(hash, at, ctx.actor.name, u.id);
      record({ entity: 'user', id: u.id, before: null, after: { passwordChanged: true } });
    });
    return { ok: true };
  },

  'system.info': (_a, ctx) => ({
    path: ctx.file,
    schemaVersion: ctx.db.pragma('user_version', { simple: true }) as number,
    appSchemaVersion: SCHEMA_VERSION,
    communityName: getSetting(ctx, 'community.name'),
    pageSize: ctx.db.pragma('page_size', { simple: true }) as number,
    pageCount: ctx.db.pragma('page_count', { simple: true }) as number,
  }),

  'batch.undo': ({ batchId }, ctx) => {
    const { result, batchId: undoBatchId } = ctx.write(`撤销批次 #${batchId}`, (record, at) => {
      const row = ctx.db.prepare('SELECT seq, actor, method, changes FROM audit_log WHERE seq = ?').get(batchId) as { seq: number; actor: string; method: string; changes: string } | undefined;
      if (!row) throw new LedgerError('NOTHING_TO_UNDO', `批次 #${batchId} 不存在`, { key: 'error.NOTHING_TO_UNDO' });
      if (row.actor !== ctx.actor.name && ctx.actor.role !== 'admin') throw new LedgerError('FORBIDDEN', '只能撤销本人所做的操作', { key: 'error.FORBIDDEN' });
      if (ctx.db.prepare('SELECT 1 FROM undone_batches WHERE batch_seq = ?').get(batchId)) {
        throw new LedgerError('NOTHING_TO_UNDO', `批次 #${batchId} 已撤销过`, { key: 'error.NOTHING_TO_UNDO' });
      }
      const changes = JSON.parse(row.changes) as Change[];
      // Scope still applies: a unit operator cannot undo into another unit's rows.
      for (const c of changes) {
        const unitId = (c.before?.unit_id ?? c.after?.unit_id) as string | undefined;
        if (unitId !== undefined && !ctx.inScope(unitId)) throw new LedgerError('FORBIDDEN', '该批次涉及您权限范围以外的单位，不能撤销', { key: 'error.outOfScope' });
      }
      revertChanges(ctx.db, changes, ctx.actor.name, at, record);
      // The undo's own audit row is appended right after this function, in this transaction, as the next seq.
      const undoSeq = (ctx.db.prepare('SELECT max(seq) FROM audit_log').pluck().get() as number) + 1;
      ctx.db.prepare('INSERT INTO undone_batches (batch_seq, undo_seq) VALUES (?, ?)').run(row.seq, undoSeq);
      return { undoneBatchId: row.seq, method: row.method };
    });
    return { ...result, batchId: undoBatchId! };
  },

  'audit.list': ({ limit, beforeSeq }, ctx) =>
    ctx.db
      .prepare(`SELECT seq, at, actor, method, summary, hash FROM audit_log ${beforeSeq ? 'WHERE seq < ?' : ''} ORDER BY seq DESC LIMIT ?`)
      .all(...(beforeSeq ? [beforeSeq, limit] : [limit])) as never,
};
