import type { ValueType } from '../parse/asset-values';
/**
 * Depreciation of state assets under 《政府会计准则第3号——固定资产》 and its 应用指南
 * (财会〔2017〕4号), exactly as DOMAIN.md §3.3 states them:
 *
 * - Monthly, by 年限平均法 (straight-line) or 工作量法 (units of work); **zero residual value**.
 * - An asset booked in a month is depreciated FROM THAT SAME MONTH; an asset removed (disposed) in
 *   a month is NOT depreciated in that month (the government rule, opposite to enterprise practice).
 * - Never depreciated: classes flagged non-depreciable (文物和陈列品, 动植物, 图书和档案, land booked
 *   separately) and anything whose value type is 名义金额 (nominal value).
 * - Straight-line: monthly = round-half-up(depreciable ÷ remaining months) in fen, computed once at the
 *   start (or at the last recalculation) and then constant; the FINAL month takes the remainder so that
 *   accumulated = cost exactly; accumulated never exceeds cost; once fully depreciated nothing more is
 *   charged (in use or not); early disposal triggers no catch-up.
 * - After a cost change (改建/扩建/修缮 that extends life) or a life change effective in month P:
 *   monthly = (new cost − accumulated) ÷ (new life in months − months already depreciated), from P on.
 * - Second-hand arrivals (调入, 捐赠, 置换, 盘盈) depreciate over their remaining life from their booking month.
 * - Migration from an old register: opening accumulated depreciation as of a cut-over period; depreciation
 *   continues from the month AFTER the cut-over over the remaining months (life − months already used;
 *   when the register does not say, months used = booking month … cut-over month, both inclusive).
 * - Units of work: charge = round-half-up((cost − accumulated) × units this month ÷ remaining units);
 *   the final unit takes the remainder; never beyond cost.
 *
 * Money is integer fen throughout; all divisions are exact integer arithmetic (no float results).
 * Periods are 'YYYY-MM' strings (years 1900–2999), dates 'YYYY-MM-DD'.
 *
 * Pure: no Node APIs, no DOM, no database. `monthlyCharge` is the hot path of a month-end run
 * (one small result object per call, no other allocation).
 */

// ---------------------------------------------------------------------------------------------
// Periods and dates
// ---------------------------------------------------------------------------------------------

/** A month, 'YYYY-MM'. */
export type Period = string;

const MIN_YEAR = 1900;
const MAX_YEAR = 2999;

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Year and month of a string that starts 'YYYY-MM', or -1 when malformed. Month index = year × 12 + month − 1. */
function leadingMonthIndex(s: string): number {
  if (s.charCodeAt(4) !== 45 /* - */) return -1;
  const y0 = digit(s, 0), y1 = digit(s, 1), y2 = digit(s, 2), y3 = digit(s, 3), m0 = digit(s, 5), m1 = digit(s, 6);
  if ((y0 | y1 | y2 | y3 | m0 | m1) < 0) return -1;
  const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const m = m0 * 10 + m1;
  if (y < MIN_YEAR || y > MAX_YEAR || m < 1 || m > 12) return -1;
  return y * 12 + m - 1;
}

/** True for a well-formed 'YYYY-MM' (month 01–12, year 1900–2999). */
export function isPeriod(s: unknown): s is Period {
  return typeof s === 'string' && s.length === 7 && leadingMonthIndex(s) >= 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** True for a real calendar date 'YYYY-MM-DD' (leap years included). */
export function isDate(s: unknown): s is string {
  if (typeof s !== 'string' || s.length !== 10 || s.charCodeAt(7) !== 45) return false;
  const idx = leadingMonthIndex(s);
  if (idx < 0) return false;
  const d0 = digit(s, 8), d1 = digit(s, 9);
  if ((d0 | d1) < 0) return false;
  const d = d0 * 10 + d1;
  return d >= 1 && d <= daysInMonth(Math.floor(idx / 12), (idx % 12) + 1);
}

/** Month index (year × 12 + month − 1) of a period; throws RangeError on a malformed period. */
export function periodIndex(p: Period): number {
  const i = typeof p === 'string' && p.length === 7 ? leadingMonthIndex(p) : -1;
  if (i < 0) throw new RangeError(`期间格式应为 YYYY-MM：${String(p)}`);
  return i;
}

/** The period of a month index (inverse of `periodIndex`). */
export function periodFromIndex(i: number): Period {
  if (!Number.isInteger(i)) throw new RangeError(`无效的月份序号：${i}`);
  const y = Math.floor(i / 12);
  const m = i - y * 12 + 1;
  if (y < MIN_YEAR || y > MAX_YEAR) throw new RangeError(`期间超出范围（${MIN_YEAR}–${MAX_YEAR} 年）`);
  return `${y}-${m < 10 ? '0' : ''}${m}`;
}

/** `p` moved by `n` months (n may be negative): addMonths('2026-11', 3) = '2027-02'. */
export function addMonths(p: Period, n: number): Period {
  if (!Number.isInteger(n)) throw new RangeError(`月数必须是整数：${n}`);
  return periodFromIndex(periodIndex(p) + n);
}

/** Signed number of months from `a` to `b`: monthsBetween('2020-01', '2024-12') = 59. */
export function monthsBetween(a: Period, b: Period): number {
  return periodIndex(b) - periodIndex(a);
}

/** The period of a date 'YYYY-MM-DD' (a period 'YYYY-MM' is returned as is); throws RangeError otherwise. */
export function periodOf(date: string): Period {
  if (isDate(date)) return date.slice(0, 7);
  if (isPeriod(date)) return date;
  throw new RangeError(`日期格式应为 YYYY-MM-DD：${String(date)}`);
}

/** -1, 0 or 1. Lexicographic order of 'YYYY-MM' is chronological order. */
export function comparePeriods(a: Period, b: Period): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------------------------
// Integer arithmetic
// ---------------------------------------------------------------------------------------------

/** round-half-up(n ÷ d) for integers n ≥ 0, d > 0, exact (no float error) for n up to 2^53. */
export function divRoundHalfUp(n: number, d: number): number {
  let q = Math.floor(n / d);
  let r = n - q * d;
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  return r * 2 >= d ? q + 1 : q;
}

/** round-half-up(a × b ÷ d) for non-negative integers, exact even when a × b exceeds 2^53. */
function mulDivRoundHalfUp(a: number, b: number, d: number): number {
  const p = a * b;
  if (p <= Number.MAX_SAFE_INTEGER) return divRoundHalfUp(p, d);
  const P = BigInt(a) * BigInt(b);
  const D = BigInt(d);
  return Number((P * 2n + D) / (D * 2n));
}

// ---------------------------------------------------------------------------------------------
// Methods, value types, acquisition
// ---------------------------------------------------------------------------------------------

export const DEP_METHODS = ['straight-line', 'units-of-work'] as const;
export type DepMethod = (typeof DEP_METHODS)[number];

export const DEP_METHOD_ZH: Record<DepMethod, string> = {
  'straight-line': '年限平均法',
  'units-of-work': '工作量法',
};

const DEP_METHOD_ALIASES: Record<string, DepMethod> = {
  年限平均法: 'straight-line',
  平均年限法: 'straight-line',
  直线法: 'straight-line',
  'straight-line': 'straight-line',
  工作量法: 'units-of-work',
  'units-of-work': 'units-of-work',
};

/** The method named in a sheet ('年限平均法', '平均年限法', '直线法', '工作量法'), or undefined. */
export function parseDepMethod(text: string): DepMethod | undefined {
  return DEP_METHOD_ALIASES[text.replace(/\s+/g, '')];
}

/** 价值类型 (DOMAIN §3.2). Anything at 名义金额 is never depreciated. */
export { VALUE_TYPES, type ValueType } from '../parse/asset-values';

/** 取得方式 of an asset that arrives second-hand and depreciates over its remaining life. */
export const SECOND_HAND_ACQUISITIONS = ['调入', '捐赠', '置换', '盘盈'] as const;
export function isSecondHand(acquisition: string): boolean {
  return (SECOND_HAND_ACQUISITIONS as readonly string[]).includes(acquisition);
}

// ---------------------------------------------------------------------------------------------
// The per-asset state and the monthly charge (hot path)
// ---------------------------------------------------------------------------------------------

/**
 * What a month-end run needs to know about one asset, as of the START of the period being charged.
 *
 * The straight-line monthly amount is fixed at the last (re)calculation point, not recomputed every
 * month (recomputing monthly would drift: the DOMAIN PC vector would turn into ¥83.34 from its 25th
 * month). That point is held in `basisAccumulatedFen` / `basisMonths`:
 *   monthly = round-half-up((costFen − basisAccumulatedFen) ÷ (lifeMonths − basisMonths)).
 * For a new asset both are 0; for a migrated or second-hand asset they are its opening figures; after a
 * cost or life change they are the accumulated and the months depreciated at the start of the month the
 * change took effect. Use `openingState`, `recalculate` and `nextState` to maintain them.
 */
export interface AssetDepState {
  /** 原值 now (fen). */
  costFen: number;
  /** 累计折旧 before this period (fen). */
  accumulatedFen: number;
  /** Total life in months (折旧年限(月)); for a second-hand asset, total life including months used before. */
  lifeMonths: number;
  /** Months of life already used: months depreciated here plus months used before arrival / cut-over. */
  monthsDepreciated: number;
  /** Accumulated at the last (re)calculation point. */
  basisAccumulatedFen: number;
  /** Months depreciated at the last (re)calculation point. */
  basisMonths: number;
  /** First month that may carry a charge: the booking month, or the month after a migration cut-over. */
  startPeriod: Period;
  /** Month of disposal (处置/调出); that month and later are not depreciated. */
  disposalPeriod?: Period | null | undefined;
  method: DepMethod;
  /** 工作量法: total units of work over the life (integer: km, hours, exposures …). */
  totalUnits?: number | undefined;
  /** 工作量法: units used so far (including before arrival / cut-over). */
  unitsUsed?: number | undefined;
  /** The class's flag; false for 文物和陈列品, 动植物, 图书和档案, land. */
  depreciable: boolean;
  /** Value type is 名义金额. */
  nominal?: boolean | undefined;
}

export type NoChargeReason = 'not-started' | 'disposed' | 'non-depreciable' | 'nominal' | 'fully-depreciated' | 'no-usage';

export interface MonthlyCharge {
  chargeFen: number;
  accumulatedAfterFen: number;
  fullyDepreciated: boolean;
  /**
   * Why nothing was charged. Undefined means the month was a depreciation month (it counts against the
   * life), even if the charge rounded to 0 or was 0 units of work. 'no-usage': units-of-work asset and
   * no usage was given for the month (0 charged, the month does not count).
   */
  reason?: NoChargeReason;
}

function none(state: AssetDepState, reason: NoChargeReason): MonthlyCharge {
  const full = reason === 'fully-depreciated' || (state.depreciable && !state.nominal && state.accumulatedFen >= state.costFen);
  return { chargeFen: 0, accumulatedAfterFen: state.accumulatedFen, fullyDepreciated: full, reason };
}

/**
 * The straight-line amount for a normal (non-final) month, fixed since the last recalculation.
 * Returns the whole remaining depreciable amount when no months are left at the basis.
 */
export function monthlyAmount(state: AssetDepState): number {
  const base = state.costFen - state.basisAccumulatedFen;
  if (base <= 0) return 0;
  const months = state.lifeMonths - state.basisMonths;
  return months <= 0 ? base : divRoundHalfUp(base, months);
}

/**
 * The charge of one asset for one period. `state` is as of the start of `period`; `usage` is the units of
 * work in the period (工作量法 only, a non-negative integer). Throws RangeError on a malformed period or usage.
 */
export function monthlyCharge(state: AssetDepState, period: Period, usage?: number): MonthlyCharge {
  if (!isPeriod(period)) throw new RangeError(`期间格式应为 YYYY-MM：${String(period)}`);
  if (!isPeriod(state.startPeriod)) throw new RangeError(`起始期间格式应为 YYYY-MM：${String(state.startPeriod)}`);
  if (period < state.startPeriod) return none(state, 'not-started');
  const disposal = state.disposalPeriod;
  if (disposal != null) {
    if (!isPeriod(disposal)) throw new RangeError(`处置期间格式应为 YYYY-MM：${String(disposal)}`);
    if (period >= disposal) return none(state, 'disposed');
  }
  if (!state.depreciable) return none(state, 'non-depreciable');
  if (state.nominal) return none(state, 'nominal');
  const cost = state.costFen;
  const acc = state.accumulatedFen;
  const left = cost - acc;
  if (left <= 0) return none(state, 'fully-depreciated');

  let charge: number;
  if (state.method === 'units-of-work') {
    if (usage === undefined) return none(state, 'no-usage');
    if (!Number.isInteger(usage) || usage < 0) throw new RangeError(`工作量必须是非负整数：${usage}`);
    const remainingUnits = (state.totalUnits ?? 0) - (state.unitsUsed ?? 0);
    if (remainingUnits <= usage) charge = left; // the final unit takes the remainder
    else if (usage === 0) charge = 0;
    else charge = mulDivRoundHalfUp(left, usage, remainingUnits);
  } else {
    if (state.monthsDepreciated + 1 >= state.lifeMonths) charge = left; // the final month takes the remainder
    else charge = monthlyAmount(state);
  }
  if (charge > left) charge = left;
  const after = acc + charge;
  return { chargeFen: charge, accumulatedAfterFen: after, fullyDepreciated: after >= cost };
}

/** The state at the start of the next period, after `result` was booked for this one. */
export function nextState(state: AssetDepState, result: MonthlyCharge, usage?: number): AssetDepState {
  if (result.reason !== undefined) return state; // nothing booked, the month does not count
  return {
    ...state,
    accumulatedFen: result.accumulatedAfterFen,
    monthsDepreciated: state.monthsDepreciated + 1,
    unitsUsed: state.method === 'units-of-work' ? (state.unitsUsed ?? 0) + (usage ?? 0) : state.unitsUsed,
  };
}

// ---------------------------------------------------------------------------------------------
// Opening a state from a card, and recalculation after a change
// ---------------------------------------------------------------------------------------------

/** The fields of an asset card that depreciation needs (DOMAIN §3.2). */
export interface DepCard {
  costFen: number;
  /** Default 'straight-line'. */
  method?: DepMethod | undefined;
  /** 折旧年限(月): total life. For straight-line a positive integer; ignored by units of work and by cards never depreciated (may be 0). */
  lifeMonths: number;
  /** 财务入账日期, 'YYYY-MM-DD' (or a period 'YYYY-MM'). */
  booked: string;
  /** The class's depreciable flag (catalogue `isDepreciable`); default true. */
  depreciable?: boolean | undefined;
  valueType?: ValueType | undefined;
  /** Opening 累计折旧: carried by a second-hand arrival, or the old register's figure at the cut-over. */
  openingAccumulatedFen?: number | undefined;
  /** Months of life already used at the opening (second-hand: by previous holders; migration: up to the cut-over). */
  openingMonthsUsed?: number | undefined;
  /** Migration: the opening figures are as of the END of this period; depreciation continues the month after. */
  cutOverPeriod?: Period | undefined;
  /** 工作量法 */
  totalUnits?: number | undefined;
  openingUnitsUsed?: number | undefined;
  /** 处置 date or period, if disposed. */
  disposed?: string | undefined;
}

function isNonNegInt(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** A Chinese message for the first thing wrong with a card's depreciation fields, or undefined. */
export function checkCard(card: DepCard): string | undefined {
  if (!isNonNegInt(card.costFen)) return '原值必须是非负整数（分）';
  const method = card.method ?? 'straight-line';
  if (!(DEP_METHODS as readonly string[]).includes(method)) return `未知的折旧方法：${String(method)}`;
  // Never depreciated (文物和陈列品, 动植物, 图书和档案, land; 名义金额): no life or units are needed.
  const charged = card.depreciable !== false && card.valueType !== '名义金额';
  if (!charged) {
    if (card.lifeMonths !== undefined && card.lifeMonths !== 0 && (!isNonNegInt(card.lifeMonths) || card.lifeMonths < 1)) return '折旧年限（月）必须是正整数';
  } else if (method === 'straight-line') {
    if (!isNonNegInt(card.lifeMonths) || card.lifeMonths < 1) return '折旧年限（月）必须是正整数';
  } else {
    if (!isNonNegInt(card.totalUnits) || card.totalUnits < 1) return '工作量法须填写总工作量（正整数）';
    if (card.openingUnitsUsed !== undefined && !isNonNegInt(card.openingUnitsUsed)) return '已完成工作量必须是非负整数';
  }
  if (!isDate(card.booked) && !isPeriod(card.booked)) return `入账日期格式应为 YYYY-MM-DD：${String(card.booked)}`;
  if (card.openingAccumulatedFen !== undefined) {
    if (!isNonNegInt(card.openingAccumulatedFen)) return '期初累计折旧必须是非负整数（分）';
    if (card.openingAccumulatedFen > card.costFen) return '期初累计折旧不能大于原值';
  }
  if (card.openingMonthsUsed !== undefined && !isNonNegInt(card.openingMonthsUsed)) return '已使用月数必须是非负整数';
  if (card.cutOverPeriod !== undefined) {
    if (!isPeriod(card.cutOverPeriod)) return `期初期间格式应为 YYYY-MM：${String(card.cutOverPeriod)}`;
    if (card.cutOverPeriod < periodOf(card.booked)) return '期初期间不能早于入账月份';
  }
  if (card.disposed !== undefined && !isDate(card.disposed) && !isPeriod(card.disposed)) return `处置日期格式应为 YYYY-MM-DD：${String(card.disposed)}`;
  return undefined;
}

/**
 * The state at the start of the first period that may carry a charge: the booking month, or, for a
 * migration, the month after the cut-over. Throws RangeError (with the Chinese message of `checkCard`).
 */
export function openingState(card: DepCard): AssetDepState {
  const problem = checkCard(card);
  if (problem) throw new RangeError(problem);
  const booked = periodOf(card.booked);
  const method = card.method ?? 'straight-line';
  const acc = card.openingAccumulatedFen ?? 0;
  let used = card.openingMonthsUsed;
  let start = booked;
  if (card.cutOverPeriod !== undefined) {
    start = addMonths(card.cutOverPeriod, 1);
    // Months already used when the register does not say: booking month … cut-over month, inclusive.
    if (used === undefined) used = monthsBetween(booked, card.cutOverPeriod) + 1;
  }
  used ??= 0;
  return {
    costFen: card.costFen,
    accumulatedFen: acc,
    lifeMonths: card.lifeMonths ?? 0,
    monthsDepreciated: used,
    basisAccumulatedFen: acc,
    basisMonths: used,
    startPeriod: start,
    disposalPeriod: card.disposed !== undefined ? periodOf(card.disposed) : null,
    method,
    totalUnits: method === 'units-of-work' ? card.totalUnits : undefined,
    unitsUsed: method === 'units-of-work' ? (card.openingUnitsUsed ?? 0) : undefined,
    depreciable: card.depreciable ?? true,
    nominal: card.valueType === '名义金额',
  };
}

export interface DepChange {
  /** New 原值 after 改建/扩建/修缮 (fen). */
  costFen?: number | undefined;
  /** New total life in months. */
  lifeMonths?: number | undefined;
  /** New total units of work (工作量法). */
  totalUnits?: number | undefined;
}

/**
 * A Chinese message when a cost / life change cannot be applied to `state`, or undefined.
 * (A life change that leaves no months at all is allowed: the whole remainder is then charged in its
 * month. A cost rise that leaves no months is refused: it needs a new, longer life.)
 */
export function checkChange(state: AssetDepState, change: DepChange): string | undefined {
  if (change.costFen !== undefined) {
    if (!isNonNegInt(change.costFen)) return '原值必须是非负整数（分）';
    if (change.costFen < state.accumulatedFen) return `变动后的原值不能小于已计提的累计折旧（${state.accumulatedFen} 分）`;
  }
  if (change.lifeMonths !== undefined) {
    if (!isNonNegInt(change.lifeMonths) || change.lifeMonths < 1) return '折旧年限（月）必须是正整数';
    if (change.lifeMonths < state.monthsDepreciated) return `新的折旧年限（${change.lifeMonths} 个月）不能短于已计提折旧的月数（${state.monthsDepreciated} 个月）`;
  }
  if (change.totalUnits !== undefined) {
    if (!isNonNegInt(change.totalUnits) || change.totalUnits < 1) return '总工作量必须是正整数';
    if (change.totalUnits < (state.unitsUsed ?? 0)) return '新的总工作量不能小于已完成的工作量';
  }
  // A cost rise is depreciated over the months left: (new cost − accumulated) ÷ (new life − months used).
  // With no months left that divides by zero — 改建/扩建 that is capitalised extends the life (应用指南),
  // so the new life must be given with it.
  const life = change.lifeMonths ?? state.lifeMonths;
  if (state.method === 'straight-line' && state.depreciable && !state.nominal && change.costFen !== undefined && change.costFen > state.costFen && life <= state.monthsDepreciated) {
    return `已计提折旧 ${state.monthsDepreciated} 个月，折旧年限（${life} 个月）已经用完；原值增加须同时重新确定折旧年限（长于 ${state.monthsDepreciated} 个月）`;
  }
  return undefined;
}

/**
 * Apply a cost and/or life change effective at the start of a period: from that period on,
 * monthly = (new cost − accumulated) ÷ (new life − months already depreciated). Throws RangeError.
 */
export function recalculate(state: AssetDepState, change: DepChange): AssetDepState {
  const problem = checkChange(state, change);
  if (problem) throw new RangeError(problem);
  return {
    ...state,
    costFen: change.costFen ?? state.costFen,
    lifeMonths: change.lifeMonths ?? state.lifeMonths,
    totalUnits: change.totalUnits ?? state.totalUnits,
    basisAccumulatedFen: state.accumulatedFen,
    basisMonths: state.monthsDepreciated,
  };
}

// ---------------------------------------------------------------------------------------------
// Schedule: replay a card and its dated events
// ---------------------------------------------------------------------------------------------

/** A dated event; `on` is a date 'YYYY-MM-DD' or a period, effective for its whole month. */
export type DepEvent =
  | { kind: 'cost-change'; on: string; costFen?: number; deltaFen?: number; lifeMonths?: number; totalUnits?: number }
  | { kind: 'life-change'; on: string; lifeMonths?: number; totalUnits?: number }
  | { kind: 'disposal'; on: string }
  | { kind: 'usage'; on: string; units: number };

export interface ScheduleInput extends DepCard {
  events?: readonly DepEvent[] | undefined;
}

export interface ScheduleRow {
  period: Period;
  costFen: number;
  chargeFen: number;
  /** Accumulated at the end of the period. */
  accumulatedFen: number;
  /** cost − accumulated at the end of the period. */
  netFen: number;
  reason?: NoChargeReason;
}

/**
 * The straight-line state after `n` consecutive months that are all on or after the start and before any
 * disposal, with no change in between — the same result as n × (monthlyCharge + nextState), in O(1).
 */
export function advanceStraightLine(state: AssetDepState, n: number): AssetDepState {
  if (state.method !== 'straight-line') throw new RangeError('advanceStraightLine: only for 年限平均法');
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`月数必须是非负整数：${n}`);
  if (n === 0 || !state.depreciable || state.nominal) return state;
  const cost = state.costFen;
  const left = cost - state.accumulatedFen;
  if (left <= 0) return state;
  const m = monthlyAmount(state);
  // Normal months left before the final month, capped by the months asked for and by reaching the cost.
  let normal = Math.min(n, Math.max(0, state.lifeMonths - 1 - state.monthsDepreciated));
  if (m > 0) normal = Math.min(normal, Math.floor((left + m - 1) / m));
  let acc = state.accumulatedFen + Math.min(left, normal * m);
  let md = state.monthsDepreciated + normal;
  if (acc < cost && n > normal) {
    acc = cost; // the final month takes the remainder
    md += 1;
  }
  return { ...state, accumulatedFen: acc, monthsDepreciated: md };
}

function replay(input: ScheduleInput, through: Period, rows: ScheduleRow[] | null): AssetDepState {
  const throughIdx = periodIndex(through);
  let state = openingState(input);
  const startIdx = periodIndex(state.startPeriod);
  const events = (input.events ?? []).map((e, order) => {
    let p: Period;
    try {
      p = periodOf(e.on);
    } catch {
      throw new RangeError(`事项日期格式应为 YYYY-MM-DD：${String(e.on)}`);
    }
    const idx = periodIndex(p);
    if (idx < startIdx) {
      throw new RangeError(
        input.cutOverPeriod !== undefined
          ? `事项（${e.on}）早于期初之后的首个折旧月份 ${state.startPeriod}，应已反映在期初数中`
          : `事项（${e.on}）早于入账月份 ${state.startPeriod}`,
      );
    }
    return { e, idx, order };
  });
  events.sort((a, b) => a.idx - b.idx || a.order - b.order);

  let k = 0;
  for (let idx = startIdx; idx <= throughIdx; idx++) {
    let usage: number | undefined;
    for (; k < events.length && events[k]!.idx === idx; k++) {
      const e = events[k]!.e;
      switch (e.kind) {
        case 'disposal':
          if (state.disposalPeriod == null || periodIndex(state.disposalPeriod) > idx) state = { ...state, disposalPeriod: periodFromIndex(idx) };
          break;
        case 'usage':
          if (!isNonNegInt(e.units)) throw new RangeError(`工作量必须是非负整数：${e.units}`);
          usage = (usage ?? 0) + e.units;
          break;
        case 'cost-change': {
          const costFen = e.costFen ?? (e.deltaFen !== undefined ? state.costFen + e.deltaFen : undefined);
          state = recalculate(state, { costFen, lifeMonths: e.lifeMonths, totalUnits: e.totalUnits });
          break;
        }
        case 'life-change':
          state = recalculate(state, { lifeMonths: e.lifeMonths, totalUnits: e.totalUnits });
          break;
      }
    }
    if (!rows && state.method === 'straight-line') {
      // No rows wanted: jump in closed form to the next event, the disposal month or past `through`.
      const disposal = state.disposalPeriod != null ? periodIndex(state.disposalPeriod) : Infinity;
      if (disposal <= idx) break;
      const end = Math.min(k < events.length ? events[k]!.idx : Infinity, disposal, throughIdx + 1);
      state = advanceStraightLine(state, end - idx);
      idx = end - 1;
      continue;
    }
    const period = periodFromIndex(idx);
    // In a schedule a month without usage records simply had 0 units of work.
    const u = state.method === 'units-of-work' ? (usage ?? 0) : undefined;
    const r = monthlyCharge(state, period, u);
    if (rows) {
      const row: ScheduleRow = { period, costFen: state.costFen, chargeFen: r.chargeFen, accumulatedFen: r.accumulatedAfterFen, netFen: state.costFen - r.accumulatedAfterFen };
      if (r.reason !== undefined) row.reason = r.reason;
      rows.push(row);
    }
    state = nextState(state, r, u);
    if (r.reason === 'disposed') break;
  }
  return state;
}

/**
 * The per-asset depreciation schedule from the first depreciable month (booking month, or the month after
 * a cut-over) through `through`, applying the dated events. Rows stop at the disposal month (which carries
 * no charge). Throws RangeError on invalid input (Chinese message).
 */
export function schedule(input: ScheduleInput, opts: { through: Period }): ScheduleRow[] {
  const rows: ScheduleRow[] = [];
  replay(input, opts.through, rows);
  return rows;
}

/**
 * The state after every charge through `through` (inclusive), i.e. the state at the start of the next
 * period — what the card looked like at that past month end. Before the first depreciable month it is the
 * opening state.
 */
export function stateAfter(input: ScheduleInput, through: Period): AssetDepState {
  return replay(input, through, null);
}
