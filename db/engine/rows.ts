import { randomFillSync } from 'node:crypto';
import type Database from 'better-sqlite3';
import { LedgerError } from '../../shared/errors';

/**
 * Row ids are UUIDv7 (RFC 9562): a millisecond timestamp, then a counter, then random bits. Ids
 * made one after the other sort one after the other, so a 100,000-card import appends to the end
 * of each primary-key and asset_id index instead of writing into random pages all over them.
 */
export const newId = (): string => uuidV7();

let lastMs = 0;
let counter = 0;
const pool = Buffer.alloc(8 * 1024);
let poolAt = pool.length;

export function uuidV7(now: number = Date.now()): string {
  // 12-bit counter in rand_a keeps ids in order within a millisecond (RFC 9562 §6.2, method 1);
  // when it runs out, or the clock steps back, the timestamp moves on from the last one used.
  if (now > lastMs) {
    lastMs = now;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs++;
    counter = 0;
  }
  if (poolAt + 8 > pool.length) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const ms = lastMs.toString(16).padStart(12, '0');
  const randA = (0x7000 | counter).toString(16);
  const variant = ((pool[poolAt]! & 0x3f) | 0x80).toString(16).padStart(2, '0') + pool[poolAt + 1]!.toString(16).padStart(2, '0');
  const tail = pool.toString('hex', poolAt + 2, poolAt + 8);
  poolAt += 8;
  return `${ms.slice(0, 8)}-${ms.slice(8)}-${randA}-${variant}-${tail}`;
}

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
