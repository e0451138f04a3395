import type Database from 'better-sqlite3';
import { LedgerError } from '../../shared/errors';
import type { Change } from './audit';
import type { Recorder } from './context';

/** Entities whose batches can be undone, and their tables. Later modules register theirs here. */
export const UNDOABLE_TABLES: Record<string, string> = {
  unit: 'units',
  department: 'departments',
  user: 'users',
  staff: 'staff',
};

const SAFE_COLUMN = /^[a-z_][a-z0-9_]*$/;

/** Columns an undo never puts back: row bookkeeping, and login/lockout state (security state, not data — undoing an unrelated edit must not clear a lockout). */
const NOT_RESTORED: Record<string, readonly string[]> = {
  users: ['failed_logins', 'locked_until', 'last_login_at'],
};

/** A constraint the database refuses (a code taken since, a parent deleted since, children added since) is a conflict the user must see, not an internal error. */
function conflictOnConstraint<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT')) {
      throw new LedgerError('CONFLICT', '无法撤销：相关记录之后已有其他修改（如编码已被占用、上级单位已删除或已新增下级记录）', { key: 'error.undoConflict' });
    }
    throw err;
  }
}

/**
 * Put every row a batch touched back as it was, newest change first. Refused (nothing changed)
 * if any of those rows was changed again since — the user must see that conflict, not lose it.
 */
export function revertChanges(db: Database.Database, changes: Change[], actor: string, at: string, record: Recorder): void {
  for (const c of [...changes].reverse()) {
    const table = UNDOABLE_TABLES[c.entity];
    if (!table) throw new LedgerError('NOTHING_TO_UNDO', `此操作（${c.entity}）不能撤销`, { key: 'error.notUndoable' });
    const current = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(c.id) as Record<string, unknown> | undefined;
    const expectedVersion = c.after ? (c.after.version as number) : undefined;
    if (c.after && (!current || current.version !== expectedVersion)) {
      const by = current ? `${String(current.updated_by)} 于 ${String(current.updated_at)}` : '其他用户';
      throw new LedgerError('CONFLICT', `无法撤销：相关记录之后已被 ${by} 修改或删除`, { key: 'error.undoConflict', details: [{ id: c.id, message: `已被 ${by} 修改` }] });
    }
    if (!c.after && current) throw new LedgerError('CONFLICT', '无法撤销：被删除的记录已被重新建立', { key: 'error.undoConflict', details: [{ id: c.id, message: '记录已存在' }] });

    if (c.before === null) {
      conflictOnConstraint(() => db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(c.id));
      record({ entity: c.entity, id: c.id, before: current ?? null, after: null });
      continue;
    }
    const cols = Object.keys(c.before).filter((k) => SAFE_COLUMN.test(k) && !['version', 'updated_at', 'updated_by', ...(NOT_RESTORED[table] ?? [])].includes(k));
    const nextVersion = ((current?.version as number | undefined) ?? (c.before.version as number)) + 1;
    if (current) {
      conflictOnConstraint(() =>
        db.prepare(`UPDATE ${table} SET ${cols.map((k) => `${k} = @${k}`).join(', ')}, version = @version, updated_at = @updated_at, updated_by = @updated_by WHERE id = @id`).run({
          ...Object.fromEntries(cols.map((k) => [k, c.before![k]])),
          version: nextVersion,
          updated_at: at,
          updated_by: actor,
          id: c.id,
        }),
      );
    } else {
      const all = [...cols, 'version', 'updated_at', 'updated_by'];
      conflictOnConstraint(() =>
        db.prepare(`INSERT INTO ${table} (${all.join(', ')}) VALUES (${all.map((k) => `@${k}`).join(', ')})`).run({
          ...Object.fromEntries(cols.map((k) => [k, c.before![k]])),
          version: nextVersion,
          updated_at: at,
          updated_by: actor,
        }),
      );
    }
    const after = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(c.id) as Record<string, unknown>;
    if (table === 'users') delete after.password_hash;
    record({ entity: c.entity, id: c.id, before: current ?? null, after });
  }
}
