import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { LedgerError } from '../../shared/errors';

export const newId = (): string => randomUUID();

export interface VersionedRow {
  id: string;
  version: number;
  updated_at: string;
  updated_by: string;
}

/**
 * Load a row an edit is based on and refuse the edit if someone changed it since
 * (optimistic concurrency: never overwrite silently).
 */
export function loadForEdit<T extends VersionedRow>(db: Database.Database, table: string, id: string, version: number, label: string, row?: number): T {
  const current = db.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as T | undefined;
  if (!current) {
    throw new LedgerError('NOT_FOUND', `${label}不存在或已被删除，请刷新`, { key: 'error.NOT_FOUND', details: [{ id, message: '记录不存在', ...(row ? { row } : {}) }] });
  }
  if (current.version !== version) {
    throw new LedgerError('CONFLICT', `${label}已被 ${current.updated_by} 于 ${current.updated_at} 修改，请刷新后再编辑`, {
      key: 'error.CONFLICT',
      params: { by: current.updated_by, at: current.updated_at },
      details: [{ id, message: `已被 ${current.updated_by} 于 ${current.updated_at} 修改`, ...(row ? { row } : {}) }],
    });
  }
  return current;
}

/** Plain object copy of a DB row for audit before/after images. */
export function image(row: object | undefined | null): Record<string, unknown> | null {
  return row ? { ...(row as Record<string, unknown>) } : null;
}
