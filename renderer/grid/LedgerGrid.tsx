// The ledger's editable grid: spreadsheet entry on AG Grid Community where every change is one
// engine batch call. readOnlyEdit + onCellEditRequest → validate the cell with the shared zod
// schema → `*.batch` → applyTransaction with the rows the engine returns. A pinned "new row" line
// for typing inserts, a TSV paste handler (one batch per paste), engine errors mapped back onto
// cells, undo of the last batch, pinyin quick filter and a status bar.
import type {
  CellDoubleClickedEvent,
  CellEditRequestEvent,
  CellFocusedEvent,
  ColDef,
  FirstDataRenderedEvent,
  GetRowIdParams,
  GridApi,
  GridReadyEvent,
  IRowNode,
  RowClassParams,
  SelectionChangedEvent,
} from 'ag-grid-community';
import { AgGridReact } from 'ag-grid-react';
import { useCallback, useEffect, useImperativeHandle, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import type { BatchResult } from '../../shared/api/types';
import { asLedgerError, send } from '../api/client';
import { errorText, useT, vmsg } from '../i18n';
import { formatterFor, type GridColumn } from './columns';
import { PinyinIndex } from './pinyin';
import { ledgerTheme } from './setup';
import { parseTsv } from './tsv';

export type BatchOp =
  | { op: 'insert'; row: Record<string, unknown> }
  | { op: 'update'; id: string; version: number; changes: Record<string, unknown> }
  | { op: 'delete'; id: string; version: number };

/** What one op of a batch came from, to put the engine's row-numbered errors back in place. */
type OpTarget = { kind: 'row'; rowId: string } | { kind: 'draft' } | { kind: 'paste'; pasteRow: number };

/** An op as queued: updates take the row's version at send time, so quick successive edits never conflict with ourselves. */
type PendingOp =
  | { op: 'insert'; row: Record<string, unknown>; target: OpTarget }
  | { op: 'update'; id: string; changes: Record<string, unknown>; target: OpTarget }
  | { op: 'delete'; id: string; target: OpTarget };

interface CellError {
  message: string;
  /** The rejected input, shown in the cell so it can be corrected (absent: show the stored value). */
  value?: unknown;
  hasValue: boolean;
}

interface ErrorItem {
  text: string;
  rowId?: string;
  field?: string;
}

type StatusKind = 'info' | 'success' | 'error' | 'conflict' | 'working';
interface Status {
  kind: StatusKind;
  text: string;
  items?: ErrorItem[];
}

export interface LedgerGridHandle<R> {
  notify(text: string, kind?: StatusKind): void;
  showError(err: unknown): void;
  /** Make a batch written elsewhere (an import) undoable from this grid. */
  pushUndo(batchId: number): void;
  api(): GridApi<R> | null;
  selected(): R | null;
  /** Put rows the engine returned (from users.add, users.unlock…) into the grid. */
  applyRows(rows: R[]): void;
}

/** Grid rows: an id for getRowId, and a version for optimistic concurrency on editable grids. */
export interface GridRow {
  id: string;
  version?: number;
}

export interface LedgerGridProps<R extends GridRow> {
  /** data-testid of the grid container, e.g. `grid-units`. */
  testId: string;
  columns: GridColumn<R>[];
  /** null while loading. */
  rows: R[] | null;
  loadError?: unknown;
  /** The user's role may write here (the engine enforces it anyway). */
  canEdit: boolean;
  /** One `*.batch` engine call. Absent: read-only grid. */
  batch?: (ops: BatchOp[]) => Promise<BatchResult<R>>;
  /** Offer the new-row line and accept pasted rows below the last row as inserts. */
  allowInsert?: boolean;
  /** Values every insert starts from. */
  newRowDefaults?: () => Record<string, unknown>;
  reload: () => Promise<void>;
  /**
   * After a successful batch: refresh derived columns of other rows (a parent's name shown on its
   * children) through `patch`, which updates the rows and their cached search text.
   */
  afterBatch?: (result: BatchResult<R>, api: GridApi<R>, patch: (rows: R[]) => void) => void;
  /** Controls after the quick filter (e.g. a unit filter). */
  toolbar?: ReactNode;
  /** Buttons on the right (import, export, actions). */
  actions?: ReactNode;
  /** Single-row selection (for row actions like 重置密码). */
  selectable?: boolean;
  onSelect?: (row: R | null) => void;
  /** Show the undo button (needs `batch.undo`; hidden on read-only grids). */
  undoable?: boolean;
  ref?: Ref<LedgerGridHandle<R>>;
  /** Open a row (a card view): Enter on a body cell (instead of moving down) and double-click on a read-only cell. */
  onRowOpen?: (row: R) => void;
  /** After every model update (data, sort, filter): e.g. totals over what is filtered. */
  onModelUpdated?: (api: GridApi<R>) => void;
  /** AG Grid column filters with a floating filter row; `filter` per column comes from its colDef. */
  columnFilters?: boolean;
  /** Quick filter typing pause before filtering (ms, default 120). */
  filterDelayMs?: number;
  /**
   * Rows drawn above and below the visible ones (AG Grid's default 10). A filter or a sort redraws
   * them all, so a large register draws fewer; scrolling draws the next ones as they come into view.
   */
  rowBuffer?: number;
  /**
   * After the pinyin warm-up, redraw the drawn rows three times while the page is idle (stopping as
   * soon as a cell has focus or a filter is typed): the first filter or sort of a large register
   * then runs row-drawing code V8 has already optimised instead of code it has run once — about a
   * fifth faster. Invisible: the same rows are drawn again.
   */
  warmRowDrawing?: boolean;
}

const DRAFT_ID = '__new__';
const cellKey = (rowId: string, field: string) => `${rowId}\u0000${field}`;

const isEmpty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const sameValue = (a: unknown, b: unknown) => (isEmpty(a) && isEmpty(b)) || a === b;

function rowIdOf(node: IRowNode | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.rowPinned) return DRAFT_ID;
  return (node.data as { id?: string } | undefined)?.id;
}

function isEditableTarget(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return el.isContentEditable || el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;
}

export function LedgerGrid<R extends GridRow>(props: LedgerGridProps<R>) {
  const { testId, columns, rows, loadError, canEdit, batch, allowInsert = false, newRowDefaults, reload, afterBatch, toolbar, actions, selectable, onSelect, undoable = true, ref, onRowOpen, onModelUpdated, columnFilters = false, filterDelayMs = 120, rowBuffer, warmRowDrawing = false } = props;
  const { t, lang } = useT();
  const apiRef = useRef<GridApi<R> | null>(null);
  const containerRef = useRef<HTMLDivElement>(null);
  const errorsRef = useRef(new Map<string, CellError>());
  const [status, setStatus] = useState<Status | null>(null);
  const [counts, setCounts] = useState({ total: 0, shown: 0 });
  const [undoStack, setUndoStack] = useState<number[]>([]);
  const [saving, setSaving] = useState(false);
  const [filterText, setFilterText] = useState('');
  const [draft, setDraftState] = useState<Record<string, unknown>>({});
  const draftRef = useRef<Record<string, unknown>>({});
  const lastKeyRef = useRef('');
  const focusRef = useRef<{ pinned: boolean } | null>(null);
  const queueRef = useRef<Promise<unknown>>(Promise.resolve());
  const loadStartRef = useRef<number | null>(null);
  const onModelUpdatedRef = useRef(onModelUpdated);
  onModelUpdatedRef.current = onModelUpdated;
  const onRowOpenRef = useRef(onRowOpen);
  onRowOpenRef.current = onRowOpen;

  const insertOn = allowInsert && canEdit && !!batch;

  const setDraft = useCallback((d: Record<string, unknown>) => {
    draftRef.current = d;
    setDraftState(d);
  }, []);

  // ---- columns -------------------------------------------------------------------------------

  const colByField = useMemo(() => new Map(columns.map((c) => [c.field as string, c])), [columns]);
  const insertableCols = useMemo(
    () => columns.filter((c) => c.insertable ?? c.editable === true),
    [columns],
  );

  const pinyinIndex = useMemo(
    () =>
      // The displayed text (labels, formatted dates), not stored codes: role "finance" is found as 财务.
      new PinyinIndex<R>((row) =>
        columns.map((c): [string, boolean] => {
          const raw = (row as unknown as Record<string, unknown>)[c.field];
          const text = c.format ? c.format(raw, row) : raw === null || raw === undefined ? '' : String(raw);
          return [text, !!c.pinyin];
        }),
      ),
    [columns],
  );

  const editableFor = useCallback(
    (c: GridColumn<R>, node: IRowNode<R> | null | undefined, data: R | undefined): boolean => {
      if (!canEdit || !batch) return false;
      if (node?.rowPinned) return insertOn && (c.insertable ?? c.editable === true);
      if (!data) return false;
      return typeof c.editable === 'function' ? c.editable(data) : !!c.editable;
    },
    [canEdit, batch, insertOn],
  );

  const columnDefs = useMemo<ColDef<R>[]>(() => {
    const firstInsertable = insertableCols[0]?.field;
    const defs: ColDef<R>[] = columns.map((c) => {
      const field = c.field;
      const fmt = formatterFor(c);
      const def: ColDef<R> = {
        colId: c.colId ?? field,
        field: field as ColDef<R>['field'],
        headerName: c.header,
        width: c.width,
        flex: c.flex,
        minWidth: c.minWidth ?? 70,
        sortable: true,
        resizable: true,
        editable: (p) => editableFor(c, p.node, p.data),
        valueGetter: (p) => {
          const id = errorsRef.current.size ? rowIdOf(p.node) : undefined;
          if (id) {
            const e = errorsRef.current.get(cellKey(id, field));
            if (e?.hasValue) return e.value;
          }
          return (p.data as Record<string, unknown> | undefined)?.[field];
        },
        valueFormatter: (p) => {
          if (p.node?.rowPinned && isEmpty(p.value) && field === firstInsertable) return t('grid.newRowHint');
          return fmt ? fmt(p) : p.value === null || p.value === undefined ? '' : String(p.value);
        },
        cellClassRules: {
          // Checked for every cell drawn (a filter redraws them all): the common case, no errors, first.
          'cell-invalid': (p) => {
            if (!errorsRef.current.size) return false;
            const id = rowIdOf(p.node);
            return !!id && errorsRef.current.has(cellKey(id, field));
          },
          'cell-readonly': (p) => !!batch && canEdit && !p.node.rowPinned && !editableFor(c, p.node, p.data),
          'cell-hint': (p) => !!p.node.rowPinned && isEmpty(p.value) && field === firstInsertable,
        },
        tooltipValueGetter: (p) => {
          if (!errorsRef.current.size) return undefined;
          const id = rowIdOf(p.node);
          const e = id ? errorsRef.current.get(cellKey(id, field)) : undefined;
          if (!e) return undefined;
          return e.hasValue && !isEmpty(e.value) ? t('grid.cellInvalid', { value: String(e.value), message: e.message }) : e.message;
        },
        ...(c.align === 'right' ? { type: 'rightAligned' } : {}),
        ...(c.align === 'center' ? { cellClass: 'cell-center', headerClass: 'header-center' } : {}),
        ...c.colDef,
      };
      return def;
    });
    return defs;
  }, [columns, insertableCols, editableFor, batch, canEdit, t]);

  // ---- status helpers --------------------------------------------------------------------------

  const refreshCells = useCallback(() => {
    apiRef.current?.refreshCells({ force: true });
  }, []);

  const setCellError = useCallback((rowId: string, field: string, message: string, value?: { v: unknown }) => {
    errorsRef.current.set(cellKey(rowId, field), { message, value: value?.v, hasValue: !!value });
  }, []);

  const clearCellError = useCallback((rowId: string, field: string) => {
    errorsRef.current.delete(cellKey(rowId, field));
  }, []);

  const clearRowErrors = useCallback((rowId: string) => {
    const prefix = `${rowId}\u0000`;
    for (const k of [...errorsRef.current.keys()]) if (k.startsWith(prefix)) errorsRef.current.delete(k);
  }, []);

  const headerOf = useCallback((field: string | undefined) => (field ? (colByField.get(field)?.header ?? field) : ''), [colByField]);

  const updateCounts = useCallback(() => {
    const api = apiRef.current;
    if (!api) return;
    // forEachLeafNode walks a flat array; forEachNode recurses through every node (~50 ms on
    // 100,000 rows, after every filter). Without grouping the leaves are all the rows.
    let total = 0;
    api.forEachLeafNode(() => {
      total += 1;
    });
    const shown = api.getDisplayedRowCount();
    setCounts((c) => (c.total === total && c.shown === shown ? c : { total, shown }));
    onModelUpdatedRef.current?.(api);
  }, []);

  /** Check one cell with the column's parser and shared schema. */
  const checkCell = useCallback(
    (c: GridColumn<R>, input: unknown): { ok: true; value: unknown } | { ok: false; message: string } => {
      const v = c.parse ? c.parse(input) : input;
      if (!c.schema) return { ok: true, value: typeof v === 'string' ? v.trim() : v };
      const r = c.schema.safeParse(v);
      if (r.success) return { ok: true, value: r.data };
      return { ok: false, message: vmsg(r.error.issues[0]?.message ?? 'v.invalid', lang) };
    },
    [lang],
  );

  // ---- sending batches -------------------------------------------------------------------------

  const showEngineError = useCallback(
    (err: unknown, pending: PendingOp[] = []) => {
      const le = asLedgerError(err);
      const items: ErrorItem[] = [];
      let marked = 0;
      const details = le.details ?? [];
      for (const d of details) {
        const byRow = d.row !== undefined ? pending[d.row - 1] : undefined;
        const target: OpTarget | undefined = d.id ? { kind: 'row', rowId: d.id } : byRow?.target;
        const field = d.field && colByField.has(d.field) ? d.field : undefined;
        const message = vmsg(d.message, lang);
        if (target?.kind === 'row' && field) {
          const op = pending.find((p) => p.op === 'update' && p.id === target.rowId);
          const changes = op?.op === 'update' ? op.changes : undefined;
          setCellError(target.rowId, field, message, changes && field in changes ? { v: changes[field] } : undefined);
          items.push({ text: `${headerOf(field)}：${message}`, rowId: target.rowId, field });
          marked += 1;
        } else if (target?.kind === 'draft' && field) {
          setCellError(DRAFT_ID, field, message);
          items.push({ text: `${headerOf(field)}：${message}`, rowId: DRAFT_ID, field });
          marked += 1;
        } else if (le.code === 'CONFLICT' && details.length === 1) {
          // the message already says who changed it and when
        } else if (target?.kind === 'paste') {
          items.push({ text: `${t('grid.pasteRow', { n: target.pasteRow })} ${headerOf(field ?? d.column)}${field || d.column ? '：' : ''}${message}` });
        } else {
          items.push({ text: `${d.row !== undefined ? `${t('common.row', { n: d.row })} ` : ''}${headerOf(field ?? d.column)}${field || d.column ? '：' : ''}${message}` });
        }
      }
      if (marked) refreshCells();
      const text = errorText(le, lang);
      setStatus({ kind: le.code === 'CONFLICT' ? 'conflict' : 'error', text, items: items.length > 1 || (items.length === 1 && items[0]!.text !== text) ? items : undefined });
    },
    [colByField, headerOf, lang, refreshCells, setCellError, t],
  );

  const enqueue = useCallback(
    (pending: PendingOp[], onSuccess?: (res: BatchResult<R>) => void) => {
      if (!batch || pending.length === 0) return Promise.resolve();
      const run = async () => {
        const api = apiRef.current;
        if (!api) return;
        // Resolve versions now: an earlier batch in the queue may have bumped them.
        const ops: BatchOp[] = [];
        for (const p of pending) {
          if (p.op === 'insert') ops.push({ op: 'insert', row: p.row });
          else {
            const node = api.getRowNode(p.id);
            const version = node?.data?.version;
            if (version === undefined) continue;
            ops.push(p.op === 'update' ? { op: 'update', id: p.id, version, changes: p.changes } : { op: 'delete', id: p.id, version });
          }
        }
        if (ops.length === 0) return;
        setSaving(true);
        setStatus({ kind: 'working', text: t('grid.saving') });
        try {
          const res = await batch(ops);
          const add: R[] = [];
          const update: R[] = [];
          for (const r of res.rows) (api.getRowNode(r.id) ? update : add).push(r);
          const remove = res.deletedIds.map((id) => api.getRowNode(id)?.data).filter((x): x is R => !!x);
          const tx = api.applyTransaction({ add, update, remove });
          for (const p of pending) {
            if (p.op === 'update') for (const f of Object.keys(p.changes)) clearCellError(p.id, f);
            if (p.target.kind === 'draft') clearRowErrors(DRAFT_ID);
          }
          if (res.batchId) setUndoStack((s) => [...s, res.batchId]);
          afterBatch?.(res, api, (patched) => {
            for (const r of patched) pinyinIndex.forget(r);
            api.applyTransaction({ update: patched });
          });
          refreshCells();
          const lastAdded = tx?.add[tx.add.length - 1];
          if (lastAdded) api.ensureNodeVisible(lastAdded, 'bottom');
          setStatus({ kind: 'success', text: res.batchId ? t('grid.saved', { n: res.rows.length + res.deletedIds.length, id: res.batchId }) : t('grid.savedNoBatch', { n: res.rows.length + res.deletedIds.length }) });
          onSuccess?.(res);
        } catch (err) {
          showEngineError(err, pending);
        } finally {
          setSaving(false);
        }
      };
      const next = queueRef.current.then(run, run);
      queueRef.current = next.catch(() => undefined);
      return next;
    },
    [afterBatch, batch, clearCellError, clearRowErrors, refreshCells, showEngineError, t, pinyinIndex],
  );

  // ---- the new-row line --------------------------------------------------------------------------

  const focusDraft = useCallback(() => {
    const api = apiRef.current;
    const first = insertableCols[0];
    if (api && first) api.setFocusedCell(0, first.colId ?? first.field, 'bottom');
  }, [insertableCols]);

  const tryCommitDraft = useCallback(() => {
    const d = draftRef.current;
    if (!insertOn || Object.values(d).every(isEmpty)) return;
    const defaults = newRowDefaults?.() ?? {};
    const row: Record<string, unknown> = { ...defaults };
    const bad: ErrorItem[] = [];
    for (const c of insertableCols) {
      const chk = checkCell(c, isEmpty(d[c.field]) ? defaults[c.field] : d[c.field]);
      if (chk.ok) {
        if (chk.value !== undefined) row[c.field] = chk.value;
        clearCellError(DRAFT_ID, c.field);
      } else {
        setCellError(DRAFT_ID, c.field, chk.message);
        bad.push({ text: `${c.header}：${chk.message}`, rowId: DRAFT_ID, field: c.field });
      }
    }
    refreshCells();
    if (bad.length) {
      setStatus({ kind: 'error', text: t('grid.newRowMissing', { fields: bad.map((b) => headerOf(b.field)).join('、') }), items: bad });
      return;
    }
    void enqueue([{ op: 'insert', row, target: { kind: 'draft' } }], () => {
      setDraft({});
      clearRowErrors(DRAFT_ID);
      setTimeout(focusDraft, 0);
    });
  }, [insertOn, newRowDefaults, insertableCols, checkCell, refreshCells, t, headerOf, enqueue, setDraft, clearRowErrors, clearCellError, setCellError, focusDraft]);

  const discardDraft = useCallback(() => {
    setDraft({});
    clearRowErrors(DRAFT_ID);
    refreshCells();
    setStatus(null);
  }, [clearRowErrors, refreshCells, setDraft]);

  // ---- single-cell edits -----------------------------------------------------------------------

  const onCellEditRequest = useCallback(
    (e: CellEditRequestEvent<R>) => {
      const field = e.colDef.field as string | undefined;
      const c = field ? colByField.get(field) : undefined;
      if (!c || !field) return;
      if (e.node.rowPinned) {
        const next = { ...draftRef.current, [field]: e.newValue };
        setDraft(next);
        const chk = checkCell(c, e.newValue);
        if (chk.ok || isEmpty(e.newValue)) clearCellError(DRAFT_ID, field);
        else setCellError(DRAFT_ID, field, chk.message);
        refreshCells();
        const lastInsertable = insertableCols[insertableCols.length - 1]?.field;
        if (lastKeyRef.current === 'Enter' || field === lastInsertable) {
          setTimeout(tryCommitDraft, 0);
        } else if (!chk.ok && !isEmpty(e.newValue)) {
          setStatus({ kind: 'error', text: `${c.header}：${chk.message}`, items: undefined });
        }
        return;
      }
      const row = e.data;
      if (!row) return;
      const chk = checkCell(c, e.newValue);
      if (!chk.ok) {
        setCellError(row.id, field, chk.message, { v: e.newValue });
        refreshCells();
        setStatus({ kind: 'error', text: `${c.header}：${chk.message}` });
        return;
      }
      const current = (row as unknown as Record<string, unknown>)[field];
      if (sameValue(chk.value, current)) {
        if (errorsRef.current.has(cellKey(row.id, field))) {
          clearCellError(row.id, field);
          refreshCells();
          if (errorsRef.current.size === 0) setStatus(null);
        }
        return;
      }
      void enqueue([{ op: 'update', id: row.id, changes: { [field]: chk.value }, target: { kind: 'row', rowId: row.id } }]);
    },
    [colByField, checkCell, clearCellError, setCellError, refreshCells, insertableCols, tryCommitDraft, enqueue, setDraft],
  );

  const onCellFocused = useCallback(
    (e: CellFocusedEvent<R>) => {
      const pinned = e.rowPinned === 'bottom';
      const was = focusRef.current;
      focusRef.current = e.rowIndex === null ? null : { pinned };
      if (was?.pinned && !pinned && e.rowIndex !== null) tryCommitDraft();
    },
    [tryCommitDraft],
  );

  // ---- paste -----------------------------------------------------------------------------------

  const onPaste = useCallback(
    (ev: ClipboardEvent) => {
      const api = apiRef.current;
      if (!api || !batch || !canEdit) return;
      if (isEditableTarget(ev.target) || api.getEditingCells().length > 0) return; // pasting inside a cell editor
      const focused = api.getFocusedCell();
      const text = ev.clipboardData?.getData('text/plain');
      if (!focused || !text) return;
      ev.preventDefault();
      const matrix = parseTsv(text);
      if (matrix.length === 0) return;
      const displayed = api.getAllDisplayedColumns();
      const startCol = displayed.findIndex((col) => col.getColId() === focused.column.getColId());
      if (startCol < 0) return;

      const single = matrix.length === 1 && matrix[0]!.length === 1;
      if (single && focused.rowPinned === 'bottom') {
        // one value onto the new-row line: fill that cell like typing
        const field = focused.column.getColDef().field as string | undefined;
        const c = field ? colByField.get(field) : undefined;
        if (c && field && editableFor(c, api.getPinnedBottomRow(0), undefined)) {
          const value = matrix[0]![0]!;
          setDraft({ ...draftRef.current, [field]: value });
          const chk = checkCell(c, value);
          if (chk.ok) clearCellError(DRAFT_ID, field);
          else setCellError(DRAFT_ID, field, chk.message);
          refreshCells();
        }
        return;
      }

      const pending: PendingOp[] = [];
      const problems: ErrorItem[] = [];
      let ignoredReadOnly = 0;
      let tooWide = false;
      let ignoredRows = 0;
      const startRow = focused.rowPinned === 'bottom' ? api.getDisplayedRowCount() : (focused.rowIndex ?? 0);
      const rowsWithErrors = new Set<string>();

      matrix.forEach((cells, r) => {
        const idx = startRow + r;
        const node = focused.rowPinned === 'bottom' ? undefined : api.getDisplayedRowAtIndex(idx);
        const data = node?.data;
        if (cells.length > displayed.length - startCol) tooWide = true;
        if (data) {
          const changes: Record<string, unknown> = {};
          cells.forEach((raw, k) => {
            const col = displayed[startCol + k];
            const field = col?.getColDef().field as string | undefined;
            const c = field ? colByField.get(field) : undefined;
            if (!c || !field) return;
            if (!editableFor(c, node, data)) {
              if (!isEmpty(raw) && !sameValue(raw, (data as unknown as Record<string, unknown>)[field])) ignoredReadOnly += 1;
              return;
            }
            const chk = checkCell(c, raw);
            if (!chk.ok) {
              setCellError(data.id, field, chk.message, { v: raw });
              rowsWithErrors.add(data.id);
              problems.push({ text: `${t('grid.pasteRow', { n: r + 1 })} ${c.header}：${chk.message}`, rowId: data.id, field });
              return;
            }
            if (!sameValue(chk.value, (data as unknown as Record<string, unknown>)[field])) changes[field] = chk.value;
            else clearCellError(data.id, field);
          });
          if (Object.keys(changes).length) pending.push({ op: 'update', id: data.id, changes, target: { kind: 'row', rowId: data.id } });
        } else {
          if (!insertOn) {
            if (cells.some((x) => !isEmpty(x))) ignoredRows += 1;
            return;
          }
          if (cells.every(isEmpty)) return;
          const defaults = newRowDefaults?.() ?? {};
          const row: Record<string, unknown> = { ...defaults };
          const given = new Map<string, unknown>();
          cells.forEach((raw, k) => {
            const col = displayed[startCol + k];
            const field = col?.getColDef().field as string | undefined;
            const c = field ? colByField.get(field) : undefined;
            if (!c || !field) return;
            if (!(c.insertable ?? c.editable === true)) {
              if (!isEmpty(raw)) ignoredReadOnly += 1;
              return;
            }
            given.set(field, raw);
          });
          for (const c of insertableCols) {
            const chk = checkCell(c, isEmpty(given.get(c.field)) ? defaults[c.field] : given.get(c.field));
            if (chk.ok) {
              if (chk.value !== undefined) row[c.field] = chk.value;
            } else {
              const raw = given.get(c.field);
              problems.push({ text: `${t('grid.pasteRow', { n: r + 1 })} ${c.header}${isEmpty(raw) ? '' : `「${String(raw)}」`}：${chk.message}` });
            }
          }
          pending.push({ op: 'insert', row, target: { kind: 'paste', pasteRow: r + 1 } });
        }
      });

      const notes = [
        ignoredReadOnly ? t('grid.pasteIgnored', { n: ignoredReadOnly }) : '',
        tooWide ? t('grid.pasteTooWide') : '',
        ignoredRows ? t('grid.pasteRowsIgnored', { n: ignoredRows }) : '',
      ]
        .filter(Boolean)
        .join(' ');
      if (problems.length) {
        refreshCells();
        setStatus({ kind: 'error', text: `${t('grid.invalidPaste', { n: problems.length })} ${notes}`.trim(), items: problems });
        return;
      }
      if (pending.length === 0) {
        setStatus({ kind: 'info', text: `${t('grid.pasteNothing')} ${notes}`.trim() });
        return;
      }
      void enqueue(pending, () => {
        if (notes) setStatus((s) => (s ? { ...s, text: `${s.text} ${notes}` } : s));
      });
    },
    [batch, canEdit, colByField, editableFor, checkCell, setCellError, clearCellError, refreshCells, t, insertOn, newRowDefaults, insertableCols, enqueue, setDraft],
  );

  useEffect(() => {
    const el = containerRef.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      lastKeyRef.current = e.key;
      if (e.key === 'Enter' && onRowOpenRef.current && !isEditableTarget(e.target) && !e.shiftKey && !e.ctrlKey && !e.metaKey && !e.altKey) {
        const api = apiRef.current;
        const cell = api?.getFocusedCell();
        if (api && cell && cell.rowIndex !== null && !cell.rowPinned && api.getEditingCells().length === 0) {
          const data = api.getDisplayedRowAtIndex(cell.rowIndex)?.data;
          if (data) {
            e.preventDefault();
            e.stopPropagation();
            onRowOpenRef.current(data);
            return;
          }
        }
      }
      // Chinese IME on a focused (not editing) cell: AG Grid does not start editing on the IME's
      // keydown (key "Process", keyCode 229), so the first pinyin letter would be lost. Open the
      // editor now, before the composition starts, so the IME composes into the editor's input.
      // (Behaviour with a real IME could not be verified in headless Chromium.)
      if ((e.key === 'Process' || e.keyCode === 229) && !isEditableTarget(e.target)) {
        const api = apiRef.current;
        const cell = api?.getFocusedCell();
        if (api && cell && cell.rowIndex !== null && api.getEditingCells().length === 0) {
          api.startEditingCell({ rowIndex: cell.rowIndex, colKey: cell.column, rowPinned: cell.rowPinned ?? undefined });
        }
      }
    };
    const onMouse = () => {
      lastKeyRef.current = '';
    };
    // Ctrl/Cmd+C on a focused cell copies its text (range copy is an Enterprise feature).
    const onCopy = (e: ClipboardEvent) => {
      const api = apiRef.current;
      if (!api || isEditableTarget(e.target) || window.getSelection()?.toString()) return;
      const cell = api.getFocusedCell();
      if (!cell || cell.rowIndex === null) return;
      const node = cell.rowPinned === 'bottom' ? api.getPinnedBottomRow(cell.rowIndex) : api.getDisplayedRowAtIndex(cell.rowIndex);
      if (!node) return;
      const text = api.getCellValue({ rowNode: node, colKey: cell.column, useFormatter: true });
      e.clipboardData?.setData('text/plain', text === null || text === undefined ? '' : String(text));
      e.preventDefault();
    };
    el.addEventListener('copy', onCopy);
    el.addEventListener('paste', onPaste);
    el.addEventListener('keydown', onKey, true);
    el.addEventListener('mousedown', onMouse, true);
    return () => {
      el.removeEventListener('copy', onCopy);
      el.removeEventListener('paste', onPaste);
      el.removeEventListener('keydown', onKey, true);
      el.removeEventListener('mousedown', onMouse, true);
    };
  }, [onPaste]);

  // ---- reload / undo ----------------------------------------------------------------------------

  const doReload = useCallback(async () => {
    errorsRef.current.clear();
    setStatus({ kind: 'working', text: t('common.loading') });
    try {
      await reload();
      setStatus(null);
    } catch (err) {
      showEngineError(err);
    }
    refreshCells();
  }, [reload, refreshCells, showEngineError, t]);

  const undo = useCallback(async () => {
    const batchId = undoStack[undoStack.length - 1];
    if (batchId === undefined) {
      setStatus({ kind: 'info', text: t('grid.undoNone') });
      return;
    }
    setSaving(true);
    try {
      await queueRef.current;
      await send('batch.undo', { batchId });
      setUndoStack((s) => s.slice(0, -1));
      errorsRef.current.clear();
      await reload();
      refreshCells();
      setStatus({ kind: 'success', text: t('grid.undone', { id: batchId }) });
    } catch (err) {
      const le = asLedgerError(err);
      if (le.code === 'NOTHING_TO_UNDO') setUndoStack((s) => s.slice(0, -1));
      showEngineError(le);
    } finally {
      setSaving(false);
    }
  }, [undoStack, reload, refreshCells, showEngineError, t]);

  // ---- quick filter ------------------------------------------------------------------------------

  // The quick filter is an external filter over each row's cached search text (all displayed
  // texts + pinyin, see PinyinIndex): no per-column value getters run while filtering, so even
  // the first keystroke on 10,000 rows costs a few milliseconds. Words are ANDed, like AG Grid's.
  //
  // Leading edge: a keystroke after a pause (the first one, or a pasted word) filters at once; keys
  // that follow within `filterDelayMs` of the previous one wait for a pause of that length, so
  // fast typing filters once, at the end.
  const filterWordsRef = useRef<string[]>([]);
  const filterTimerRef = useRef<ReturnType<typeof setTimeout> | null>(null);
  const lastFilterInputRef = useRef(Number.NEGATIVE_INFINITY);
  const applyQuickFilter = useCallback((text: string) => {
    const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const prev = filterWordsRef.current;
    if (words.length === prev.length && words.every((w, i) => w === prev[i])) return;
    filterWordsRef.current = words;
    apiRef.current?.onFilterChanged();
  }, []);
  const onQuickFilterInput = useCallback(
    (text: string) => {
      setFilterText(text);
      const now = performance.now();
      const typing = now - lastFilterInputRef.current < filterDelayMs;
      lastFilterInputRef.current = now;
      if (filterTimerRef.current !== null) clearTimeout(filterTimerRef.current);
      filterTimerRef.current = null;
      if (!typing) {
        applyQuickFilter(text);
        return;
      }
      filterTimerRef.current = setTimeout(() => {
        filterTimerRef.current = null;
        applyQuickFilter(text);
      }, filterDelayMs);
    },
    [applyQuickFilter, filterDelayMs],
  );
  useEffect(
    () => () => {
      if (filterTimerRef.current !== null) clearTimeout(filterTimerRef.current);
    },
    [],
  );
  const isExternalFilterPresent = useCallback(() => filterWordsRef.current.length > 0, []);
  const doesExternalFilterPass = useCallback(
    (node: IRowNode<R>) => {
      if (!node.data) return true;
      const text = pinyinIndex.get(node.data);
      const words = filterWordsRef.current;
      for (let i = 0; i < words.length; i++) if (!text.includes(words[i]!)) return false;
      return true;
    },
    [pinyinIndex],
  );

  // Precompute pinyin in small slices once rows arrive, so the first keystroke in the filter is
  // instant. Started when the page is idle: the grid's first rows and the screen's totals come
  // first (the dictionary's ~300 kB script is loaded then too).
  useEffect(() => {
    if (!rows || rows.length === 0) return;
    let cancelled = false;
    const t0 = performance.now();
    const perf = () => ((window as unknown as { __ledgerPerf?: Record<string, Record<string, unknown>> }).__ledgerPerf ??= {});
    const whenIdle = (fn: () => void) => (typeof requestIdleCallback === 'function' ? requestIdleCallback(fn, { timeout: 1000 }) : setTimeout(fn, 0));
    const warmDrawing = (rounds: number): Promise<void> =>
      new Promise((resolve) => {
        const step = (left: number) => {
          const api = apiRef.current;
          if (cancelled || left === 0 || !api || api.isDestroyed() || api.getFocusedCell() || filterWordsRef.current.length) return resolve();
          api.redrawRows();
          whenIdle(() => step(left - 1));
        };
        whenIdle(() => step(rounds));
      });
    const start = () => {
      if (cancelled) return;
      void pinyinIndex.warm(rows).then(async (done) => {
        if (!done) return;
        // typed before the pinyin dictionary arrived: filter again with pinyin
        if (filterWordsRef.current.length) apiRef.current?.onFilterChanged();
        perf()[testId] = { ...perf()[testId], pinyinWarmMs: Math.round(performance.now() - t0), pinyinRows: rows.length };
        if (!warmRowDrawing) return;
        await warmDrawing(3);
        perf()[testId] = { ...perf()[testId], warmDoneMs: Math.round(performance.now() - t0) };
      });
    };
    if (typeof requestIdleCallback === 'function') {
      const h = requestIdleCallback(start, { timeout: 1000 });
      return () => {
        cancelled = true;
        cancelIdleCallback(h);
      };
    }
    const h = setTimeout(start, 0);
    return () => {
      cancelled = true;
      clearTimeout(h);
    };
  }, [rows, pinyinIndex, testId, warmRowDrawing]);

  // Timing hook for benchmarks/tests: when the rows arrived (set during render, before AG Grid sees them).
  if (rows !== null && loadStartRef.current === null) loadStartRef.current = performance.now();

  // ---- imperative handle ------------------------------------------------------------------------

  useImperativeHandle(
    ref,
    () => ({
      notify: (text, kind = 'info') => setStatus({ kind, text }),
      showError: (err) => showEngineError(err),
      pushUndo: (batchId) => setUndoStack((s) => [...s, batchId]),
      api: () => apiRef.current,
      selected: () => apiRef.current?.getSelectedRows()[0] ?? null,
      applyRows: (list) => {
        const api = apiRef.current;
        if (!api) return;
        const add: R[] = [];
        const update: R[] = [];
        for (const r of list) (api.getRowNode(r.id) ? update : add).push(r);
        api.applyTransaction({ add, update });
        const node = api.getRowNode(list[list.length - 1]?.id ?? '');
        if (add.length && node) api.ensureNodeVisible(node);
      },
    }),
    [showEngineError],
  );

  // ---- render ------------------------------------------------------------------------------------

  const getRowId = useCallback((p: GetRowIdParams<R>) => (p.data as { id?: string }).id ?? DRAFT_ID, []);
  const pinnedBottom = useMemo(() => {
    if (!insertOn) return undefined;
    const defaults = newRowDefaults?.() ?? {};
    const shown: Record<string, unknown> = { ...defaults };
    for (const [k, v] of Object.entries(draft)) if (!isEmpty(v) || !(k in defaults)) shown[k] = v;
    return [{ ...shown, id: DRAFT_ID }];
  }, [insertOn, draft, newRowDefaults]);
  const getRowClass = useCallback((p: RowClassParams<R>) => (p.node.rowPinned ? 'row-draft' : undefined), []);

  const onGridReady = useCallback((e: GridReadyEvent<R>) => {
    apiRef.current = e.api;
  }, []);

  const onFirstDataRendered = useCallback(
    (_e: FirstDataRenderedEvent<R>) => {
      const start = loadStartRef.current;
      if (start !== null && rows) {
        // rows handed to the grid → first rows rendered (the API call is not included)
        const ms = Math.round(performance.now() - start);
        const perf = ((window as unknown as { __ledgerPerf?: Record<string, Record<string, unknown>> }).__ledgerPerf ??= {});
        perf[testId] = { ...perf[testId], rows: rows.length, firstRenderMs: ms };
      }
      updateCounts();
    },
    [rows, testId, updateCounts],
  );

  const onCellDoubleClicked = useCallback(
    (e: CellDoubleClickedEvent<R>) => {
      const open = onRowOpenRef.current;
      if (!open || !e.data || e.node.rowPinned) return;
      const c = colByField.get(e.colDef.field as string);
      if (c && editableFor(c, e.node, e.data)) return; // double-click edits an editable cell
      open(e.data);
    },
    [colByField, editableFor],
  );
  const defaultColDef = useMemo<ColDef<R> | undefined>(
    () => (columnFilters ? { floatingFilter: true, suppressHeaderMenuButton: true, filterParams: { buttons: ['reset'], maxNumConditions: 1 } } : undefined),
    [columnFilters],
  );

  // a stable object: a new one on every render makes AG Grid re-apply the option (costly on 100,000 rows)
  const rowSelection = useMemo(() => (selectable ? ({ mode: 'singleRow', checkboxes: false, enableClickSelection: true } as const) : undefined), [selectable]);

  const onSelectionChanged = useCallback(
    (e: SelectionChangedEvent<R>) => {
      onSelect?.(e.api.getSelectedRows()[0] ?? null);
    },
    [onSelect],
  );

  const loadErrorText = loadError ? errorText(asLedgerError(loadError), lang) : null;
  const draftDirty = Object.values(draft).some((v) => !isEmpty(v));

  const focusItem = (item: ErrorItem) => {
    const api = apiRef.current;
    if (!api || !item.rowId || !item.field) return;
    const c = colByField.get(item.field);
    const colId = c?.colId ?? item.field;
    if (item.rowId === DRAFT_ID) {
      api.setFocusedCell(0, colId, 'bottom');
      return;
    }
    const node = api.getRowNode(item.rowId);
    if (node?.rowIndex !== null && node?.rowIndex !== undefined) {
      api.ensureIndexVisible(node.rowIndex);
      api.setFocusedCell(node.rowIndex, colId);
    }
  };

  const shownItems = status?.items?.slice(0, 6) ?? [];
  const moreItems = (status?.items?.length ?? 0) - shownItems.length;

  return (
    <div className="grid-panel">
      <div className="grid-toolbar">
        <input
          type="search"
          className="quick-filter"
          data-testid="grid-quick-filter"
          placeholder={t('grid.quickFilter')}
          value={filterText}
          onChange={(e) => onQuickFilterInput(e.target.value)}
          aria-label={t('grid.quickFilter')}
        />
        {toolbar}
        <div className="toolbar-spacer" />
        {actions}
        {undoable && batch && canEdit && (
          <button
            type="button"
            className="btn"
            data-testid="grid-undo"
            disabled={saving || undoStack.length === 0}
            title={undoStack.length ? t('grid.undoTitle', { id: undoStack[undoStack.length - 1] }) : t('grid.undoNone')}
            onClick={() => void undo()}
          >
            ↶ {t('grid.undo')}
          </button>
        )}
      </div>
      <div className="grid-body" ref={containerRef} data-testid={testId}>
        {loadErrorText ? (
          <div className="grid-load-error">
            <p>{t('grid.loadFailed', { message: loadErrorText })}</p>
            <button type="button" className="btn" onClick={() => void doReload()}>
              {t('common.reload')}
            </button>
          </div>
        ) : (
          <AgGridReact<R>
            theme={ledgerTheme}
            rowData={rows ?? undefined}
            loading={rows === null}
            columnDefs={columnDefs}
            getRowId={getRowId}
            readOnlyEdit
            onCellEditRequest={onCellEditRequest}
            enterNavigatesVertically
            enterNavigatesVerticallyAfterEdit
            stopEditingWhenCellsLoseFocus
            singleClickEdit={false}
            pinnedBottomRowData={pinnedBottom}
            getRowClass={getRowClass}
            isExternalFilterPresent={isExternalFilterPresent}
            doesExternalFilterPass={doesExternalFilterPass}
            tooltipShowDelay={200}
            tooltipInteraction={false}
            rowSelection={rowSelection}
            onSelectionChanged={onSelectionChanged}
            onGridReady={onGridReady}
            onFirstDataRendered={onFirstDataRendered}
            onModelUpdated={updateCounts}
            onCellFocused={onCellFocused}
            onCellDoubleClicked={onCellDoubleClicked}
            defaultColDef={defaultColDef}
            overlayNoRowsTemplate={`<span class="grid-empty">${t('grid.empty')}</span>`}
            animateRows={false}
            rowBuffer={rowBuffer}
          />
        )}
      </div>
      <div className={`grid-status status-${status?.kind ?? 'idle'}`} data-testid="grid-status" role="status" aria-live="polite">
        <div className="status-message">
          {status && (
            <>
              <span className="status-text" data-testid="grid-status-text">
                {status.text}
              </span>
              {status.kind === 'conflict' && (
                <button type="button" className="btn btn-small btn-primary" data-testid="grid-conflict-reload" onClick={() => void doReload()}>
                  {t('grid.conflictReload')}
                </button>
              )}
              {shownItems.length > 0 && (
                <span className="status-items">
                  {shownItems.map((item, i) => (
                    <button type="button" key={i} className="status-item" onClick={() => focusItem(item)} disabled={!item.rowId}>
                      {item.text}
                    </button>
                  ))}
                  {moreItems > 0 && <span className="status-more">{t('grid.errorsMore', { n: moreItems })}</span>}
                </span>
              )}
            </>
          )}
          {draftDirty && !saving && (
            <button type="button" className="link-button" data-testid="grid-draft-discard" onClick={discardDraft}>
              {t('grid.newRowDiscard')}
            </button>
          )}
        </div>
        <div className="status-counts" data-testid="grid-count">
          {counts.shown === counts.total ? t('grid.rows', { total: counts.total.toLocaleString('zh-CN') }) : t('grid.filtered', { shown: counts.shown.toLocaleString('zh-CN'), total: counts.total.toLocaleString('zh-CN') })}
        </div>
      </div>
    </div>
  );
}
