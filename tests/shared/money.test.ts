import { describe, expect, it } from 'vitest';
import { MAX_FEN, fenToYuanString, formatMoney, parseMoney, toChineseCapitals } from '../../shared/money';

// Every expected value below is written by hand.

describe('parseMoney: text as it appears in sheets', () => {
  it.each<[string, string, number]>([
    ['plain', '12345.6', 1234560],
    ['two decimals', '12345.60', 1234560],
    ['thousands separators', '12,345.60', 1234560],
    ['yen sign', '¥12,345.60', 1234560],
    ['full-width yen sign', '￥1,234', 123400],
    ['yen sign then space', '¥ 12,345.60', 1234560],
    ['space as thousands separator', '1 234.50', 123450],
    ['RMB prefix', 'RMB 100', 10000],
    ['rmb lower case, no space', 'rmb100', 10000],
    ['CNY prefix', 'CNY 100.5', 10050],
    ['RMB suffix', '100 RMB', 10000],
    ['人民币…元', '人民币100元', 10000],
    ['元 suffix', '100元', 10000],
    ['元 after a space', '100 元', 10000],
    ['元整', '100元整', 10000],
    ['元正', '100.00元正', 10000],
    ['万', '1.2万', 1200000],
    ['万元', '1.2万元', 1200000],
    ['万 with four decimals', '12.3456万', 12345600],
    ['万 with thousands separator', '1,234万', 1234000000],
    ['亿', '3.5亿', 35000000000],
    ['full-width digits and punctuation', '１２，３４５．６０', 1234560],
    ['full-width minus', '－１２３', -12300],
    ['IME full stop as decimal point', '12。5', 1250],
    ['stray spaces around', '  12345.60  ', 1234560],
    ['ideographic spaces around', '\u3000¥ 12,345.60\u3000', 1234560],
    ['non-breaking space as thousands separator', '1\u00a0234.50', 123450],
    ['zero-width characters', '\u200b12.50\ufeff', 1250],
    ['accounting brackets', '(1,234.00)', -123400],
    ['full-width accounting brackets', '（1,234.00）', -123400],
    ['accounting brackets with yen sign', '(¥1,234.00)', -123400],
    ['yen sign outside brackets', '¥(1,234.00)', -123400],
    ['minus', '-1,234', -123400],
    ['Unicode minus sign', '\u22121,234', -123400],
    ['minus before yen sign', '-¥1,234.00', -123400],
    ['minus after yen sign', '¥-1,234.00', -123400],
    ['minus with 万元', '-1.5万元', -1500000],
    ['plus sign', '+100', 10000],
    ['zero', '0', 0],
    ['zero with decimals', '0.00', 0],
    ['leading decimal point', '.5', 50],
    ['trailing decimal point', '5.', 500],
    ['leading zeros', '007', 700],
    ['one fen', '0.01', 1],
    ['millions', '1,234,567.89', 123456789],
    ['accounting-format zero: lone dash', '-', 0],
    ['accounting-format zero from CSV', ' ¥-   ', 0],
    ['em dash for zero', '—', 0],
    ['largest amount', '90,071,992,547,409.91', 9007199254740991],
    ['largest negative amount', '-90,071,992,547,409.91', -9007199254740991],
  ])('%s: %j', (_label, input, fen) => {
    const r = parseMoney(input);
    expect(r).toEqual({ ok: true, fen });
  });

  it('negative zero comes back as plain 0', () => {
    const r = parseMoney('-0.00');
    expect(r.ok && Object.is(r.fen, 0)).toBe(true);
    const r2 = parseMoney('(0)');
    expect(r2.ok && Object.is(r2.fen, 0)).toBe(true);
  });
});

describe('parseMoney: more than two decimals round half away from zero, and say so', () => {
  it.each<[string, string, number]>([
    ['half goes up', '12.345', 1235],
    ['below half goes down', '12.344', 1234],
    ['negative half goes away from zero', '-12.345', -1235],
    ['accounting negative', '(12.345)', -1235],
    ['half a fen', '0.005', 1],
    ['less than half a fen', '0.004', 0],
    ['万 beyond the fen', '1.2345678万', 1234568],
    ['long tail', '99.99999', 10000],
  ])('%s: %j', (_label, input, fen) => {
    expect(parseMoney(input)).toEqual({ ok: true, fen, rounded: true });
  });

  it('zeros beyond the fen are not rounding', () => {
    expect(parseMoney('12.3400')).toEqual({ ok: true, fen: 1234 });
    expect(parseMoney('12.3400')).not.toHaveProperty('rounded');
  });
});

describe('parseMoney: numbers from Excel cells', () => {
  it.each<[string, number, number]>([
    ['whole yuan', 100, 10000],
    ['one decimal', 12345.6, 1234560],
    ['negative', -1234.5, -123450],
    ['zero', 0, 0],
    ['one fen', 0.01, 1],
    ['float sum 0.1 + 0.2', 0.1 + 0.2, 30],
    ['0.07 (binary 0.07000000000000000666)', 0.07, 7],
    ['ten trillion yuan', 1e13, 1000000000000000],
  ])('%s', (_label, input, fen) => {
    expect(parseMoney(input)).toEqual({ ok: true, fen });
  });

  it.each<[string, number, number]>([
    ['typed 1234.565 (binary just below) rounds up as Excel shows it', 1234.565, 123457],
    ['typed 1.005 (binary 1.00499999999999989) rounds up', 1.005, 101],
    ['formula 1.1*1.15 = 1.2649999999999999 in binary, Excel shows 1.265', 1.1 * 1.15, 127],
    ['formula result with long tail', 2 / 3, 67],
    ['negative formula result', -2 / 3, -67],
    ['tiny', 1e-7, 0],
  ])('%s', (_label, input, fen) => {
    expect(parseMoney(input)).toEqual({ ok: true, fen, rounded: true });
  });

  it('negative zero comes back as plain 0', () => {
    const r = parseMoney(-0);
    expect(r.ok && Object.is(r.fen, 0)).toBe(true);
  });

  it.each([NaN, Infinity, -Infinity, 1e14, -1e14, 1e300])('refuses %s', (input) => {
    const r = parseMoney(input);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message.startsWith('金额格式不正确：')).toBe(true);
  });
});

describe('parseMoney: a sheet in 万元', () => {
  it.each<[string, string | number, number]>([
    ['bare number', 1.2, 1200000],
    ['bare text', '1.2', 1200000],
    ['thousands separator', '1,234.5', 1234500000],
    ['a cell that says 元 wins', '100元', 10000],
    ['a cell that says 万元 stays 万元', '1.2万元', 1200000],
  ])('%s', (_label, input, fen) => {
    expect(parseMoney(input, { unit: '万元' })).toEqual({ ok: true, fen });
  });
});

describe('parseMoney: refusals', () => {
  it.each<[string, string, string]>([
    ['letters', 'abc', '金额格式不正确：abc'],
    ['trailing letters', '12abc', '金额格式不正确：12abc'],
    ['two decimal points', '1.2.3', '金额格式不正确：1.2.3（小数点重复）'],
    ['comma not every three digits', '1,23', '金额格式不正确：1,23（千分位分隔符位置不对）'],
    ['European decimal comma', '12,5', '金额格式不正确：12,5（千分位分隔符位置不对）'],
    ['European thousands dot', '1.234,50', '金额格式不正确：1.234,50'],
    ['four digits after a comma', '1,2345', '金额格式不正确：1,2345（千分位分隔符位置不对）'],
    ['leading comma', ',123', '金额格式不正确：,123（千分位分隔符位置不对）'],
    ['two numbers with a space', '12 34', '金额格式不正确：12 34（千分位分隔符位置不对）'],
    ['dollars', '$100', '金额格式不正确：$100（不是人民币金额）'],
    ['USD', 'USD 100', '金额格式不正确：USD 100（不是人民币金额）'],
    ['美元', '100美元', '金额格式不正确：100美元（不是人民币金额）'],
    ['two minus signs', '--100', '金额格式不正确：--100（正负号重复）'],
    ['minus and brackets', '-(100)', '金额格式不正确：-(100)（正负号重复）'],
    ['minus inside brackets', '(-100)', '金额格式不正确：(-100)（正负号重复）'],
    ['scientific notation from a CSV', '1.23457E+11', '金额格式不正确：1.23457E+11（科学计数法，数字可能已丢失精度，请把单元格设为数值格式后重新导出）'],
    ['Excel error #N/A', '#N/A', '金额格式不正确：#N/A（Excel 错误值）'],
    ['Excel error #VALUE!', '#VALUE!', '金额格式不正确：#VALUE!（Excel 错误值）'],
    ['Chinese capitals', '壹万元', '金额格式不正确：壹万元（请填写阿拉伯数字）'],
    ['symbol only', '¥', '金额格式不正确：¥（没有数字）'],
    ['元 only', '元', '金额格式不正确：元（没有数字）'],
    ['mixed units', '1万2千', '金额格式不正确：1万2千'],
    ['range', '12-34', '金额格式不正确：12-34'],
    ['fraction', '1/2', '金额格式不正确：1/2'],
    ['beyond the largest amount', '90,071,992,547,409.92', '金额格式不正确：90,071,992,547,409.92（超出可记录的范围）'],
    ['far beyond', '1,000,000,000,000,000', '金额格式不正确：1,000,000,000,000,000（超出可记录的范围）'],
    ['blank', '', '金额为空'],
    ['spaces only', ' \u3000 ', '金额为空'],
  ])('%s: %j', (_label, input, message) => {
    expect(parseMoney(input)).toEqual({ ok: false, message });
  });

  it('null and undefined are blank', () => {
    expect(parseMoney(null)).toEqual({ ok: false, message: '金额为空' });
    expect(parseMoney(undefined)).toEqual({ ok: false, message: '金额为空' });
  });

  it('long garbage is cut in the message', () => {
    const r = parseMoney('这不是金额'.repeat(10));
    expect(r).toEqual({ ok: false, message: `金额格式不正确：${'这不是金额'.repeat(8)}…` });
  });

  it('MAX_FEN is the largest safe integer', () => {
    expect(MAX_FEN).toBe(9007199254740991);
  });
});

describe('formatMoney and fenToYuanString', () => {
  it.each<[number, string, string, string]>([
    [1234560, '12,345.60', '¥12,345.60', '12345.60'],
    [-1234560, '-12,345.60', '-¥12,345.60', '-12345.60'],
    [0, '0.00', '¥0.00', '0.00'],
    [5, '0.05', '¥0.05', '0.05'],
    [-5, '-0.05', '-¥0.05', '-0.05'],
    [50, '0.50', '¥0.50', '0.50'],
    [100, '1.00', '¥1.00', '1.00'],
    [99999, '999.99', '¥999.99', '999.99'],
    [100000, '1,000.00', '¥1,000.00', '1000.00'],
    [123456789, '1,234,567.89', '¥1,234,567.89', '1234567.89'],
    [100000000000, '1,000,000,000.00', '¥1,000,000,000.00', '1000000000.00'],
    [9007199254740991, '90,071,992,547,409.91', '¥90,071,992,547,409.91', '90071992547409.91'],
    [-9007199254740991, '-90,071,992,547,409.91', '-¥90,071,992,547,409.91', '-90071992547409.91'],
  ])('%d', (fen, plain, withSymbol, yuan) => {
    expect(formatMoney(fen)).toBe(plain);
    expect(formatMoney(fen, { symbol: false })).toBe(plain);
    expect(formatMoney(fen, { symbol: true })).toBe(withSymbol);
    expect(fenToYuanString(fen)).toBe(yuan);
  });

  it('what it writes reads back to the same fen', () => {
    for (const fen of [1234560, -1234560, 0, 5, -5, 123456789, 9007199254740991]) {
      expect(parseMoney(formatMoney(fen))).toEqual({ ok: true, fen });
      expect(parseMoney(formatMoney(fen, { symbol: true }))).toEqual({ ok: true, fen });
      expect(parseMoney(fenToYuanString(fen))).toEqual({ ok: true, fen });
    }
  });

  it.each([1.5, NaN, Infinity, 9007199254740992])('refuses a non-integer or unsafe fen %s', (fen) => {
    expect(() => formatMoney(fen)).toThrow(RangeError);
    expect(() => fenToYuanString(fen)).toThrow(RangeError);
    expect(() => toChineseCapitals(fen)).toThrow(RangeError);
  });
});

describe('toChineseCapitals (大写金额)', () => {
  it.each<[string, number, string]>([
    ['DOMAIN example 12,345.60', 1234560, '壹万贰仟叁佰肆拾伍元陆角整'],
    ['whole hundreds', 10000, '壹佰元整'],
    ['ten is 壹拾', 1000, '壹拾元整'],
    ['fifteen', 1500, '壹拾伍元整'],
    ['one thousand', 100000, '壹仟元整'],
    ['one yuan', 100, '壹元整'],
    ['zero inside', 100100, '壹仟零壹元整'],
    ['several zeros inside: one 零', 10000000100, '壹亿零壹元整'],
    ['万 digit 0, 千 digit not: no 零 (rules example 107,000.53)', 10700053, '壹拾万柒仟元零伍角叁分'],
    ['元 digit 0, 角 not: 零 after 元 (rules example 1,680.32)', 168032, '壹仟陆佰捌拾元零叁角贰分'],
    ['到角为止 writes 整 (1,409.50)', 140950, '壹仟肆佰零玖元伍角整'],
    ['角 0, 分 not: 零 after 元 (325.04)', 32504, '叁佰贰拾伍元零肆分'],
    ['zero in the hundreds (6,007.14)', 600714, '陆仟零柒元壹角肆分'],
    ['10,001', 1000100, '壹万零壹元整'],
    ['100,100: section under a thousand after 万', 10010000, '壹拾万零壹佰元整'],
    ['1,010,101.01', 101010101, '壹佰零壹万零壹佰零壹元零壹分'],
    ['100,000,010', 10000001000, '壹亿零壹拾元整'],
    ['100,001,000', 10000100000, '壹亿零壹仟元整'],
    ['one million', 100000000, '壹佰万元整'],
    ['one hundred million', 10000000000, '壹亿元整'],
    ['万亿', 100000000000000, '壹万亿元整'],
    ['万亿 and one yuan', 100000000000100, '壹万亿零壹元整'],
    ['万亿 and one 亿', 100010000000000, '壹万零壹亿元整'],
    ['100.10', 10010, '壹佰元零壹角整'],
    ['20.30', 2030, '贰拾元零叁角整'],
    ['1.05', 105, '壹元零伍分'],
    ['10.05', 1005, '壹拾元零伍分'],
    ['five jiao', 50, '伍角整'],
    ['five fen', 5, '伍分'],
    ['jiao and fen', 35, '叁角伍分'],
    ['zero', 0, '零元整'],
    ['negative', -1234560, '负壹万贰仟叁佰肆拾伍元陆角整'],
    ['largest amount', 9007199254740991, '玖拾万零柒佰壹拾玖亿玖仟贰佰伍拾肆万柒仟肆佰零玖元玖角壹分'],
  ])('%s', (_label, fen, capitals) => {
    expect(toChineseCapitals(fen)).toBe(capitals);
  });
});
