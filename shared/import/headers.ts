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

/** Find the first row (within the first `searchRows`) that names the most known columns (at least 2, or 1 for a one-column spec). */
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
  const columns: Partial<Record<F, number>> = {};
  const labels: Partial<Record<F, string>> = {};
  rows[best.index]!.forEach((cell, col) => {
    const f = matchField(cell, specs);
    if (f && columns[f] === undefined) {
      columns[f] = col;
      labels[f] = cell.trim();
    }
  });
  const missingRequired = specs.filter((s) => s.required && columns[s.field] === undefined).map((s) => s.field);
  return { headerIndex: best.index, columns, labels, missingRequired };
}

/** Subtotal and total lines that summary sheets carry; never data. */
export function isTotalRow(cells: readonly string[]): boolean {
  return cells.some((c) => /^(合\s*计|小\s*计|总\s*计|本页合计|累计)[:：]?$/.test(c.replace(/\s/g, '').trim()));
}
