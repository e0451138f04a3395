import type Database from 'better-sqlite3';
import type { AssetEvent } from '../../../shared/api/assets';
import type { HandlerContext, Recorder } from '../../engine/context';
import { newId } from '../../engine/rows';

// Small helpers shared by the sharing handlers (shares, usage, the idle pool and its requests).

/**
 * `(col IN scope OR col2 IN scope)` for a unit-scoped caller, as SQL plus its parameters; empty for
 * callers who see the whole community. The scope (a set of unit ids) goes in as one JSON array.
 */
export function scopeWhere(ctx: HandlerContext, columns: string[]): { sql: string; params: string[] } {
  if (ctx.actor.scope === null) return { sql: '', params: [] };
  const ids = JSON.stringify([...ctx.actor.scope]);
  return { sql: `(${columns.map((c) => `${c} IN (SELECT value FROM json_each(?))`).join(' OR ')})`, params: columns.map(() => ids) };
}

export function addAssetEvent(db: Database.Database, assetId: string, type: AssetEvent['type'], effectiveOn: string, detail: Record<string, unknown>, docNo: string | null | undefined, at: string, by: string): void {
  db.prepare('INSERT INTO asset_events (id, asset_id, type, effective_on, doc_no, detail, created_at, created_by) VALUES (?,?,?,?,?,?,?,?)').run(
    newId(),
    assetId,
    type,
    effectiveOn,
    docNo ?? null,
    JSON.stringify(detail),
    at,
    by,
  );
}

export function deptIdOf(db: Database.Database, unitId: string, code: string): string | undefined {
  return (db.prepare('SELECT id FROM departments WHERE unit_id = ? AND code = ?').pluck().get(unitId, code) as string | undefined) ?? undefined;
}

/**
 * A context whose `write` runs inside the caller's transaction and records into the caller's audit
 * row: lets one write (granting a pool request) reuse another handler (assets.transfer) so the whole
 * step is one transaction and one audit row.
 */
export function inlineContext(ctx: HandlerContext, record: Recorder, at: string): HandlerContext {
  return {
    ...ctx,
    write: <T>(_summary: string, fn: (record: Recorder, at: string) => T) => ({ result: fn(record, at), batchId: null }),
  };
}

/** Today's date on this computer, `YYYY-MM-DD` (the office's calendar day, not UTC's). */
export function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}
