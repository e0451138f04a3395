// Shared use of equipment between member units (共享共用) and the idle-asset pool (公物仓, 调剂共享):
// the pure rules — DOMAIN §3.4. No Node, no DOM; used by the engine and by the renderer's forms.

import { numberToDecimal } from '../parse/decimal';
import { isValidDate } from '../parse/date';

/** What a share's usage is counted in. */
export const USAGE_UNITS = ['次', '小时', '人次'] as const;
export type UsageUnit = (typeof USAGE_UNITS)[number];

/** Statuses a card may have when it is lent: in use or idle (not under repair, awaiting scrap, already lent out, disposed). */
export const SHAREABLE_STATUSES = ['在用', '闲置'] as const;

/** The status a card carries while another member unit uses it. */
export const SHARED_STATUS = '出租出借';

/** Largest usage amount on one record (a typo guard: 100,000 hours is more than eleven years). */
export const MAX_USAGE_AMOUNT = 100_000;

/** A share's period: `from` to `to` inclusive; `to` null = open-ended (still active, no end yet). */
export interface SharePeriod {
  id?: string;
  from: string;
  to: string | null;
}

const FAR_FUTURE = '9999-12-31';

/**
 * Do two share periods overlap? Periods are whole days, both ends included: a share that ends on
 * 03-31 occupies 03-31, so the next may start on 04-01 at the earliest. An open-ended period runs
 * forever.
 */
export function periodsOverlap(a: SharePeriod, b: SharePeriod): boolean {
  return a.from <= (b.to ?? FAR_FUTURE) && b.from <= (a.to ?? FAR_FUTURE);
}

/** The first existing period the new one overlaps, if any. */
export function findOverlap<T extends SharePeriod>(candidate: SharePeriod, existing: readonly T[]): T | undefined {
  return existing.find((e) => e.id !== candidate.id && periodsOverlap(candidate, e));
}

/**
 * A usage amount (uses, hours, patients) → integer hundredths, exactly (no float sums in the
 * ledger): 2 → 200, 1.5 → 150, 0.25 → 25. Undefined for zero, negatives, more than two decimals,
 * non-finite numbers and amounts above MAX_USAGE_AMOUNT.
 */
export function usageHundredths(amount: number): number | undefined {
  const d = numberToDecimal(amount);
  if (!d || d.neg || d.frac.length > 2) return undefined;
  const h = Number(d.int) * 100 + Number((d.frac + '00').slice(0, 2));
  if (h <= 0 || h > MAX_USAGE_AMOUNT * 100) return undefined;
  return h;
}

/** Integer hundredths back to a number for display and JSON: 150 → 1.5. */
export function fromHundredths(h: number): number {
  return h / 100;
}

/**
 * Fee for a usage record: round-half-up(amount × rate) in fen, computed on integers.
 * amount in hundredths, rate in fen per usage unit: 1.5 h × ¥120.00/h = 150 × 12000 / 100 = 18000 fen.
 */
export function usageFeeFen(amountHundredths: number, rateFen: number): number {
  if (rateFen <= 0) return 0;
  const n = amountHundredths * rateFen;
  if (!Number.isSafeInteger(n)) throw new RangeError('usage fee out of range');
  return Math.floor((n + 50) / 100);
}

/** Whole days from `from` to `to` (ISO dates), negative when `to` is earlier; calendar arithmetic in UTC. */
export function daysBetween(from: string, to: string): number {
  if (!isValidDate(from) || !isValidDate(to)) throw new RangeError(`not a date: ${from} / ${to}`);
  const t = (s: string) => Date.UTC(Number(s.slice(0, 4)), Number(s.slice(5, 7)) - 1, Number(s.slice(8, 10)));
  return Math.round((t(to) - t(from)) / 86_400_000);
}

/** Why a card cannot be lent now, or undefined when it can. */
export function shareRefusal(status: string, disposedOn: string | null): string | undefined {
  if (disposedOn || status === '已处置') return `已于 ${disposedOn ?? '此前'} 处置，不能共享`;
  if (status === SHARED_STATUS) return '当前为“出租出借”状态，不能再共享给其他单位';
  if (!(SHAREABLE_STATUSES as readonly string[]).includes(status)) return `当前使用状况为“${status}”，只有在用或闲置的资产可以共享`;
  return undefined;
}
