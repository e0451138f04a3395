import type Database from 'better-sqlite3';
import { LedgerError } from '../../../shared/errors';

// Period rules shared by the card events and the month-end run.

/** Refuse business dated in a closed period (or before it): closed books never change. */
export function assertPeriodOpen(db: Database.Database, dateOrPeriod: string): void {
  const period = dateOrPeriod.slice(0, 7);
  const closed = db.prepare("SELECT max(period) FROM depreciation_periods WHERE status = 'closed'").pluck().get() as string | null;
  if (closed && period <= closed) {
    throw new LedgerError('VALIDATION', `${closed} 已结账，不能办理 ${period} 及以前日期的业务`, { key: 'error.periodClosed', params: { closed, period } });
  }
}

/**
 * An event dated in an already-charged (open) period: put the card back to its state before the
 * first charge on or after `period`, drop those charges and fix the periods' totals, so the next
 * run charges from there again. Refused when a later cost/life change was based on those charges.
 */
export function revertFrom(db: Database.Database, assetId: string, period: string): void {
  const first = db
    .prepare('SELECT period, before_accumulated_fen, before_months, before_units_used FROM depreciation_entries WHERE asset_id = ? AND period >= ? ORDER BY period LIMIT 1')
    .get(assetId, period) as { period: string; before_accumulated_fen: number; before_months: number; before_units_used: number | null } | undefined;
  if (!first) return;
  const laterChange = db
    .prepare("SELECT effective_on FROM asset_events WHERE asset_id = ? AND type IN ('cost-change','life-change') AND substr(effective_on, 1, 7) > ? ORDER BY effective_on DESC LIMIT 1")
    .pluck()
    .get(assetId, first.period) as string | undefined;
  if (laterChange) {
    throw new LedgerError('VALIDATION', `该资产在 ${laterChange} 有原值或年限变动，不能再办理 ${period} 的业务（会改变其计算基础）`, { key: 'error.laterChange' });
  }
  for (const e of db.prepare('SELECT period, charge_fen FROM depreciation_entries WHERE asset_id = ? AND period >= ?').all(assetId, period) as { period: string; charge_fen: number }[]) {
    db.prepare('UPDATE depreciation_periods SET assets = assets - 1, total_fen = total_fen - ? WHERE period = ?').run(e.charge_fen, e.period);
  }
  db.prepare('DELETE FROM depreciation_entries WHERE asset_id = ? AND period >= ?').run(assetId, period);
  db.prepare('UPDATE assets SET dep_accumulated_fen = ?, dep_months = ?, dep_units_used = ?, dep_next_period = ? WHERE id = ?').run(
    first.before_accumulated_fen,
    first.before_months,
    first.before_units_used,
    first.period,
    assetId,
  );
}
