import type Database from 'better-sqlite3';
import { addMonths } from '../../../shared/domain/depreciation';
import { LedgerError } from '../../../shared/errors';

// Period rules shared by the card events and the month-end run (db/modules/assets/depreciation.ts).

/** Refuse business dated in a closed period (or before it): closed books never change. */
export function assertPeriodOpen(db: Database.Database, dateOrPeriod: string): void {
  const period = dateOrPeriod.slice(0, 7);
  const closed = db.prepare("SELECT max(period) FROM depreciation_periods WHERE status = 'closed'").pluck().get() as string | null;
  if (closed && period <= closed) {
    throw new LedgerError('VALIDATION', `${closed} 已结账，不能办理 ${period} 及以前日期的业务`, { key: 'error.periodClosed', params: { closed, period } });
  }
}

/**
 * The first month a depreciation entry covered. An entry normally covers its own period only; a card
 * entered late (or put back by `revertFrom`) is caught up in one entry of the period run, covering
 * every month from its `dep_next_period` then. The schema does not store that month, so it is derived:
 * the charged months of a straight-line card are consecutive and end either at the entry's period or
 * just before the disposal month, and `counted` = months depreciated after − before the entry; any
 * uncounted months come after them (fully depreciated, or disposed). Recharging from the month given
 * here reproduces the same charges, which is all a re-run or a revert needs.
 */
export function entryFirstPeriod(period: string, counted: number, disposalPeriod: string | null, startPeriod: string): string {
  const n = Math.max(1, counted);
  let from = addMonths(period, 1 - n);
  if (disposalPeriod && disposalPeriod <= period) {
    const beforeDisposal = addMonths(disposalPeriod, -n);
    if (beforeDisposal < from) from = beforeDisposal;
  }
  return from < startPeriod ? startPeriod : from;
}

/**
 * An event dated in an already-charged (open) period: put the card back to its state before the
 * first charge on or after `period`, drop those charges and fix the periods' totals, so the next
 * run charges from there again (catch-up). Refused when a later cost/life change was based on
 * those charges. When nothing was charged from `period` on although the run has passed it (the
 * card was fully depreciated, not depreciable, …), the card is set back to `period` so the next
 * run looks at those months again (e.g. a cost increase of a fully depreciated building).
 */
export function revertFrom(db: Database.Database, assetId: string, period: string): void {
  const card = db.prepare('SELECT code, dep_start_period, dep_next_period, dep_months, disposed_on FROM assets WHERE id = ?').get(assetId) as
    | { code: string; dep_start_period: string; dep_next_period: string; dep_months: number; disposed_on: string | null }
    | undefined;
  if (!card) return;
  const entries = db
    .prepare('SELECT period, charge_fen, before_accumulated_fen, before_months, before_units_used FROM depreciation_entries WHERE asset_id = ? AND period >= ? ORDER BY period')
    .all(assetId, period) as { period: string; charge_fen: number; before_accumulated_fen: number; before_months: number; before_units_used: number | null }[];
  const first = entries[0];
  if (!first) {
    const target = period < card.dep_start_period ? card.dep_start_period : period;
    if (target < card.dep_next_period) db.prepare('UPDATE assets SET dep_next_period = ? WHERE id = ?').run(target, assetId);
    return;
  }
  const laterChange = db
    .prepare("SELECT effective_on FROM asset_events WHERE asset_id = ? AND type IN ('cost-change','life-change') AND substr(effective_on, 1, 7) > ? ORDER BY effective_on DESC LIMIT 1")
    .pluck()
    .get(assetId, first.period) as string | undefined;
  if (laterChange) {
    throw new LedgerError(
      'VALIDATION',
      `资产 ${card.code} 在 ${laterChange} 有原值或年限变动，其后的月折旧额是按当时已计提的折旧算出的；登记 ${period} 的业务会冲回 ${first.period} 起已计提的折旧、改变这一计算基础，因此不能登记`,
      { key: 'error.laterChange', params: { code: card.code, change: laterChange, period } },
    );
  }
  const monthsAfter = entries[1]?.before_months ?? card.dep_months;
  const from = entryFirstPeriod(first.period, monthsAfter - first.before_months, card.disposed_on ? card.disposed_on.slice(0, 7) : null, card.dep_start_period);
  const fix = db.prepare('UPDATE depreciation_periods SET assets = assets - 1, total_fen = total_fen - ? WHERE period = ?');
  for (const e of entries) fix.run(e.charge_fen, e.period);
  db.prepare('DELETE FROM depreciation_entries WHERE asset_id = ? AND period >= ?').run(assetId, period);
  db.prepare('UPDATE assets SET dep_accumulated_fen = ?, dep_months = ?, dep_units_used = ?, dep_next_period = ? WHERE id = ?').run(
    first.before_accumulated_fen,
    first.before_months,
    first.before_units_used,
    from,
    assetId,
  );
}

