// Recognising the header row of a real-world sheet: it may sit below title rows, carry stray
// spaces, full-width characters, line breaks, units in brackets ("原值(元)") or asterisks marking
// required columns. Pure, so it can be tested and reused by any import.

export interface ColumnSpec<F extends string = string> {
  field: F;
  /** Header texts people use for this column; the first is the one our exports write. */
  aliases: readonly string[];
  required?: boolean;
}

export interface HeaderMatch<F extends string = string> {
  /** 0-based index into the sheet rows. */
  headerIndex: number;
  /** field → 0-based column index */
  columns: Partial<Record<F, number>>;
  /** field → header text as written in the sheet (for error messages) */
  labels: Partial<Record<F, string>>;
  missingRequired: F[];
}

export function normaliseHeader(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '') // zero-width characters pasted from web pages
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000*＊:：]/g, '')
    .replace(/[（(][^）)]*[)）]$/, '') // trailing unit in brackets: 原值(元)
    .toLowerCase();
}

function matchField<F extends string>(cell: string, specs: readonly ColumnSpec<F>[]): F | undefined {
  const n = normaliseHeader(cell);
  if (!n) return undefined;
  for (const s of specs) if (s.aliases.some((a) => normaliseHeader(a) === n)) return s.field;
  return undefined;
}

/**
 * Find the header: the first row (within the first `searchRows`) that names the most known columns
 * (at least 2, or 1 for a one-column spec).
 *
 * A header may span two rows — a group heading over sub-headings (价值信息 over 原值 / 累计折旧),
 * the other headings either merged down (so repeated in the second row) or left blank there. When
 * the row after the best one names a column the best one does not, and holds nothing under the
 * best row's known columns but blanks, repeats or other headings, the two rows are one header:
 * a column takes the second row's meaning when it has one, a column whose second-row text is an
 * unknown sub-heading takes none, and `headerIndex` is the second row (data starts below it).
 */
export function findHeader<F extends string>(rows: readonly (readonly string[])[], specs: readonly ColumnSpec<F>[], searchRows = 30): HeaderMatch<F> | undefined {
  let best: { index: number; count: number } | undefined;
  const needed = Math.min(2, specs.length);
  for (let i = 0; i < Math.min(rows.length, searchRows); i++) {
    const seen = new Set<F>();
    for (const cell of rows[i]!) {
      const f = matchField(cell, specs);
      if (f) seen.add(f);
    }
    if (seen.size >= needed && (!best || seen.size > best.count)) best = { index: i, count: seen.size };
  }
  if (!best) return undefined;
  const top = rows[best.index]!;
  // column → [field, header text]
  const meaning: ([F, string] | undefined)[] = top.map((cell) => {
    const f = matchField(cell, specs);
    return f ? [f, cell] : undefined;
  });
  let headerIndex = best.index;
  const below = rows[best.index + 1];
  if (below && best.index + 1 < searchRows) {
    const fields = below.map((cell) => matchField(cell, specs));
    const same = (c: number) => (below[c] ?? '').trim() === (top[c] ?? '').trim();
    const addsColumn = fields.some((f, c) => f !== undefined && f !== meaning[c]?.[0]);
    const dataUnder = below.some((cell, c) => meaning[c] !== undefined && cell.trim() !== '' && fields[c] === undefined && !same(c));
    if (addsColumn && !dataUnder) {
      headerIndex = best.index + 1;
      for (let c = 0; c < Math.max(top.length, below.length); c++) {
        const f = fields[c];
        if (f !== undefined) meaning[c] = [f, below[c]!];
        else if ((below[c] ?? '').trim() !== '' && !same(c)) meaning[c] = undefined;
      }
    }
  }
  const columns: Partial<Record<F, number>> = {};
  const labels: Partial<Record<F, string>> = {};
  meaning.forEach((m, col) => {
    if (m && columns[m[0]] === undefined) {
      columns[m[0]] = col;
      labels[m[0]] = m[1].trim();
    }
  });
  const missingRequired = specs.filter((s) => s.required && columns[s.field] === undefined).map((s) => s.field);
  return { headerIndex, columns, labels, missingRequired };
}

/** Subtotal and total lines that summary sheets carry (合计, 小 计, 本页小计, 合计：, 合计(共 12 项)); never data. */
export function isTotalRow(cells: readonly string[]): boolean {
  return cells.some(isTotalText);
}

/** One cell of a 合计/小计 row. Every form of it has 计: most cells are ruled out without a regex. */
export function isTotalText(cell: string): boolean {
  return cell.includes('计') && TOTAL.test(cell.replace(/\s/g, ''));
}

const TOTAL = /^(本页|本月|本年|本期|全部|总)?(合计|小计|总计|累计)[:：]?([（(][^)）]*[)）])?$/;

/**
 * A banner inside the table rather than data: a section heading (一、通用设备), a note or 以下空白
 * merged across the row — every filled cell holds the same text, in two cells or more.
 */
export function isBannerRow(cells: readonly unknown[]): boolean {
  let first: string | undefined;
  let n = 0;
  for (const c of cells) {
    if (c === undefined || c === null || c === '') continue;
    if (typeof c !== 'string') return false;
    if (first === undefined) first = c;
    else if (c !== first) return false;
    n++;
  }
  return n >= 2;
}

/** 以下空白 / 以下无数据 / 此页无正文: the end-of-table marker of Chinese forms. */
export function isBlankMarker(text: string): boolean {
  return /^[（(【]?以下(空白|无数据|无内容|无正文)[)）】]?$|^此(页|处)(空白|无正文)$/.test(text.replace(/[\s\u3000]/g, ''));
}

/**
 * The 栏次 row of government forms under the header (甲 乙 丙 1 2 3 …, or 栏次 / 行次): at least
 * three filled cells, each a heavenly stem, a one- or two-digit column number, a dash or a unit in
 * brackets (元).
 */
export function isColumnNumberRow(cells: readonly string[]): boolean {
  let n = 0;
  for (const c of cells) {
    const t = c.replace(/[\s\u3000]/g, '');
    if (t === '') continue;
    if (!/^([甲乙丙丁戊己庚辛壬癸]|\d{1,2}|栏次|行次|[-—]+|[（(][^)）]{1,6}[)）])$/.test(t)) return false;
    n++;
  }
  return n >= 3;
}
