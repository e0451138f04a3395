// Pure layout rules of the printed documents (labels, cards, reports): label sheets and their
// pagination, report page splitting, grouping with subtotals. No DOM, no React — unit-tested in
// tests/renderer/print-layout.test.ts. All sizes in millimetres, all money in integer fen.

// ---------------------------------------------------------------------------------------------
// Label sheets

export interface LabelSheet {
  id: LabelSheetId;
  /** Paper size of one printed page. */
  paperW: number;
  paperH: number;
  cols: number;
  rows: number;
  labelW: number;
  labelH: number;
  /** Page margins to the first label (the sheet's die-cut layout). */
  marginTop: number;
  marginLeft: number;
  /** Space between labels. */
  gapX: number;
  gapY: number;
}

export type LabelSheetId = 'a4-70x40' | 'a4-100x55' | 'roll-60x40';

/**
 * The sheets we lay out for:
 * - `a4-70x40`: A4 self-adhesive sheet, 3 × 7 labels of 70 × 40 mm (the common 21-up office sheet);
 * - `a4-100x55`: A4, 2 × 5 labels of 100 × 55 mm (larger print for equipment in wards);
 * - `roll-60x40`: a thermal label printer's roll, one 60 × 40 mm label per page.
 */
export const LABEL_SHEETS: Record<LabelSheetId, LabelSheet> = {
  'a4-70x40': { id: 'a4-70x40', paperW: 210, paperH: 297, cols: 3, rows: 7, labelW: 70, labelH: 40, marginTop: 8.5, marginLeft: 0, gapX: 0, gapY: 0 },
  'a4-100x55': { id: 'a4-100x55', paperW: 210, paperH: 297, cols: 2, rows: 5, labelW: 100, labelH: 55, marginTop: 11, marginLeft: 4, gapX: 2, gapY: 0 },
  'roll-60x40': { id: 'roll-60x40', paperW: 60, paperH: 40, cols: 1, rows: 1, labelW: 60, labelH: 40, marginTop: 0, marginLeft: 0, gapX: 0, gapY: 0 },
};

export const labelsPerPage = (s: LabelSheet) => s.cols * s.rows;

/** Right and bottom edges of the last label; a sheet whose labels leave the paper is a layout bug. */
export function sheetExtent(s: LabelSheet): { right: number; bottom: number } {
  return {
    right: s.marginLeft + s.cols * s.labelW + (s.cols - 1) * s.gapX,
    bottom: s.marginTop + s.rows * s.labelH + (s.rows - 1) * s.gapY,
  };
}

/** Top-left corner (mm from the paper's corner) of the label at a slot (0-based, row by row). */
export function labelOrigin(s: LabelSheet, slot: number): { x: number; y: number } {
  const col = slot % s.cols;
  const row = Math.floor(slot / s.cols) % s.rows;
  return { x: s.marginLeft + col * (s.labelW + s.gapX), y: s.marginTop + row * (s.labelH + s.gapY) };
}

/**
 * Lay items out on sheets. `skip` leaves that many slots blank at the start of the first sheet
 * (a partly used sheet fed again). Every page has exactly cols × rows slots; blank ones are null.
 * No items → no pages.
 */
export function paginateLabels<T>(items: readonly T[], sheet: LabelSheet, skip = 0): (T | null)[][] {
  const per = labelsPerPage(sheet);
  const lead = Math.max(0, Math.min(Math.floor(skip), per - 1));
  if (items.length === 0) return [];
  const slots: (T | null)[] = [...Array<null>(lead).fill(null), ...items];
  const pages: (T | null)[][] = [];
  for (let i = 0; i < slots.length; i += per) {
    const page = slots.slice(i, i + per);
    while (page.length < per) page.push(null);
    pages.push(page);
  }
  return pages;
}

// ---------------------------------------------------------------------------------------------
// Report pages

export interface ReportGeometry {
  paperW: number;
  paperH: number;
  /** Page padding (all four sides). */
  margin: number;
  /** Title block: title, 编制单位 / 截止日期 / 单位：元 line. */
  headerH: number;
  /** Table header row(s). */
  theadH: number;
  /** Page footer: 页码 and the preparer line. */
  footerH: number;
  /** One body row (rows never wrap: fixed height, text cut with an ellipsis). */
  rowH: number;
  /** Extra room the last page needs below the table (signatures, amount in words). */
  closingH: number;
}

/** A4 landscape, 10 mm margins, 6 mm rows: 24 rows on a page. */
export const A4_LANDSCAPE_REPORT: ReportGeometry = { paperW: 297, paperH: 210, margin: 10, headerH: 24, theadH: 9, footerH: 9, rowH: 6, closingH: 18 };
/** A4 portrait (a single asset's schedule): 37 rows on a page. */
export const A4_PORTRAIT_REPORT: ReportGeometry = { paperW: 210, paperH: 297, margin: 12, headerH: 30, theadH: 9, footerH: 9, rowH: 6, closingH: 18 };

/** Body rows that fit on one page of this geometry. */
export function rowsPerPage(g: ReportGeometry): number {
  const body = g.paperH - 2 * g.margin - g.headerH - g.theadH - g.footerH;
  return Math.max(1, Math.floor(body / g.rowH + 1e-9));
}

/**
 * Split rows into pages of `perPage`. The last page must also hold `reserveOnLast` more rows
 * (the totals row and the closing block); if it cannot, a further page carries just the closing.
 * Always at least one page (an empty report still prints its header and totals).
 */
export function splitPages<T>(rows: readonly T[], perPage: number, reserveOnLast = 0): T[][] {
  const per = Math.max(1, Math.floor(perPage));
  const pages: T[][] = [];
  for (let i = 0; i < rows.length; i += per) pages.push(rows.slice(i, i + per));
  if (pages.length === 0) return [[]];
  const last = pages[pages.length - 1]!;
  if (last.length + reserveOnLast > per) pages.push([]);
  return pages;
}

// ---------------------------------------------------------------------------------------------
// Grouping with subtotals

export type Line<T> = { kind: 'row'; row: T } | { kind: 'subtotal'; key: string; label: string; count: number; sums: Record<string, number> };

/**
 * Rows sorted by `groupKey` (stable inside a group), each group followed by a subtotal line that
 * sums the `sumFields` (integer fen) of its rows; and the grand total. Groups keep the order of
 * their first row when `order` is 'first', or are sorted by key when 'key'.
 */
export function withSubtotals<T>(
  rows: readonly T[],
  groupKey: (r: T) => string,
  groupLabel: (r: T) => string,
  sumFields: readonly (keyof T & string)[],
  order: 'first' | 'key' = 'key',
): { lines: Line<T>[]; total: { count: number; sums: Record<string, number> } } {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = groupKey(r);
    let g = groups.get(k);
    if (!g) groups.set(k, (g = []));
    g.push(r);
  }
  const keys = [...groups.keys()];
  if (order === 'key') keys.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const lines: Line<T>[] = [];
  const total = { count: 0, sums: Object.fromEntries(sumFields.map((f) => [f, 0])) as Record<string, number> };
  for (const k of keys) {
    const g = groups.get(k)!;
    const sums = Object.fromEntries(sumFields.map((f) => [f, 0])) as Record<string, number>;
    for (const r of g) {
      lines.push({ kind: 'row', row: r });
      for (const f of sumFields) sums[f]! += Number(r[f]);
    }
    for (const f of sumFields) total.sums[f]! += sums[f]!;
    total.count += g.length;
    lines.push({ kind: 'subtotal', key: k, label: groupLabel(g[0]!), count: g.length, sums });
  }
  return { lines, total };
}

export interface RegisterDetail {
  unit: string;
  unitName: string;
  class: string;
  className: string | null;
  costFen: number;
  accumulatedFen: number;
  netFen: number;
}

export interface RegisterSummaryRow {
  id: string;
  unit: string;
  unitName: string;
  class: string;
  className: string | null;
  assets: number;
  costFen: number;
  accumulatedFen: number;
  netFen: number;
}

/**
 * The register as of a date summarised by unit × class (the printed 资产总账): one row per unit
 * and class with the number of cards and the sums, ordered by unit code then class code.
 */
export function summariseRegister(rows: readonly RegisterDetail[]): RegisterSummaryRow[] {
  const map = new Map<string, RegisterSummaryRow>();
  for (const r of rows) {
    const id = `${r.unit}\u0000${r.class}`;
    let s = map.get(id);
    if (!s) {
      s = { id, unit: r.unit, unitName: r.unitName, class: r.class, className: r.className, assets: 0, costFen: 0, accumulatedFen: 0, netFen: 0 };
      map.set(id, s);
    }
    s.assets += 1;
    s.costFen += r.costFen;
    s.accumulatedFen += r.accumulatedFen;
    s.netFen += r.netFen;
  }
  return [...map.values()].sort((a, b) => (a.unit === b.unit ? (a.class < b.class ? -1 : a.class > b.class ? 1 : 0) : a.unit < b.unit ? -1 : 1));
}

/** Today as 'YYYY-MM-DD' in local time (the date a form is printed on). */
export function localDate(d = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** The month before the one a date falls in, 'YYYY-MM' (the period a month-end run usually covers). */
export function previousPeriod(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** A file name that every OS accepts: no path separators, reserved characters or control characters. */
export function safeFileName(name: string, ext = 'pdf'): string {
  // eslint-disable-next-line no-control-regex
  const base = name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').replace(/\s+/g, ' ').trim().slice(0, 100) || '打印';
  return base.toLowerCase().endsWith(`.${ext}`) ? base : `${base}.${ext}`;
}
