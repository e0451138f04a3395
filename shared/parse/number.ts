// Counts, useful lives and percentages as people write them in sheets. Pure: no Node, no DOM.

import { decimalToString, numberToDecimal, textToDecimal, type Decimal } from './decimal';
import { numericText, shown } from './text';

export type QuantityResult = { ok: true; quantity: number; unit?: string } | { ok: false; message: string };
export type LifeResult = { ok: true; months: number } | { ok: false; message: string };
export type PercentResult = { ok: true; basisPoints: number } | { ok: false; message: string };

/** The longest useful life accepted (100 years); anything longer is a typo. */
export const MAX_LIFE_MONTHS = 1200;

function decimalOf(text: string): Decimal | undefined {
  // Plain digits, optionally with correct thousands separators.
  const m = /^(\d{1,3}(?:,\d{3})+|\d*)(\.\d*)?$/.exec(text);
  if (!m) return undefined;
  return textToDecimal(m[1]!.replace(/,/g, '') + (m[2] ?? ''));
}

/** Is the decimal a whole number that fits in a safe integer? Gives it, or undefined. */
function wholeOf(d: Decimal): number | undefined {
  if (d.frac !== '' || d.int.length > 15) return undefined;
  return Number(d.int);
}

/**
 * A count of items: a positive whole number, optionally with its unit of measure:
 * `3`, `3台`, `2 件`, `１０个`, `1,000册`, `5 套`, `3.0` (= 3), a JS number from a cell.
 * The unit, when written, is returned (`{ quantity: 3, unit: '台' }`).
 * Refused with `数量不正确：…`: 0, negatives, fractions (`2.5`), garbage.
 */
export function parseQuantity(input: string | number | null | undefined): QuantityResult {
  const fail = (reason?: string): QuantityResult => ({ ok: false, message: `数量不正确：${shown(input)}${reason ? `（${reason}）` : ''}` });
  if (input === null || input === undefined) return { ok: false, message: '数量为空' };
  let d: Decimal | undefined;
  let unit: string | undefined;
  if (typeof input === 'number') {
    d = numberToDecimal(input);
  } else if (typeof input === 'string') {
    const t = numericText(input);
    if (t === '') return { ok: false, message: '数量为空' };
    const m = /^([-+]?)\s*([\d.,]+)\s*([^\d\s.,+-][^\d\s]{0,7})?$/u.exec(t);
    if (!m) return fail();
    if (m[1] === '-') return fail('应为正整数');
    d = decimalOf(m[2]!);
    unit = m[3];
    if (unit !== undefined && !/^[\p{L}\p{No}/]+$/u.test(unit)) return fail();
  } else {
    return fail();
  }
  if (!d) return fail();
  if (d.neg) return fail('应为正整数');
  const q = wholeOf(d);
  if (q === undefined || q === 0) return fail(q === 0 ? '应大于 0' : '应为正整数');
  return unit === undefined ? { ok: true, quantity: q } : { ok: true, quantity: q, unit };
}

/** d × 12, exact. */
function timesTwelve(d: Decimal): Decimal {
  const digits = (BigInt(d.int + d.frac) * 12n).toString().padStart(d.frac.length + 1, '0');
  const point = digits.length - d.frac.length;
  return textToDecimal(`${digits.slice(0, point)}.${digits.slice(point)}`) ?? { neg: false, int: '0', frac: '' };
}

/** Years (a decimal) → whole months (exact), or undefined when it is not a whole number of months. */
function yearsToMonths(d: Decimal): number | undefined {
  const t = timesTwelve(d);
  // A huge count may lose digits in Number, but it is refused as too long anyway.
  return t.frac === '' ? Number(t.int) : undefined;
}

/**
 * A useful life (折旧年限 / 使用年限) → whole months.
 * `6年` → 72, `6.5年` / `6年半` → 78, `72个月` / `72月` → 72, `5年6个月` → 66, whatever `unitHint` says;
 * a bare number (`6`, JS number 6) is in `unitHint`: years → ×12, months → as is.
 * Refused with `年限不正确：…`: a life that is not a whole number of months (`6.3年` = 75.6 months,
 * `6.5个月`), zero, negatives, more than 100 years, garbage.
 */
export function parseLife(input: string | number | null | undefined, unitHint: 'years' | 'months'): LifeResult {
  const fail = (reason?: string): LifeResult => ({ ok: false, message: `年限不正确：${shown(input)}${reason ? `（${reason}）` : ''}` });
  if (input === null || input === undefined) return { ok: false, message: '年限为空' };
  let years: Decimal | undefined;
  let monthsPart: Decimal | undefined;
  if (typeof input === 'number') {
    if (input < 0) return fail('应大于 0');
    const d = numberToDecimal(input);
    if (!d) return fail();
    if (unitHint === 'years') years = d;
    else monthsPart = d;
  } else if (typeof input === 'string') {
    const t = numericText(input)
      .replace(/\s+/g, '')
      .replace(/^(\d+)年半$/, '$1.5年');
    if (t === '') return { ok: false, message: '年限为空' };
    if (t.startsWith('-')) return fail('应大于 0');
    let m: RegExpExecArray | null;
    if ((m = /^([\d.]+)年(?:零?([\d.]+)个?月)?$/.exec(t))) {
      years = textToDecimal(m[1]!);
      if (m[2] !== undefined) {
        monthsPart = textToDecimal(m[2]);
        if (!monthsPart || monthsPart.frac !== '' || Number(monthsPart.int) >= 12) return fail('月数应为 0–11 的整数');
      }
    } else if ((m = /^([\d.]+)个?月$/.exec(t))) {
      monthsPart = textToDecimal(m[1]!);
    } else if (/^[\d.]+$/.test(t)) {
      if (unitHint === 'years') years = textToDecimal(t);
      else monthsPart = textToDecimal(t);
    } else {
      return fail();
    }
    if ((years === undefined && monthsPart === undefined) || (/^([\d.]+)年/.test(t) && !years)) return fail();
  } else {
    return fail();
  }
  let total = 0;
  if (years) {
    const months = yearsToMonths(years);
    if (months === undefined) return fail(`${decimalToString(years)} 年折合 ${decimalToString(timesTwelve(years))} 个月，不是整月`);
    total += months;
  }
  if (monthsPart) {
    if (monthsPart.frac !== '') return fail('月数应为整数');
    total += Number(monthsPart.int);
  }
  if (total <= 0) return fail('应大于 0');
  if (total > MAX_LIFE_MONTHS) return fail(`超过 ${MAX_LIFE_MONTHS / 12} 年`);
  return { ok: true, months: total };
}

/**
 * A percentage → basis points (1% = 100, 100% = 10000), exact, at most two decimals of a percent.
 * `60%`, `12.5 %`, `６０％`: percent as written. A bare number is read the way Excel holds it:
 * 0–1 is a fraction (a percent-formatted cell holds 60% as 0.6; so a bare `1` is 100%),
 * above 1 is percent points (`60` typed into a General cell is 60%).
 * Refused with `比例不正确：…`: negatives, above 100%, more precision than 0.01%, garbage.
 */
export function parsePercent(input: string | number | null | undefined): PercentResult {
  const fail = (reason?: string): PercentResult => ({ ok: false, message: `比例不正确：${shown(input)}${reason ? `（${reason}）` : ''}` });
  if (input === null || input === undefined) return { ok: false, message: '比例为空' };
  let d: Decimal | undefined;
  let percentSign = false;
  if (typeof input === 'number') {
    d = numberToDecimal(input);
  } else if (typeof input === 'string') {
    const t = numericText(input).replace(/\s+/g, '');
    if (t === '') return { ok: false, message: '比例为空' };
    const m = /^(-?)([\d.]+)(%?)$/.exec(t);
    if (!m) return fail();
    if (m[1] === '-') return fail('不能为负数');
    d = textToDecimal(m[2]!);
    percentSign = m[3] === '%';
  } else {
    return fail();
  }
  if (!d) return fail();
  if (d.neg) return fail('不能为负数');
  const asFraction = !percentSign && (d.int === '0' || (d.int === '1' && d.frac === ''));
  // Basis points: a fraction × 10^4, percent points × 10^2.
  const places = asFraction ? 4 : 2;
  const frac = d.frac.padEnd(places, '0');
  if (/[1-9]/.test(frac.slice(places))) return fail('最多精确到 0.01%');
  const bp = Number(BigInt(d.int + frac.slice(0, places)));
  if (bp > 10_000) return fail('不能超过 100%');
  return { ok: true, basisPoints: bp };
}
