// Column factories for ledger grids. A GridColumn is a small description (field, header, how to
// parse typed/pasted text, which shared zod schema checks it); LedgerGrid turns it into an AG Grid
// ColDef with validation marks, tooltips and the pinyin quick filter.
import type { ColDef, ValueFormatterParams } from 'ag-grid-community';
import type { z } from 'zod';
import { formatMoney } from '../../shared/money';
import { formatDate, formatDateTime } from '../format';

export interface GridColumn<R> {
  /** Row field; also the field name in batch ops. */
  field: keyof R & string;
  header: string;
  width?: number;
  flex?: number;
  minWidth?: number;
  /** Editable on existing rows (a function decides per row). Default false. */
  editable?: boolean | ((row: R) => boolean);
  /** Editable on the new-row line / accepted from pasted insert rows. Default: same as `editable` (when boolean). */
  insertable?: boolean;
  /** Shared zod field schema used for the instant check of one cell. */
  schema?: z.ZodType;
  /** Typed or pasted text → the value given to the schema (e.g. 是/否 → boolean, English label → code). */
  parse?: (input: unknown) => unknown;
  /** Cell text. */
  format?: (value: unknown, row: R | undefined) => string;
  /** Include pinyin of this column's text in the quick filter. */
  pinyin?: boolean;
  align?: 'left' | 'right' | 'center';
  /** Extra AG Grid options (editor, renderer, data type…). */
  colDef?: Partial<ColDef<R>>;
  /** Test hook / AG Grid col-id: defaults to field. */
  colId?: string;
}

type Opts<R> = Partial<Omit<GridColumn<R>, 'field' | 'header'>>;

const stringOrEmpty = (v: unknown) => (v === null || v === undefined ? '' : String(v));

/** Free text (names, notes). Pinyin search on by default. */
export function textColumn<R>(field: keyof R & string, header: string, opts: Opts<R> = {}): GridColumn<R> {
  return {
    field,
    header,
    pinyin: true,
    minWidth: 120,
    ...opts,
    colDef: { cellDataType: 'text', ...opts.colDef },
  };
}

/** Business codes (单位编码, 资产编号): fixed-width digits, no pinyin. */
export function codeColumn<R>(field: keyof R & string, header: string, opts: Opts<R> = {}): GridColumn<R> {
  return {
    field,
    header,
    width: 130,
    ...opts,
    colDef: { cellDataType: 'text', cellClass: 'cell-code', ...opts.colDef },
  };
}

/**
 * A closed list (单位类型, 角色): a select editor with the allowed values; shown through `label`.
 * Typed/pasted text may be the value or its label in either language.
 */
export function enumColumn<R, V extends string>(
  field: keyof R & string,
  header: string,
  values: readonly V[],
  label: (v: V) => string = (v) => v,
  opts: Opts<R> & { alsoAccept?: (v: V) => string[] } = {},
): GridColumn<R> {
  const lookup = new Map<string, V>();
  for (const v of values) {
    lookup.set(v.toLowerCase(), v);
    lookup.set(label(v).toLowerCase(), v);
    for (const alt of opts.alsoAccept?.(v) ?? []) lookup.set(alt.toLowerCase(), v);
  }
  const { alsoAccept: _ignored, ...rest } = opts;
  return {
    field,
    header,
    width: 150,
    pinyin: true,
    parse: (input) => (typeof input === 'string' ? (lookup.get(input.trim().toLowerCase()) ?? input) : input),
    format: (v) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? label(v as V) : stringOrEmpty(v)),
    ...rest,
    colDef: {
      cellDataType: 'text',
      cellEditor: 'agSelectCellEditor',
      cellEditorParams: { values: [...values] },
      ...rest.colDef,
    },
  };
}

const TRUE_WORDS = new Set(['true', '1', 'y', 'yes', '是', '√', '✓', '停用', '已停用', 'x']);
const FALSE_WORDS = new Set(['false', '0', 'n', 'no', '否', '', '启用', '正常']);

/** Yes/no flags (停用). Rendered as a checkbox; paste accepts 是/否, 1/0, true/false. */
export function boolColumn<R>(field: keyof R & string, header: string, opts: Opts<R> = {}): GridColumn<R> {
  return {
    field,
    header,
    width: 80,
    align: 'center',
    parse: (input) => {
      if (typeof input === 'boolean') return input;
      const t = String(input ?? '').trim().toLowerCase();
      if (TRUE_WORDS.has(t)) return true;
      if (FALSE_WORDS.has(t)) return false;
      return input;
    },
    ...opts,
    colDef: { cellDataType: 'boolean', ...opts.colDef },
  };
}

/** ISO dates `YYYY-MM-DD`. */
export function dateColumn<R>(field: keyof R & string, header: string, opts: Opts<R> = {}): GridColumn<R> {
  return {
    field,
    header,
    width: 110,
    format: (v) => formatDate(typeof v === 'string' ? v : null),
    ...opts,
    colDef: { cellDataType: 'text', ...opts.colDef },
  };
}

/** ISO timestamps shown as local `YYYY-MM-DD HH:mm` (修改时间, 最近登录). Read-only. */
export function dateTimeColumn<R>(field: keyof R & string, header: string, opts: Opts<R> = {}): GridColumn<R> {
  return {
    field,
    header,
    width: 140,
    format: (v) => formatDateTime(typeof v === 'string' ? v : null),
    ...opts,
    editable: false,
    colDef: { cellDataType: 'text', cellClass: 'cell-muted', ...opts.colDef },
  };
}

/** Money held as integer fen, shown `12,345.60`, right-aligned. Typed text is parsed to fen exactly. */
export function moneyColumn<R>(field: keyof R & string, header: string, opts: Opts<R> = {}): GridColumn<R> {
  return {
    field,
    header,
    width: 130,
    align: 'right',
    format: (v) => (typeof v === 'number' && Number.isSafeInteger(v) ? formatMoney(v) : stringOrEmpty(v)),
    parse: (input) => (typeof input === 'number' ? input : (parseYuanToFen(String(input ?? '')) ?? input)),
    ...opts,
    colDef: { cellDataType: 'text', cellClass: ['cell-number', 'ag-right-aligned-cell'], ...opts.colDef },
  };
}

/** Whole numbers (数量, 月数). */
export function intColumn<R>(field: keyof R & string, header: string, opts: Opts<R> = {}): GridColumn<R> {
  return {
    field,
    header,
    width: 90,
    align: 'right',
    parse: (input) => {
      if (typeof input === 'number') return input;
      const t = String(input ?? '').replace(/[,，\s]/g, '');
      return /^-?\d+$/.test(t) ? Number(t) : input;
    },
    ...opts,
    colDef: { cellDataType: 'text', cellClass: ['cell-number', 'ag-right-aligned-cell'], ...opts.colDef },
  };
}

/**
 * Text amount in yuan → integer fen without floating point: `¥12,345.6` → 1234560, `(1.05)` → -105.
 * Returns undefined when the text is not an amount. (Full-width digits and 万 belong to shared/money.)
 */
export function parseYuanToFen(text: string): number | undefined {
  let t = text.trim().replace(/[¥￥,，\s]/g, '');
  let neg = false;
  if (/^\(.*\)$/.test(t)) {
    neg = true;
    t = t.slice(1, -1);
  }
  if (t.startsWith('-')) {
    neg = !neg;
    t = t.slice(1);
  }
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(t);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  if (!Number.isSafeInteger(fen)) return undefined;
  return neg ? -fen : fen;
}

export function formatterFor<R>(col: GridColumn<R>): ((p: ValueFormatterParams<R>) => string) | undefined {
  const f = col.format;
  if (!f) return undefined;
  return (p) => f(p.value, p.data);
}
