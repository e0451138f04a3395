import { describe, expect, it } from 'vitest';
import {
  ACQUISITION_METHODS,
  FUNDING_SOURCES,
  USAGE_STATUSES,
  VALUE_TYPES,
  cleanName,
  cleanText,
  daysInMonth,
  excelSerialToDate,
  isValidDate,
  isValidPeriod,
  normaliseAcquisitionMethod,
  normaliseFundingSource,
  normaliseText,
  normaliseUsageStatus,
  normaliseValueType,
  parseDate,
  parseLife,
  parsePercent,
  parsePeriod,
  parseQuantity,
  periodOf,
} from '../../shared/parse';
import * as schemas from '../../shared/api/schemas';

// Every expected value below is written by hand.

describe('parseDate: day precision', () => {
  it.each<[string, string | number | Date, string]>([
    ['ISO', '2019-03-05', '2019-03-05'],
    ['no leading zeros', '2019-3-5', '2019-03-05'],
    ['slashes', '2019/3/5', '2019-03-05'],
    ['slashes with zeros', '2019/03/05', '2019-03-05'],
    ['dots', '2019.03.05', '2019-03-05'],
    ['dots without zeros', '2019.3.5', '2019-03-05'],
    ['eight digits', '20190305', '2019-03-05'],
    ['Chinese', '2019年3月5日', '2019-03-05'],
    ['Chinese with zeros', '2019年03月05日', '2019-03-05'],
    ['Chinese with 号', '2019年3月5号', '2019-03-05'],
    ['Chinese with spaces', '2019 年 3 月 5 日', '2019-03-05'],
    ['full-width ISO', '２０１９－０３－０５', '2019-03-05'],
    ['full-width Chinese', '２０１９年３月５日', '2019-03-05'],
    ['full-width slashes', '２０１９／３／５', '2019-03-05'],
    ['full-width dots', '２０１９．３．５', '2019-03-05'],
    ['stray spaces around', '  2019-03-05  ', '2019-03-05'],
    ['spaces around separators', '2019 - 03 - 05', '2019-03-05'],
    ['ideographic spaces', '\u30002019/3/5\u3000', '2019-03-05'],
    ['CSV date-time from Excel', '2019/3/5 0:00', '2019-03-05'],
    ['date-time with seconds', '2019-03-05 10:30:00', '2019-03-05'],
    ['ISO date-time', '2019-03-05T00:00:00.000Z', '2019-03-05'],
    ['Chinese date-time', '2019年3月5日 8:30', '2019-03-05'],
    ['leap day', '2020-02-29', '2020-02-29'],
    ['leap day of a 400th year', '2000-02-29', '2000-02-29'],
    ['last day of year', '2019-12-31', '2019-12-31'],
    ['earliest year', '1900-01-01', '1900-01-01'],
    ['latest year', '2100-12-31', '2100-12-31'],
    ['Excel serial as text', '43529', '2019-03-05'],
    ['Excel serial with time as text', '43529.5', '2019-03-05'],
    ['Excel serial', 43529, '2019-03-05'],
    ['Excel serial with time', 43529.75, '2019-03-05'],
    ['Excel serial 2000-01-01', 36526, '2000-01-01'],
    ['Excel serial 2023-01-01', 44927, '2023-01-01'],
    ['Excel serial 2025-01-01', 45658, '2025-01-01'],
    ['earliest serial accepted', 18264, '1950-01-01'],
    ['latest serial accepted', 73415, '2100-12-31'],
    ['eight-digit number', 20190305, '2019-03-05'],
    ['Date at UTC midnight (ExcelJS)', new Date('2019-03-05T00:00:00Z'), '2019-03-05'],
    ['Date with a time (ExcelJS date-time cell)', new Date('2019-03-05T23:59:59Z'), '2019-03-05'],
  ])('%s: %j', (_label, input, date) => {
    expect(parseDate(input)).toEqual({ ok: true, date, precision: 'day' });
  });

  it('1904 date system', () => {
    expect(parseDate(42067, { date1904: true })).toEqual({ ok: true, date: '2019-03-05', precision: 'day' });
    expect(parseDate('42067', { date1904: true })).toEqual({ ok: true, date: '2019-03-05', precision: 'day' });
  });
});

describe('parseDate: month precision (first day of the month)', () => {
  it.each<[string, string | number, string]>([
    ['dots', '2019.03', '2019-03-01'],
    ['dots, one digit', '2019.3', '2019-03-01'],
    ['text 2019.1 is January', '2019.1', '2019-01-01'],
    ['text 2019.10 is October', '2019.10', '2019-10-01'],
    ['dots, December', '2019.12', '2019-12-01'],
    ['dash', '2019-03', '2019-03-01'],
    ['slash', '2019/3', '2019-03-01'],
    ['six digits', '201903', '2019-03-01'],
    ['Chinese', '2019年3月', '2019-03-01'],
    ['Chinese with zero', '2019年03月', '2019-03-01'],
    ['Chinese 月份', '2019年3月份', '2019-03-01'],
    ['full-width', '２０１９．０３', '2019-03-01'],
    ['number 2019.03 from a cell', 2019.03, '2019-03-01'],
    ['number 2019.3 from a cell', 2019.3, '2019-03-01'],
    ['number 2019.12 from a cell', 2019.12, '2019-12-01'],
    ['six-digit number', 201903, '2019-03-01'],
  ])('%s: %j', (_label, input, date) => {
    expect(parseDate(input)).toEqual({ ok: true, date, precision: 'month' });
  });
});

describe('parseDate: refusals', () => {
  it.each<[string, string | number | Date, string]>([
    ['30 February', '2019-02-30', '日期不正确：2019-02-30（2019年2月只有28天）'],
    ['29 February of a common year', '2019-02-29', '日期不正确：2019-02-29（2019年2月只有28天）'],
    ['1900 is not a leap year', '1900-02-29', '日期不正确：1900-02-29（1900年2月只有28天）'],
    ['31 April', '2019-04-31', '日期不正确：2019-04-31（2019年4月只有30天）'],
    ['day 0', '2019-03-00', '日期不正确：2019-03-00（2019年3月只有31天）'],
    ['month 13', '2019-13-01', '日期不正确：2019-13-01（月份应为 1–12）'],
    ['month 0', '2019-00-05', '日期不正确：2019-00-05（月份应为 1–12）'],
    ['2019.30 is not a month', '2019.30', '日期不正确：2019.30（月份应为 1–12）'],
    ['month 13, dots', '2019.13', '日期不正确：2019.13（月份应为 1–12）'],
    ['month 13, six digits', '201913', '日期不正确：201913（月份应为 1–12）'],
    ['month 13, eight digits', '20191301', '日期不正确：20191301（月份应为 1–12）'],
    ['month 13, Chinese', '2019年13月', '日期不正确：2019年13月（月份应为 1–12）'],
    ['30 February, Chinese', '2019年2月30日', '日期不正确：2019年2月30日（2019年2月只有28天）'],
    ['US order', '03/05/2019', '日期不正确：03/05/2019（年份写在最后，无法确定月和日的顺序，请写成 2019-MM-DD）'],
    ['US order without zeros', '3/5/2019', '日期不正确：3/5/2019（年份写在最后，无法确定月和日的顺序，请写成 2019-MM-DD）'],
    ['day first, unambiguous or not', '13/05/2019', '日期不正确：13/05/2019（年份写在最后，无法确定月和日的顺序，请写成 2019-MM-DD）'],
    ['European dots', '05.03.2019', '日期不正确：05.03.2019（年份写在最后，无法确定月和日的顺序，请写成 2019-MM-DD）'],
    ['two-digit year', '19-3-5', '日期不正确：19-3-5（年份应写四位）'],
    ['two-digit year, dots', '19.3', '日期不正确：19.3（年份应写四位）'],
    ['two-digit year, Chinese', '19年3月5日', '日期不正确：19年3月5日（年份应写四位）'],
    ['year alone', '2019', '日期不正确：2019（只有年份，请写到月或日）'],
    ['year alone as a number', 2019, '日期不正确：2019（只有年份，请写到月或日）'],
    ['number 2019.1: January or October?', 2019.1, '日期不正确：2019.1（数值单元格里的 2019.1 可能是 2019年1月，也可能是 2019年10月，请写成 2019-01 或 2019-10）'],
    ['mixed separators', '2019-03/05', '日期不正确：2019-03/05'],
    ['impossible time after the date', '2019-03-05 25:99', '日期不正确：2019-03-05 25:99'],
    ['words after the date', '2019年3月5日星期二', '日期不正确：2019年3月5日星期二'],
    ['too many parts', '2019-3-5-1', '日期不正确：2019-3-5-1'],
    ['words', '昨天', '日期不正确：昨天'],
    ['Chinese numerals', '二〇一九年三月五日', '日期不正确：二〇一九年三月五日'],
    ['before 1900', '1899-12-31', '日期不正确：1899-12-31（年份应在 1900–2100 之间）'],
    ['after 2100', '2101-01-01', '日期不正确：2101-01-01（年份应在 1900–2100 之间）'],
    ['serial 60, the fictitious 1900-02-29', 60, '日期不正确：60（Excel 序列号 60 是不存在的 1900年2月29日）'],
    ['serial 61 is 1900: too early to be plausible', 61, '日期不正确：61（不是 1950–2100 年之间的 Excel 日期序列号）'],
    ['serial just before 1950', 18263, '日期不正确：18263（不是 1950–2100 年之间的 Excel 日期序列号）'],
    ['serial just after 2100', 73416, '日期不正确：73416（不是 1950–2100 年之间的 Excel 日期序列号）'],
    ['small number as text', '6', '日期不正确：6（不是 1950–2100 年之间的 Excel 日期序列号）'],
    ['zero', 0, '日期不正确：0'],
    ['negative', -5, '日期不正确：-5'],
    ['NaN', NaN, '日期不正确：NaN'],
    ['invalid Date', new Date(NaN), '日期不正确：Invalid Date'],
    ['blank', '', '日期为空'],
    ['spaces', ' \u3000 ', '日期为空'],
  ])('%s: %j', (_label, input, message) => {
    expect(parseDate(input)).toEqual({ ok: false, message });
  });

  it('null and undefined are blank', () => {
    expect(parseDate(null)).toEqual({ ok: false, message: '日期为空' });
    expect(parseDate(undefined)).toEqual({ ok: false, message: '日期为空' });
  });
});

describe('excelSerialToDate (full range, 1900 leap-year bug)', () => {
  it.each<[number, string | undefined]>([
    [1, '1900-01-01'],
    [59, '1900-02-28'],
    [60, undefined],
    [61, '1900-03-01'],
    [0, undefined],
    [-1, undefined],
    [43529, '2019-03-05'],
    [43529.999, '2019-03-05'],
    [2958465, '9999-12-31'],
    [2958466, undefined],
    [NaN, undefined],
  ])('%s → %s', (serial, date) => {
    expect(excelSerialToDate(serial)).toBe(date);
  });

  it.each<[number, string | undefined]>([
    [0, '1904-01-01'],
    [1, '1904-01-02'],
    [42067, '2019-03-05'],
    [-1, undefined],
  ])('1904 system: %s → %s', (serial, date) => {
    expect(excelSerialToDate(serial, { date1904: true })).toBe(date);
  });
});

describe('parsePeriod', () => {
  it.each<[string, string | number | Date, string]>([
    ['dash', '2024-12', '2024-12'],
    ['slash', '2024/12', '2024-12'],
    ['dots', '2024.12', '2024-12'],
    ['Chinese', '2024年12月', '2024-12'],
    ['six digits', '202412', '2024-12'],
    ['full-width', '２０２４－１２', '2024-12'],
    ['stray spaces', ' 2024 - 12 ', '2024-12'],
    ['one-digit month', '2024-1', '2024-01'],
    ['text 2024.1 is January', '2024.1', '2024-01'],
    ['six-digit number', 202412, '2024-12'],
    ['number 2024.12', 2024.12, '2024-12'],
    ['Excel turned 2024-12 into a date', new Date('2024-12-01T00:00:00Z'), '2024-12'],
    ['Excel serial of 2024-12-01', 45627, '2024-12'],
  ])('%s: %j', (_label, input, period) => {
    expect(parsePeriod(input)).toEqual({ ok: true, period });
  });

  it.each<[string, string | number | Date, string]>([
    ['month 13', '2024-13', '期间不正确：2024-13（月份应为 1–12）'],
    ['a full day as text', '2024-12-05', '期间不正确：2024-12-05（应为年月，如 2024-12）'],
    ['eight digits', '20241205', '期间不正确：20241205（应为年月，如 2024-12）'],
    ['eight-digit number', 20241205, '期间不正确：20241205（应为年月，如 2024-12）'],
    ['number 2024.1: January or October?', 2024.1, '期间不正确：2024.1（数值单元格里的 2024.1 可能是 2024年1月，也可能是 2024年10月，请写成 2024-01 或 2024-10）'],
    ['a Date not on the first', new Date('2024-12-05T00:00:00Z'), '期间不正确：2024-12-05T00:00:00.000Z（这是日期 2024-12-05，期间应为年月）'],
    ['a serial not on the first', 45631, '期间不正确：45631（这是日期 2024-12-05，期间应为年月）'],
    ['year alone', '2024', '期间不正确：2024（应为年月，如 2024-12）'],
    ['two-digit year', '24-12', '期间不正确：24-12（应为年月，如 2024-12）'],
    ['words', 'abc', '期间不正确：abc（应为年月，如 2024-12）'],
    ['blank', '', '期间为空'],
  ])('refuses %s: %j', (_label, input, message) => {
    expect(parsePeriod(input)).toEqual({ ok: false, message });
  });
});

describe('isValidDate, isValidPeriod, periodOf, daysInMonth', () => {
  it.each<[unknown, boolean]>([
    ['2019-03-05', true],
    ['2020-02-29', true],
    ['2019-02-29', false],
    ['2019-3-5', false],
    ['2019-13-01', false],
    ['2019-03-05 ', false],
    ['2019/03/05', false],
    [20190305, false],
    [undefined, false],
  ])('isValidDate(%j) = %s', (input, valid) => {
    expect(isValidDate(input)).toBe(valid);
  });

  it.each<[unknown, boolean]>([
    ['2024-12', true],
    ['2024-01', true],
    ['2024-13', false],
    ['2024-00', false],
    ['2024-1', false],
    ['202412', false],
  ])('isValidPeriod(%j) = %s', (input, valid) => {
    expect(isValidPeriod(input)).toBe(valid);
  });

  it('periodOf', () => {
    expect(periodOf('2019-03-05')).toBe('2019-03');
    expect(periodOf('2024-12-31')).toBe('2024-12');
    expect(() => periodOf('2019-3-5')).toThrow(RangeError);
    expect(() => periodOf('2019-02-30')).toThrow(RangeError);
  });

  it.each<[number, number, number]>([
    [2024, 2, 29],
    [2023, 2, 28],
    [1900, 2, 28],
    [2000, 2, 29],
    [2023, 4, 30],
    [2023, 12, 31],
  ])('daysInMonth(%d, %d) = %d', (y, m, days) => {
    expect(daysInMonth(y, m)).toBe(days);
  });
});

describe('parseQuantity', () => {
  it.each<[string, string | number, number, string | undefined]>([
    ['bare', '3', 3, undefined],
    ['number', 3, 3, undefined],
    ['with 台', '3台', 3, '台'],
    ['space before unit', '2 件', 2, '件'],
    ['full-width', '１０个', 10, '个'],
    ['thousands separator', '1,000册', 1000, '册'],
    ['套', '5套', 5, '套'],
    ['3.0 is 3', '3.0', 3, undefined],
    ['square metres', '12 m²', 12, 'm²'],
    ['平方米', '120平方米', 120, '平方米'],
    ['plus sign', '+3', 3, undefined],
    ['stray spaces', ' 3 台 ', 3, '台'],
  ])('%s: %j', (_label, input, quantity, unit) => {
    expect(parseQuantity(input)).toEqual(unit === undefined ? { ok: true, quantity } : { ok: true, quantity, unit });
  });

  it.each<[string, string | number, string]>([
    ['zero', '0', '数量不正确：0（应大于 0）'],
    ['zero number', 0, '数量不正确：0（应大于 0）'],
    ['zero with unit', '0台', '数量不正确：0台（应大于 0）'],
    ['negative', '-3', '数量不正确：-3（应为正整数）'],
    ['negative number', -3, '数量不正确：-3（应为正整数）'],
    ['fraction', '2.5', '数量不正确：2.5（应为正整数）'],
    ['fraction number', 2.5, '数量不正确：2.5（应为正整数）'],
    ['letters', 'abc', '数量不正确：abc'],
    ['digits after the unit', '3台2', '数量不正确：3台2'],
    ['bad thousands separator', '1,00', '数量不正确：1,00'],
    ['Chinese numerals', '三台', '数量不正确：三台'],
    ['NaN', NaN, '数量不正确：NaN'],
    ['blank', '', '数量为空'],
  ])('refuses %s: %j', (_label, input, message) => {
    expect(parseQuantity(input)).toEqual({ ok: false, message });
  });
});

describe('parseLife (→ months)', () => {
  it.each<[string, string | number, 'years' | 'months', number]>([
    ['bare years', '6', 'years', 72],
    ['bare months', '6', 'months', 6],
    ['年 wins over the hint', '6年', 'months', 72],
    ['个月 wins over the hint', '72个月', 'years', 72],
    ['月 wins over the hint', '72月', 'years', 72],
    ['half years', '6.5年', 'months', 78],
    ['年半', '6年半', 'years', 78],
    ['bare half years', '6.5', 'years', 78],
    ['quarter years', '6.25年', 'years', 75],
    ['half a year', '0.5年', 'years', 6],
    ['years and months', '5年6个月', 'years', 66],
    ['years 零 months', '5年零6个月', 'years', 66],
    ['years and 月', '5年6月', 'months', 66],
    ['number of years', 6, 'years', 72],
    ['number of months', 72, 'months', 72],
    ['number of half years', 6.5, 'years', 78],
    ['full-width', '６年', 'months', 72],
    ['spaces', ' 6 年 ', 'months', 72],
    ['buildings', '50年', 'years', 600],
    ['longest', '100年', 'years', 1200],
  ])('%s: %j (%s)', (_label, input, hint, months) => {
    expect(parseLife(input, hint)).toEqual({ ok: true, months });
  });

  it.each<[string, string | number, 'years' | 'months', string]>([
    ['not a whole number of months', '6.3年', 'months', '年限不正确：6.3年（6.3 年折合 75.6 个月，不是整月）'],
    ['bare years not whole months', '6.3', 'years', '年限不正确：6.3（6.3 年折合 75.6 个月，不是整月）'],
    ['number of years not whole months', 6.3, 'years', '年限不正确：6.3（6.3 年折合 75.6 个月，不是整月）'],
    ['fractional months', '6.5个月', 'years', '年限不正确：6.5个月（月数应为整数）'],
    ['fractional bare months', 6.5, 'months', '年限不正确：6.5（月数应为整数）'],
    ['zero', '0', 'years', '年限不正确：0（应大于 0）'],
    ['zero number', 0, 'months', '年限不正确：0（应大于 0）'],
    ['negative', '-6', 'years', '年限不正确：-6（应大于 0）'],
    ['negative number', -6, 'years', '年限不正确：-6（应大于 0）'],
    ['too long', '101年', 'years', '年限不正确：101年（超过 100 年）'],
    ['12 months after years', '5年12个月', 'years', '年限不正确：5年12个月（月数应为 0–11 的整数）'],
    ['letters', 'abc', 'years', '年限不正确：abc'],
    ['words', '六年', 'years', '年限不正确：六年'],
    ['blank', '', 'years', '年限为空'],
  ])('refuses %s: %j (%s)', (_label, input, hint, message) => {
    expect(parseLife(input, hint)).toEqual({ ok: false, message });
  });
});

describe('parsePercent (→ basis points)', () => {
  it.each<[string, string | number, number]>([
    ['percent', '60%', 6000],
    ['decimal percent', '12.5%', 1250],
    ['two-decimal percent', '12.34%', 1234],
    ['full-width', '６０％', 6000],
    ['space before %', '60 %', 6000],
    ['hundred', '100%', 10000],
    ['zero', '0%', 0],
    ['Excel percent cell 0.6', 0.6, 6000],
    ['Excel percent cell 0.125', 0.125, 1250],
    ['Excel percent cell 1 (100%)', 1, 10000],
    ['float sum 0.1 + 0.2', 0.1 + 0.2, 3000],
    ['General cell 60', 60, 6000],
    ['bare text fraction', '0.6', 6000],
    ['bare text percent points', '60', 6000],
    ['bare text 1 is 100%', '1', 10000],
    ['bare 1.5 is 1.5%', '1.5', 150],
  ])('%s: %j', (_label, input, basisPoints) => {
    expect(parsePercent(input)).toEqual({ ok: true, basisPoints });
  });

  it.each<[string, string | number, string]>([
    ['negative', '-5%', '比例不正确：-5%（不能为负数）'],
    ['negative number', -0.5, '比例不正确：-0.5（不能为负数）'],
    ['over 100%', '101%', '比例不正确：101%（不能超过 100%）'],
    ['over 100 points', 101, '比例不正确：101（不能超过 100%）'],
    ['too precise', '12.345%', '比例不正确：12.345%（最多精确到 0.01%）'],
    ['too precise fraction', 0.123456, '比例不正确：0.123456（最多精确到 0.01%）'],
    ['letters', 'abc', '比例不正确：abc'],
    ['sign only', '%', '比例不正确：%'],
    ['blank', '', '比例为空'],
  ])('refuses %s: %j', (_label, input, message) => {
    expect(parsePercent(input)).toEqual({ ok: false, message });
  });
});

describe('normaliseText, and cleanText/cleanName moved here from schemas', () => {
  it.each<[string, unknown, string]>([
    ['trim and full-width', '  Ａ１  ', 'A1'],
    ['ideographic spaces collapse', 'a\u3000\u3000b', 'a b'],
    ['tabs and newlines collapse', '\u200bX\t\tY\n', 'X Y'],
    ['full-width brackets fold', '东村卫生室（二）', '东村卫生室(二)'],
    ['Chinese kept, case kept', '县医院 CT', '县医院 CT'],
    ['number', 12, '12'],
    ['blank', '', ''],
    ['null', null, ''],
    ['undefined', undefined, ''],
  ])('%s', (_label, input, expected) => {
    expect(normaliseText(input)).toBe(expected);
  });

  it('schemas.ts re-exports the same functions', () => {
    expect(schemas.cleanText).toBe(cleanText);
    expect(schemas.cleanName).toBe(cleanName);
  });
});

describe('asset card choices', () => {
  it('canonical lists', () => {
    expect(ACQUISITION_METHODS).toEqual(['新购', '调入', '捐赠', '置换', '盘盈', '自建', '其他']);
    expect(USAGE_STATUSES).toEqual(['在用', '闲置', '出租出借', '待修', '待报废', '已处置']);
    expect(VALUE_TYPES).toEqual(['原值', '评估值', '重置价值', '名义金额']);
    expect(FUNDING_SOURCES).toEqual(['财政补助', '科教项目', '医疗收入(自有资金)', '其他']);
  });

  it.each<[string, string | undefined]>([
    ['新购', '新购'], ['购置', '新购'], ['采购', '新购'], ['购入', '新购'], ['购买', '新购'], ['政府采购', '新购'],
    ['调入', '调入'], ['调拨', '调入'], ['划入', '调入'], ['无偿调入', '调入'], ['无偿划拨', '调入'],
    ['捐赠', '捐赠'], ['受赠', '捐赠'], ['接受捐赠', '捐赠'],
    ['置换', '置换'], ['置换取得', '置换'],
    ['盘盈', '盘盈'], ['清查盘盈', '盘盈'],
    ['自建', '自建'], ['自行建造', '自建'], ['在建工程转入', '自建'],
    ['其他', '其他'], ['其它', '其他'],
    [' 新 购 ', '新购'], ['\u3000调拨\u3000', '调入'],
    ['租用', undefined], ['', undefined], ['购置调入', undefined],
  ])('取得方式 %j → %j', (input, expected) => {
    expect(normaliseAcquisitionMethod(input)).toBe(expected);
  });

  it.each<[string, string | undefined]>([
    ['在用', '在用'], ['正常使用', '在用'], ['使用中', '在用'], ['正常', '在用'],
    ['闲置', '闲置'], ['未使用', '闲置'], ['停用', '闲置'],
    ['出租出借', '出租出借'], ['出租', '出租出借'], ['出借', '出租出借'], ['出租/出借', '出租出借'], ['出租、出借', '出租出借'], ['出租／出借', '出租出借'],
    ['待修', '待修'], ['维修', '待修'], ['待维修', '待修'], ['故障', '待修'],
    ['待报废', '待报废'], ['报废待处理', '待报废'], ['待处置', '待报废'],
    ['已处置', '已处置'], ['已报废', '已处置'],
    ['报废', undefined], ['封存', undefined], ['良好', undefined],
  ])('使用状况 %j → %j', (input, expected) => {
    expect(normaliseUsageStatus(input)).toBe(expected);
  });

  it.each<[string, string | undefined]>([
    ['原值', '原值'], ['原价', '原值'], ['账面原值', '原值'],
    ['评估值', '评估值'], ['评估价值', '评估值'],
    ['重置价值', '重置价值'], ['重置成本', '重置价值'],
    ['名义金额', '名义金额'], ['名义价值', '名义金额'],
    ['净值', undefined],
  ])('价值类型 %j → %j', (input, expected) => {
    expect(normaliseValueType(input)).toBe(expected);
  });

  it.each<[string, string | undefined]>([
    ['财政补助', '财政补助'], ['财政拨款', '财政补助'], ['财政资金', '财政补助'],
    ['科教项目', '科教项目'], ['科研', '科教项目'], ['科教', '科教项目'],
    ['医疗收入(自有资金)', '医疗收入(自有资金)'], ['医疗收入（自有资金）', '医疗收入(自有资金)'], ['医疗收入', '医疗收入(自有资金)'],
    ['自有资金', '医疗收入(自有资金)'], ['自筹', '医疗收入(自有资金)'], ['自筹资金', '医疗收入(自有资金)'],
    ['其他', '其他'], ['其它', '其他'],
    ['银行贷款', undefined],
  ])('资金来源 %j → %j', (input, expected) => {
    expect(normaliseFundingSource(input)).toBe(expected);
  });

  it('non-text gives undefined', () => {
    expect(normaliseUsageStatus(undefined)).toBeUndefined();
    expect(normaliseUsageStatus(null)).toBeUndefined();
    expect(normaliseFundingSource(3)).toBeUndefined();
  });
});
