// Exact decimal digits from sheet values, so money and other quantities never go through float
// arithmetic. Pure: no Node, no DOM.

/** A non-negative decimal as digit strings plus a sign: 12.5 → { neg: false, int: '12', frac: '5' }. */
export interface Decimal {
  neg: boolean;
  /** Integer digits without leading zeros ('0' for zero). */
  int: string;
  /** Fraction digits without trailing zeros ('' when whole). */
  frac: string;
}

/**
 * How many significant digits of a cell number count. Excel keeps and shows 15 significant
 * digits; anything beyond is float noise from a formula (=1.1*1.15 gives 1.2649999999999999 in
 * binary, Excel shows and rounds it as 1.265). Reading cell numbers at 15 digits gives what the
 * user sees on screen. Every decimal typed with ≤ 15 significant digits reads back unchanged.
 */
export const EXCEL_SIGNIFICANT_DIGITS = 15;

function tidy(neg: boolean, int: string, frac: string): Decimal {
  const i = int.replace(/^0+(?=\d)/, '') || '0';
  const f = frac.replace(/0+$/, '');
  return { neg: neg && (i !== '0' || f !== ''), int: i, frac: f };
}

/** A finite JS number (e.g. from an Excel cell) as exact decimal digits at 15 significant digits. */
export function numberToDecimal(n: number): Decimal | undefined {
  if (!Number.isFinite(n)) return undefined;
  if (n === 0) return { neg: false, int: '0', frac: '' };
  // Whole numbers below 15 digits are exact as they are.
  if (Number.isSafeInteger(n) && Math.abs(n) < 1e15) return { neg: n < 0, int: String(Math.abs(n)), frac: '' };
  const s = Math.abs(n).toPrecision(EXCEL_SIGNIFICANT_DIGITS);
  const m = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(s);
  if (!m) return undefined;
  const digits = m[1]! + (m[2] ?? '');
  // Position of the decimal point within `digits`, after applying the exponent.
  const point = m[1]!.length + Number(m[3] ?? 0);
  let int: string;
  let frac: string;
  if (point <= 0) {
    int = '0';
    frac = '0'.repeat(-point) + digits;
  } else if (point >= digits.length) {
    int = digits + '0'.repeat(point - digits.length);
    frac = '';
  } else {
    int = digits.slice(0, point);
    frac = digits.slice(point);
  }
  return tidy(n < 0, int, frac);
}

/** Plain decimal text: `123`, `123.45`, `.5`, `5.` (no sign, no separators) → digits. */
export function textToDecimal(s: string, neg = false): Decimal | undefined {
  const m = /^(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[1] === '' && (m[2] ?? '') === '')) return undefined;
  return tidy(neg, m[1] || '0', m[2] ?? '');
}

/** Multiply by 10^k (k ≥ 0) by moving the decimal point: 1.2 × 10^4 = 12000. */
export function shiftDecimal(d: Decimal, k: number): Decimal {
  const frac = d.frac.padEnd(k, '0');
  return tidy(d.neg, d.int + frac.slice(0, k), frac.slice(k));
}

/**
 * Round half away from zero (what Excel's ROUND and its display do, and what an accountant
 * does by hand) to `places` fraction digits, returning the scaled integer as a BigInt:
 * 1234.565 at 2 places → 123457n; −12.345 → −1235n. `rounded` tells whether non-zero digits were dropped.
 */
export function roundDecimal(d: Decimal, places: number): { value: bigint; rounded: boolean } {
  const frac = d.frac.padEnd(places, '0');
  const rest = frac.slice(places);
  let v = BigInt(d.int + frac.slice(0, places));
  if (rest !== '' && rest[0]! >= '5') v += 1n;
  return { value: d.neg ? -v : v, rounded: /[1-9]/.test(rest) };
}

/** The decimal as text: `-12.5`, `0`, `100`. */
export function decimalToString(d: Decimal): string {
  return `${d.neg ? '-' : ''}${d.int}${d.frac ? `.${d.frac}` : ''}`;
}
