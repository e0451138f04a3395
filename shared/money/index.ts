// Money (DOMAIN §2): CNY held as integer fen (分). The only place where amounts are parsed from
// and formatted to text. Pure: no Node, no DOM. Results are always integers — no float arithmetic
// touches an amount (decimal digits are handled as strings, see shared/parse/decimal.ts).

import { numberToDecimal, roundDecimal, shiftDecimal, textToDecimal, type Decimal } from '../parse/decimal';
import { numericText, shown } from '../parse/text';

export type MoneyResult =
  | {
      ok: true;
      fen: number;
      /** Present (true) when the value had non-zero digits below the fen that were rounded away. */
      rounded?: true;
    }
  | { ok: false; message: string };

export interface ParseMoneyOptions {
  /**
   * The unit a bare number is in. Sheets headed 「原值(万元)」 hold 万元; a cell that names its own
   * unit (`100元`, `1.2万`) wins over this.
   */
  unit?: '元' | '万元';
}

/** The largest amount held exactly: Number.MAX_SAFE_INTEGER fen (¥90,071,992,547,409.91). */
export const MAX_FEN = Number.MAX_SAFE_INTEGER;

const CURRENCY = /^(?:¥|rmb|cny|人民币)/i;
const EXCEL_ERROR = /^#(?:N\/A|VALUE!|REF!|DIV\/0!|NUM!|NAME\?|NULL!|SPILL!|CALC!|GETTING_DATA)$/i;

function bad(input: unknown, reason?: string): MoneyResult {
  return { ok: false, message: `金额格式不正确：${shown(input)}${reason ? `（${reason}）` : ''}` };
}

function fromDecimal(input: unknown, d: Decimal, shift: number): MoneyResult {
  const { value, rounded } = roundDecimal(shiftDecimal(d, shift), 2);
  const max = BigInt(MAX_FEN);
  if (value > max || value < -max) return bad(input, '超出可记录的范围');
  const fen = Number(value);
  return rounded ? { ok: true, fen: fen === 0 ? 0 : fen, rounded: true } : { ok: true, fen: fen === 0 ? 0 : fen };
}

/**
 * Read an amount as people write it in sheets, to integer fen.
 *
 * Accepted: `12345.6`, `12,345.60`, `¥12,345.60`, `￥1,234`, `1 234.50` (space as thousands
 * separator), `RMB 100`, `CNY100`, `人民币100元`, `100元`, `100元整`, `1.2万` / `1.2万元` (×10,000),
 * `3.5亿`, full-width digits and punctuation (`１２，３４５．６０`), the IME full stop `12。5`,
 * stray spaces, negatives written `-1,234`, `−1,234`, `-¥1,234`, `¥-1,234` or in accounting
 * brackets `(1,234.00)` / `（¥1,234.00）`, a lone `-` (how Excel's accounting format shows zero,
 * and so how a CSV saved from it reads) = 0, and JS numbers from Excel cells.
 *
 * Rounding: more than two decimals are rounded half away from zero to the fen (12.345 → 12.35,
 * −12.345 → −12.35) — such values are formula results whose cell shows 12.35, and Excel's ROUND
 * does the same — and the result carries `rounded: true` so an import can say so.
 * Cell numbers are read at Excel's 15 significant digits (0.1+0.2 → 0.30, 1234.565 → 1234.57,
 * 1.1*1.15 = 1.2649999999999999 → 1.27 as Excel shows it).
 *
 * Refused, with `金额格式不正确：…`: blanks, letters, other currencies, misplaced thousands separators
 * (`1,23` — is it 123 or 1.23?), scientific notation in text (`1.23457E+11`: a CSV that already
 * lost digits), Excel error values, two signs, and amounts beyond ±MAX_FEN.
 */
export function parseMoney(input: string | number | null | undefined, options: ParseMoneyOptions = {}): MoneyResult {
  const defaultShift = options.unit === '万元' ? 4 : 0;
  if (typeof input === 'number') {
    const d = numberToDecimal(input);
    if (!d) return bad(input, '不是有效数字');
    return fromDecimal(input, d, defaultShift);
  }
  if (input === null || input === undefined) return { ok: false, message: '金额为空' };
  if (typeof input !== 'string') return bad(input);
  let s = numericText(input).replace(/\s+/g, ' ');
  if (s === '') return { ok: false, message: '金额为空' };
  if (EXCEL_ERROR.test(s)) return bad(input, 'Excel 错误值');
  if (/^[$€£₩]|^(?:usd|us\$|hk\$|eur)\b|美元|港元|港币|欧元|日元/i.test(s)) return bad(input, '不是人民币金额');
  // Excel's accounting format shows zero as a dash, and a CSV saved from it holds ` ¥-   `.
  if (/^(?:¥ ?)?-$/.test(s)) return { ok: true, fen: 0 };

  let neg = false;
  let signs = 0;
  let currency = false;
  const takePrefix = (): void => {
    for (;;) {
      const cur = CURRENCY.exec(s);
      if (cur && !currency) {
        currency = true;
        s = s.slice(cur[0].length).trimStart();
        continue;
      }
      if (s[0] === '-' || s[0] === '+') {
        signs++;
        if (s[0] === '-') neg = !neg;
        s = s.slice(1).trimStart();
        continue;
      }
      return;
    }
  };

  takePrefix();
  // Accounting brackets: (1,234.00) or （¥1,234.00）元.
  const bracket = /^\((.*)\)\s*(元|圆)?$/.exec(s);
  if (bracket) {
    neg = !neg;
    signs++;
    s = (bracket[1] ?? '').trim() + (bracket[2] ?? '');
    takePrefix();
  }
  if (signs > 1) return bad(input, '正负号重复');

  // Suffixes, from the end: RMB/CNY, 整/正, 元/圆/块, 万/亿.
  let shift = defaultShift;
  let m: RegExpExecArray | null;
  if ((m = /\s*(?:rmb|cny)$/i.exec(s)) && !currency) {
    s = s.slice(0, m.index);
    currency = true;
  }
  let yuan = false;
  if ((m = /\s*(?:元|圆|块)\s*(?:整|正)?$/.exec(s))) {
    s = s.slice(0, m.index);
    yuan = true;
    shift = 0;
  }
  if ((m = /\s*(万|亿)$/.exec(s))) {
    s = s.slice(0, m.index);
    shift = m[1] === '万' ? 4 : 8;
  }
  s = s.trim();

  if (s === '') return bad(input, '没有数字');
  if (/\d[eE][+-]?\d/.test(s)) return bad(input, '科学计数法，数字可能已丢失精度，请把单元格设为数值格式后重新导出');
  if (/[\u96f6\u58f9\u8d30\u53c1\u8086\u4f0d\u9646\u67d2\u634c\u7396\u62fe\u4f70\u4edf]/.test(s)) return bad(input, '请填写阿拉伯数字');

  // Thousands separators (comma, or a space between digits) must sit every three digits.
  const [intPart = '', fracPart] = s.split('.', 2) as [string, string | undefined];
  if (s.split('.').length > 2) return bad(input, '小数点重复');
  let digits = intPart;
  if (/[, ]/.test(intPart)) {
    if (!/^\d{1,3}(?:[, ]\d{3})+$/.test(intPart)) return bad(input, '千分位分隔符位置不对');
    digits = intPart.replace(/[, ]/g, '');
  }
  if (fracPart !== undefined && !/^\d*$/.test(fracPart)) return bad(input);
  const d = textToDecimal(fracPart === undefined ? digits : `${digits}.${fracPart}`, neg);
  if (!d) return bad(input);
  return fromDecimal(input, d, shift);
}

function checkFen(fen: number): void {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`amount must be an integer number of fen, got ${fen}`);
}

/** `1234560` → `'12345.60'`, `-5` → `'-0.05'`: plain yuan with two decimals, for exports and CSV. */
export function fenToYuanString(fen: number): string {
  checkFen(fen);
  const digits = String(Math.abs(fen)).padStart(3, '0');
  return `${fen < 0 ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

/** `1234560` → `'12,345.60'`; negative `'-12,345.60'`; with `{ symbol: true }` `'¥12,345.60'` / `'-¥12,345.60'`. */
export function formatMoney(fen: number, options: { symbol?: boolean } = {}): string {
  checkFen(fen);
  const digits = String(Math.abs(fen)).padStart(3, '0');
  const int = digits.slice(0, -2).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${fen < 0 ? '-' : ''}${options.symbol ? '¥' : ''}${int}.${digits.slice(-2)}`;
}

const CAPITAL_DIGITS = '零壹贰叁肆伍陆柒捌玖';
const SMALL_UNITS = ['', '拾', '佰', '仟'] as const;
// Sections of four digits: 个, 万, 亿, 万亿 (the 亿 of 万亿 is added when the 亿 section is empty).
const SECTION_UNITS = ['', '万', '亿', '万'] as const;

function capitalSection(v: number): string {
  // v in 1..9999; zeros inside collapse to one 零, none at either end.
  let out = '';
  let zero = false;
  for (let p = 3; p >= 0; p--) {
    const d = Math.floor(v / 10 ** p) % 10;
    if (d === 0) {
      if (out !== '') zero = true;
      continue;
    }
    if (zero) out += '零';
    out += CAPITAL_DIGITS[d]! + SMALL_UNITS[p]!;
    zero = false;
  }
  return out;
}

/**
 * The amount in Chinese capitals (大写) as printed on vouchers and forms, following the People's
 * Bank rules for filling in bills (《正确填写票据和结算凭证的基本规定》):
 * - 12,345.60 → 壹万贰仟叁佰肆拾伍元陆角整; 100 → 壹佰元整; 10 → 壹拾元整.
 * - 整 after 元 or 角 when there are no 分; never after 分 (DOMAIN's 陆角整).
 * - A run of zeros inside the number is one 零 (1,001 → 壹仟零壹元整; 100,000,001 → 壹亿零壹元整);
 *   when the 万 digit is 0 but the 千 digit is not, no 零 (107,000.53 → 壹拾万柒仟元零伍角叁分, the
 *   rules' own example).
 * - 元 digit 0 with 角 not 0 → 零 after 元 (1,680.32 → 壹仟陆佰捌拾元零叁角贰分, the rules' example);
 *   角 0 with 分 not 0 → 零 after 元 (325.04 → 叁佰贰拾伍元零肆分).
 * - Under one yuan: 伍角整, 伍分, 叁角伍分; zero: 零元整. Negative amounts start with 负.
 * No 人民币 prefix: the form prints it.
 */
export function toChineseCapitals(fen: number): string {
  checkFen(fen);
  const abs = Math.abs(fen);
  const digits = String(abs).padStart(3, '0');
  const yuan = digits.slice(0, -2);
  const jiao = Number(digits[digits.length - 2]);
  const fenDigit = Number(digits[digits.length - 1]);
  const sign = fen < 0 ? '负' : '';
  if (abs === 0) return '零元整';

  let out = '';
  if (yuan !== '0') {
    const sections: number[] = [];
    for (let end = yuan.length; end > 0; end -= 4) sections.push(Number(yuan.slice(Math.max(0, end - 4), end)));
    let zero = false;
    for (let i = sections.length - 1; i >= 0; i--) {
      const v = sections[i]!;
      if (v === 0) {
        if (out !== '') zero = true;
        continue;
      }
      if (out !== '' && (zero || v < 1000)) out += '零';
      out += capitalSection(v) + SECTION_UNITS[i]!;
      if (i === 3 && sections[2] === 0) out += '亿';
      zero = false;
    }
    out += '元';
  }
  if (jiao === 0 && fenDigit === 0) return `${sign}${out}整`;
  if (jiao !== 0) {
    if (out !== '' && yuan.endsWith('0')) out += '零';
    out += `${CAPITAL_DIGITS[jiao]!}角`;
    out += fenDigit === 0 ? '整' : `${CAPITAL_DIGITS[fenDigit]!}分`;
  } else {
    if (out !== '') out += '零';
    out += `${CAPITAL_DIGITS[fenDigit]!}分`;
  }
  return sign + out;
}
