import type Database from 'better-sqlite3';
import type { UserRow } from '../../../shared/api/types';
import { ROLE_LABELS, type Role } from '../../../shared/auth/roles';
import { LedgerError, type ErrorDetail } from '../../../shared/errors';
import type { HandlerContext, HandlerMap } from '../../engine/context';
import { hashPassword } from '../../engine/password';
import { loadForEdit, newId } from '../../engine/rows';
import { writeSheet } from '../../io/sheet';
import { throwIfProblems } from '../batch';
import { unitByCode } from '../org/units';

export interface UserDb {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit_id: string | null;
  password_hash: string;
  disabled: number;
  failed_logins: number;
  locked_until: string | null;
  last_login_at: string | null;
  version: number;
  updated_at: string;
  updated_by: string;
}

const SELECT_ROW = `
  SELECT s.id, s.username, s.display_name AS displayName, s.role, u.code AS unitCode, u.name AS unitName,
         s.disabled, s.locked_until AS lockedUntil, s.last_login_at AS lastLoginAt,
         s.version, s.updated_at AS updatedAt, s.updated_by AS updatedBy
  FROM users s LEFT JOIN units u ON u.id = s.unit_id`;

type DbUserRow = Omit<UserRow, 'disabled'> & { disabled: number };
const fromDb = (r: DbUserRow): UserRow => ({ ...r, disabled: r.disabled !== 0 });

export function userRowById(db: Database.Database, id: string): UserRow {
  return fromDb(db.prepare(`${SELECT_ROW} WHERE s.id = ?`).get(id) as DbUserRow);
}

/** Audit image of a user without the password hash (secrets never enter the audit log). */
export function userImage(db: Database.Database, id: string): Record<string, unknown> | null {
  const row = db.prepare('SELECT * FROM users WHERE id = ?').get(id) as Record<string, unknown> | undefined;
  if (!row) return null;
  const { password_hash: _secret, ...rest } = row;
  return rest;
}

function resolveUnit(db: Database.Database, role: Role, unitCode: string | null, row: number): { unitId: string | null; problems: ErrorDetail[] } {
  if (unitCode === null) {
    if (role === 'unit_operator') return { unitId: null, problems: [{ row, field: 'unitCode', message: '成员单位操作员必须指定所属单位' }] };
    return { unitId: null, problems: [] };
  }
  const unit = unitByCode(db, unitCode);
  if (!unit) return { unitId: null, problems: [{ row, field: 'unitCode', message: `单位编码 ${unitCode} 不存在` }] };
  return { unitId: unit.id, problems: [] };
}

function activeAdmins(db: Database.Database, exceptId: string): number {
  return (db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0 AND id <> ?").get(exceptId) as { n: number }).n;
}

function listUsers(ctx: HandlerContext): UserRow[] {
  return (ctx.db.prepare(`${SELECT_ROW} ORDER BY s.username`).all() as DbUserRow[]).map(fromDb);
}

export const userHandlers: HandlerMap<'users.list' | 'users.add' | 'users.batch' | 'users.setPassword' | 'users.unlock' | 'users.export'> = {
  'users.list': (_args, ctx) => listUsers(ctx),

  'users.add': (args, ctx) => {
    // Hash outside the transaction: scrypt is deliberately slow and must not hold the write lock.
    const hash = hashPassword(args.password);
    const { result } = ctx.write(`新增用户 ${args.username}`, (record, at) => {
      const problems: ErrorDetail[] = [];
      const { unitId, problems: unitProblems } = resolveUnit(ctx.db, args.role, args.unitCode, 1);
      problems.push(...unitProblems);
      const dup = ctx.db.prepare('SELECT id FROM users WHERE username = ?').get(args.username);
      if (dup) problems.push({ row: 1, field: 'username', message: `用户名 ${args.username} 已存在` });
      throwIfProblems(problems, '新用户');
      const id = newId();
      ctx.db
        .prepare('INSERT INTO users (id, username, display_name, role, unit_id, password_hash, disabled, created_at, updated_at, updated_by, version) VALUES (?,?,?,?,?,?,?,?,?,?,1)')
        .run(id, args.username, args.displayName, args.role, unitId, hash, args.disabled ? 1 : 0, at, at, ctx.actor.name);
      record({ entity: 'user', id, before: null, after: userImage(ctx.db, id) });
      return userRowById(ctx.db, id);
    });
    return result;
  },

  'users.batch': ({ ops }, ctx) => {
    const { result, batchId } = ctx.write(`编辑用户 ${ops.length} 行`, (record, at) => {
      const problems: ErrorDetail[] = [];
      const affected = new Set<string>();
      ops.forEach((op, i) => {
        const row = i + 1;
        if (op.op === 'insert') {
          problems.push({ row, field: 'username', message: '新增用户请使用“新增用户”（需要设置密码）' });
          return;
        }
        if (op.op === 'delete') {
          problems.push({ row, id: op.id, field: 'username', message: '用户不能删除（审计记录引用其账号），请改为停用' });
          return;
        }
        const cur = loadForEdit<UserDb>(ctx.db, 'users', op.id, op.version, '用户', row);
        const role = op.changes.role ?? cur.role;
        const disabled = op.changes.disabled ?? Boolean(cur.disabled);
        let unitId = cur.unit_id;
        if (op.changes.unitCode !== undefined || op.changes.role !== undefined) {
          const currentCode = cur.unit_id ? (ctx.db.prepare('SELECT code FROM units WHERE id = ?').pluck().get(cur.unit_id) as string) : null;
          const r = resolveUnit(ctx.db, role, op.changes.unitCode !== undefined ? op.changes.unitCode : currentCode, row);
          if (r.problems.length) {
            problems.push(...r.problems.map((p) => ({ ...p, id: op.id })));
            return;
          }
          unitId = r.unitId;
        }
        if (cur.role === 'admin' && (role !== 'admin' || disabled) && activeAdmins(ctx.db, cur.id) === 0) {
          problems.push({ row, id: op.id, field: role !== 'admin' ? 'role' : 'disabled', message: '至少需要保留一个启用的系统管理员' });
          return;
        }
        const before = userImage(ctx.db, cur.id);
        ctx.db
          .prepare('UPDATE users SET display_name=?, role=?, unit_id=?, disabled=?, updated_at=?, updated_by=?, version=version+1 WHERE id=?')
          .run(op.changes.displayName ?? cur.display_name, role, unitId, disabled ? 1 : 0, at, ctx.actor.name, cur.id);
        if (disabled || role !== cur.role || unitId !== cur.unit_id) ctx.sessions.dropUser(cur.id);
        record({ entity: 'user', id: cur.id, before, after: userImage(ctx.db, cur.id) });
        affected.add(cur.id);
      });
      throwIfProblems(problems, '用户表');
      return { rows: [...affected].map((id) => userRowById(ctx.db, id)), deletedIds: [] as string[] };
    });
    return { batchId: batchId ?? 0, ...result };
  },

  'users.setPassword': ({ id, version, password }, ctx) => {
    const hash = hashPassword(password);
    return ctx.write('重置用户密码', (record, at) => {
      const cur = loadForEdit<UserDb>(ctx.db, 'users', id, version, '用户');
      const before = userImage(ctx.db, id);
      ctx.db.prepare('UPDATE users SET password_hash=?, failed_logins=0, locked_until=NULL, updated_at=?, updated_by=?, version=version+1 WHERE id=?').run(hash, at, ctx.actor.name, cur.id);
      ctx.sessions.dropUser(cur.id);
      record({ entity: 'user', id, before, after: userImage(ctx.db, id) });
      return userRowById(ctx.db, id);
    }).result;
  },

  'users.unlock': ({ id, version }, ctx) =>
    ctx.write('解锁用户', (record, at) => {
      loadForEdit<UserDb>(ctx.db, 'users', id, version, '用户');
      const before = userImage(ctx.db, id);
      ctx.db.prepare('UPDATE users SET failed_logins=0, locked_until=NULL, updated_at=?, updated_by=?, version=version+1 WHERE id=?').run(at, ctx.actor.name, id);
      record({ entity: 'user', id, before, after: userImage(ctx.db, id) });
      return userRowById(ctx.db, id);
    }).result,

  'users.export': async (_args, ctx) => {
    const rows = listUsers(ctx).map((u) => ({ ...u, role: ROLE_LABELS[u.role], disabled: u.disabled ? '是' : '否' }));
    const bytes = await writeSheet(
      '用户',
      [
        { header: '用户名', key: 'username', width: 16 },
        { header: '姓名', key: 'displayName', width: 12 },
        { header: '角色', key: 'role', width: 14 },
        { header: '所属单位编码', key: 'unitCode', width: 14 },
        { header: '所属单位名称', key: 'unitName', width: 30 },
        { header: '停用', key: 'disabled', width: 8 },
        { header: '最近登录', key: 'lastLoginAt', width: 22 },
      ],
      rows,
    );
    return { fileName: `用户-${new Date().toISOString().slice(0, 10)}.xlsx`, base64: bytes.toString('base64') };
  },
};

export function assertNoUsers(db: Database.Database): void {
  const n = (db.prepare('SELECT count(*) AS n FROM users').get() as { n: number }).n;
  if (n > 0) throw new LedgerError('ALREADY_SET_UP', '系统已初始化，管理员账号已存在', { key: 'error.ALREADY_SET_UP' });
}
