import type Database from 'better-sqlite3';
import { UNIT_SCOPED_ROLES, type Role } from '../../shared/auth/roles';
import type { Actor } from './context';

/** The unit and every unit under it (a township centre and its village clinics). */
export function unitSubtree(db: Database.Database, unitId: string): Set<string> {
  const rows = db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT ? UNION SELECT u.id FROM units u JOIN sub ON u.parent_id = sub.id)
       SELECT id FROM sub`,
    )
    .pluck()
    .all(unitId) as string[];
  return new Set(rows);
}

/** Load a logged-in user as an actor; null when the account no longer exists or is disabled. */
export function loadActor(db: Database.Database, userId: string): Actor | null {
  const u = db.prepare('SELECT id, username, role, unit_id, disabled FROM users WHERE id = ?').get(userId) as
    | { id: string; username: string; role: Role; unit_id: string | null; disabled: number }
    | undefined;
  if (!u || u.disabled) return null;
  const scoped = UNIT_SCOPED_ROLES.includes(u.role);
  return {
    kind: 'user',
    userId: u.id,
    name: u.username,
    role: u.role,
    unitId: u.unit_id,
    // A scoped user without a unit sees nothing rather than everything.
    scope: scoped ? (u.unit_id ? unitSubtree(db, u.unit_id) : new Set()) : null,
  };
}
