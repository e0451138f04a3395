// Dates and periods as they come out of sheets (DOMAIN §2): ISO text `YYYY-MM-DD`, periods
// `YYYY-MM`. Pure: no Node, no DOM. Calendar arithmetic uses Date.UTC only, never local time.

import { numericText, shown } from './text';

export type DatePrecision = 'day' | 'month';
export type DateResult = { ok: true; date: string; precision: DatePrecision } | { ok: false; message: string };
export type PeriodResult = { ok: true; period: string } | { ok: false; message: string };

export interface DateOptions {
  /** The workbook uses the 1904 date system (old Mac Excel; ExcelJS: workbook.properties.date1904). */
  date1904?: boolean;
}

/** Years accepted in written dates. */
export const MIN_YEAR = 1900;
export const MAX_YEAR = 2100;
/**
 * Excel serial numbers are accepted only for 1950-01-01 … 2100-12-31 (18264 … 73415 in the 1900
 * system): a small number in a date column (`6`, `120`) is a typo far more often than a date in 1900.
 */
export const MIN_SERIAL_YEAR = 1950;

const DAY_MS = 86_400_000;

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days in month `m` (1–12) of year `y`. */
export function daysInMonth(y: number, m: number): number {
  return m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31;
}

/** Is `s` exactly `YYYY-MM-DD` and a real calendar day (2019-02-29 is not)? */
export function isValidDate(s: unknown): s is string {
  if (typeof s !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Is `s` exactly `YYYY-MM` with a month 01–12? */
export function isValidPeriod(s: unknown): s is string {
  return typeof s === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(s);
}

/** The period (month) a date falls in: `2019-03-05` → `2019-03`. Throws on anything but a valid `YYYY-MM-DD`. */
export function periodOf(date: string): string {
  if (!isValidDate(date)) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  return date.slice(0, 7);
}

/**
 * An Excel serial day number → `YYYY-MM-DD`, or undefined when there is no such day.
 * 1900 system (the default): 1 = 1900-01-01 … 59 = 1900-02-28; 60 is Excel's fictitious 1900-02-29
 * (kept from Lotus 1-2-3) and is refused; 61 = 1900-03-01, 43529 = 2019-03-05.
 * 1904 system: 0 = 1904-01-01. A fraction is a time of day and is dropped. Up to 9999-12-31.
 */
export function excelSerialToDate(serial: number, options: DateOptions = {}): string | undefined {
  if (!Number.isFinite(serial)) return undefined;
  const n = Math.floor(serial);
  let ms: number;
  if (options.date1904) {
    if (n < 0) return undefined;
    ms = Date.UTC(1904, 0, 1) + n * DAY_MS;
  } else {
    if (n < 1 || n === 60) return undefined;
    ms = n < 60 ? Date.UTC(1899, 11, 31) + n * DAY_MS : Date.UTC(1899, 11, 30) + n * DAY_MS;
  }
  const d = new Date(ms);
  if (d.getUTCFullYear() > 9999) return undefined;
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

function fail(input: unknown, reason?: string): { ok: false; message: string } {
  return { ok: false, message: `日期不正确：${shown(input)}${reason ? `（${reason}）` : ''}` };
}

/** Check year/month/day and build the result (day undefined → month precision, first day). */
function build(input: unknown, y: number, m: number, d: number | undefined): DateResult {
  if (y < MIN_YEAR || y > MAX_YEAR) return fail(input, `年份应在 ${MIN_YEAR}–${MAX_YEAR} 之间`);
  if (m < 1 || m > 12) return fail(input, '月份应为 1–12');
  if (d === undefined) return { ok: true, date: `${pad(y, 4)}-${pad(m)}-01`, precision: 'month' };
  const last = daysInMonth(y, m);
  if (d < 1 || d > last) return fail(input, `${y}年${m}月只有${last}天`);
  return { ok: true, date: `${pad(y, 4)}-${pad(m)}-${pad(d)}`, precision: 'day' };
}

function fromSerial(input: unknown, serial: number, options: DateOptions): DateResult {
  const date = excelSerialToDate(serial, options);
  if (date === undefined || Number(date.slice(0, 4)) < MIN_SERIAL_YEAR || Number(date.slice(0, 4)) > MAX_YEAR) {
    if (!options.date1904 && Math.floor(serial) === 60) return fail(input, 'Excel 序列号 60 是不存在的 1900年2月29日');
    return fail(input, `不是 ${MIN_SERIAL_YEAR}–${MAX_YEAR} 年之间的 Excel 日期序列号`);
  }
  return { ok: true, date, precision: 'day' };
}

const TIME = String.raw`(?:(?:\s+|T)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}))?)?`;
const YMD = new RegExp(String.raw`^(\d{4})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{1,2})${TIME}$`);
const YM = /^(\d{4})\s*([-/.])\s*(\d{1,2})$/;
const CN = new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*[日号]?)?${TIME}$`);
const YEAR_LAST = /^(\d{1,2})\s*([-/.])\s*(\d{1,2})\s*\2\s*(\d{4})(?:\s.*)?$/;
const SHORT_YEAR = /^(\d{2})\s*([-/.年])\s*(\d{1,2})/;

/** `YYYY-MM` style month text → [year, month], or a refusal. `Y.M` with one digit is the month (2019.1 = January). */
function monthText(t: string): [number, number] | undefined {
  let m = YM.exec(t);
  if (m) return [Number(m[1]), Number(m[3])];
  m = /^(\d{4})\s*年\s*(\d{1,2})\s*月份?$/.exec(t);
  if (m) return [Number(m[1]), Number(m[2])];
  m = /^(\d{4})(\d{2})$/.exec(t);
  if (m) return [Number(m[1]), Number(m[2])];
  return undefined;
}

/** A number typed as year.month (2019.03) read back from a numeric cell. 2019.1 may have been 2019.10. */
function numericYearMonth(input: number): DateResult | undefined {
  const s = String(input);
  const m = /^(\d{4})\.(\d{1,2})$/.exec(s);
  if (!m) return undefined;
  const y = Number(m[1]);
  if (y < MIN_YEAR || y > MAX_YEAR) return undefined;
  if (m[2] === '1') return fail(input, `数值单元格里的 ${s} 可能是 ${y}年1月，也可能是 ${y}年10月，请写成 ${y}-01 或 ${y}-10`);
  return build(input, y, Number(m[2]), undefined);
}

/**
 * Read a date as people write it in sheets.
 *
 * Day precision: `2019-03-05`, `2019-3-5`, `2019/3/5`, `2019.03.05`, `2019.3.5`, `20190305`,
 * `2019年3月5日` (or 号), with a time after it (`2019/3/5 0:00`, `2019-03-05T00:00:00Z`: the time
 * is dropped), full-width digits, stray spaces; Excel serial numbers as numbers or digit strings
 * (43529 → 2019-03-05, 1900 leap-year bug handled, only for 1950–2100); JS Date objects, read in
 * UTC as ExcelJS gives them (a Date built at local midnight must be converted by the caller).
 *
 * Month precision (date = first day of the month, precision 'month'): `2019.03`, `2019.3`,
 * `2019-03`, `2019/3`, `201903`, `2019年3月`. Text `2019.1` is January; the *number* 2019.1
 * (from a numeric cell, where 2019.10 shows as 2019.1) is refused as ambiguous.
 *
 * Refused with `日期不正确：…`: impossible days (2019-02-30), month 13, years outside 1900–2100,
 * year-last forms (`03/05/2019` — month/day order cannot be known), two-digit years, a year alone,
 * mixed separators, anything else.
 */
export function parseDate(input: string | number | Date | null | undefined, options: DateOptions = {}): DateResult {
  if (input === null || input === undefined) return { ok: false, message: '日期为空' };
  if (input instanceof Date) {
    if (Number.isNaN(input.getTime())) return fail(input);
    return build(input, input.getUTCFullYear(), input.getUTCMonth() + 1, input.getUTCDate());
  }
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input <= 0) return fail(input);
    if (Number.isInteger(input)) {
      if (input >= 10_000_000 && input <= 99_999_999) return build(input, Math.floor(input / 10_000), Math.floor(input / 100) % 100, input % 100);
      if (input >= 100_000 && input <= 999_999) return build(input, Math.floor(input / 100), input % 100, undefined);
      if (input >= MIN_YEAR && input <= MAX_YEAR) return fail(input, '只有年份，请写到月或日');
      return fromSerial(input, input, options);
    }
    return numericYearMonth(input) ?? fromSerial(input, input, options);
  }
  if (typeof input !== 'string') return fail(input);
  const t = numericText(input).replace(/\s+/g, ' ');
  if (t === '') return { ok: false, message: '日期为空' };

  let m: RegExpExecArray | null;
  if ((m = YMD.exec(t))) return build(input, Number(m[1]), Number(m[3]), Number(m[4]));
  if ((m = CN.exec(t))) return build(input, Number(m[1]), Number(m[2]), m[3] === undefined ? undefined : Number(m[3]));
  if ((m = /^(\d{4})(\d{2})(\d{2})$/.exec(t))) return build(input, Number(m[1]), Number(m[2]), Number(m[3]));
  const ym = monthText(t);
  if (ym) return build(input, ym[0], ym[1], undefined);
  if (/^\d{4}$/.test(t) && Number(t) >= MIN_YEAR && Number(t) <= MAX_YEAR) return fail(input, '只有年份，请写到月或日');
  if ((m = YEAR_LAST.exec(t))) return fail(input, `年份写在最后，无法确定月和日的顺序，请写成 ${m[4]}-MM-DD`);
  if (SHORT_YEAR.test(t)) return fail(input, '年份应写四位');
  if (/^\d{1,5}(?:\.\d+)?$/.test(t)) return fromSerial(input, Number(t), options);
  return fail(input);
}

function periodFail(input: unknown, reason = '应为年月，如 2024-12'): PeriodResult {
  return { ok: false, message: `期间不正确：${shown(input)}（${reason}）` };
}

/**
 * Read an accounting period (month) → `YYYY-MM`: `2024-12`, `2024/12`, `2024.12`, `2024年12月`,
 * `202412`, full-width digits, the numbers 202412 and 2024.12 (not 2024.1: January or October?).
 * Excel turns `2024-12` typed in a cell into the date 2024-12-01, so a Date or serial number on the
 * first of a month is accepted too. A full day written as text is refused: a period is a month.
 */
export function parsePeriod(input: string | number | Date | null | undefined, options: DateOptions = {}): PeriodResult {
  if (input === null || input === undefined) return { ok: false, message: '期间为空' };
  let r: DateResult;
  if (input instanceof Date || (typeof input === 'number' && Number.isInteger(input) && input < 100_000)) {
    r = parseDate(input, options);
    if (r.ok && !r.date.endsWith('-01')) return periodFail(input, `这是日期 ${r.date}，期间应为年月`);
  } else if (typeof input === 'number') {
    r = parseDate(input, options);
    if (r.ok && r.precision !== 'month') return periodFail(input);
  } else {
    const t = numericText(String(input)).replace(/\s+/g, ' ');
    if (t === '') return { ok: false, message: '期间为空' };
    const ym = monthText(t);
    if (!ym) return periodFail(input);
    r = build(input, ym[0], ym[1], undefined);
  }
  if (!r.ok) return { ok: false, message: r.message.replace(/^日期不正确/, '期间不正确') };
  return { ok: true, period: r.date.slice(0, 7) };
}
