// 资产 › the asset register: every card the user may see in one client-side grid (150,000 rows),
// column filters, the pinyin quick filter, totals of what is filtered, inline correction of
// descriptive fields (assets.edit) and the card view with history and lifecycle actions.
import type { GridApi } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { assetEditable, type AssetRow } from '../../../shared/api/assets';
import { decodeAssetTable, gridRowOf } from '../../../shared/api/asset-table';
import type { BatchResult, DepartmentRow, UnitRow } from '../../../shared/api/types';
import { formatMoney } from '../../../shared/money';
import { USAGE_STATUSES } from '../../../shared/parse/asset-values';
import { LedgerError } from '../../../shared/errors';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, dateColumn, moneyColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid, type BatchOp, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import { ScreenHeader } from '../ScreenHeader';
import { useLoader } from '../useLoader';
import { AssetCardDialog } from './AssetCardDialog';
import { AssetImportButton } from './AssetImport';
import { AssetPrintButtons } from '../print/AssetPrint';
import './assets.css';

const textFilter = { filter: 'agTextColumnFilter', filterParams: { filterOptions: ['contains', 'notContains', 'equals', 'startsWith', 'blank', 'notBlank'], maxNumConditions: 1, buttons: ['reset'] } };

/** Money filter in yuan (what people type), on integer fen. */
const moneyFilter = (field: 'costFen' | 'accumulatedFen' | 'netFen') => ({
  filter: 'agNumberColumnFilter',
  filterValueGetter: (p: { data?: AssetRow }) => (p.data ? p.data[field] / 100 : null),
  filterParams: { filterOptions: ['greaterThanOrEqual', 'lessThanOrEqual', 'inRange', 'equals'], maxNumConditions: 1, buttons: ['reset'] },
});

/** 'YYYY-MM-DD' strings compared as dates by AG Grid's date filter. */
const dateFilter = {
  filter: 'agDateColumnFilter',
  filterParams: {
    filterOptions: ['greaterThanOrEqual', 'lessThanOrEqual', 'inRange', 'equals'],
    maxNumConditions: 1,
    buttons: ['reset'],
    comparator: (filterDate: Date, cell: string | null) => {
      if (!cell) return -1;
      const y = Number(cell.slice(0, 4));
      const m = Number(cell.slice(5, 7)) - 1;
      const d = Number(cell.slice(8, 10));
      const a = new Date(y, m, d).getTime();
      const b = filterDate.getTime();
      return a < b ? -1 : a > b ? 1 : 0;
    },
  },
};

export function assetColumns(t: (k: string) => string): GridColumn<AssetRow>[] {
  const editable = (r: AssetRow) => r.status !== '已处置';
  return [
    codeColumn<AssetRow>('code', t('assets.code'), { width: 130, colDef: { ...textFilter, pinned: 'left' } }),
    textColumn<AssetRow>('name', t('assets.name'), { editable, schema: assetEditable.shape.name, width: 180, colDef: { ...textFilter, pinned: 'left' } }),
    codeColumn<AssetRow>('classCode', t('assets.classCode'), { width: 104, colDef: textFilter }),
    textColumn<AssetRow>('className', t('assets.className'), { width: 136, minWidth: 100, colDef: textFilter }),
    textColumn<AssetRow>('model', t('assets.model'), { editable, schema: assetEditable.shape.model, width: 140, minWidth: 100, pinyin: false, colDef: textFilter }),
    textColumn<AssetRow>('unitName', t('assets.unitName'), { width: 150, minWidth: 100, colDef: textFilter }),
    textColumn<AssetRow>('usingDeptName', t('assets.usingDept'), { width: 120, minWidth: 90, colDef: textFilter }),
    textColumn<AssetRow>('userName', t('assets.userName'), { width: 90, minWidth: 80, colDef: textFilter }),
    textColumn<AssetRow>('location', t('assets.location'), { width: 150, minWidth: 90, colDef: textFilter }),
    textColumn<AssetRow>('status', t('assets.status'), { width: 100, minWidth: 80, colDef: { ...textFilter, filterParams: { ...textFilter.filterParams, defaultOption: 'equals' } } }),
    dateColumn<AssetRow>('bookedOn', t('assets.bookedOn'), { width: 120, colDef: dateFilter }),
    moneyColumn<AssetRow>('costFen', t('assets.cost'), { width: 124, minWidth: 100, colDef: { ...moneyFilter('costFen'), pinned: 'right' } }),
    moneyColumn<AssetRow>('accumulatedFen', t('assets.accumulated'), { width: 124, minWidth: 100, colDef: { ...moneyFilter('accumulatedFen'), pinned: 'right' } }),
    // the last pinned column leaves room for the vertical scrollbar, which AG Grid 36 lays over it
    moneyColumn<AssetRow>('netFen', t('assets.net'), {
      width: 142,
      minWidth: 116,
      colDef: { ...moneyFilter('netFen'), pinned: 'right', cellClass: ['cell-number', 'ag-right-aligned-cell', 'cell-scrollbar-gap'], headerClass: ['ag-right-aligned-header', 'cell-scrollbar-gap'] },
    }),
  ];
}

const loadRegister = () => send('assets.table', {}).then(decodeAssetTable);

interface Totals {
  count: number;
  cost: number;
  accumulated: number;
  net: number;
}

const NO_TOTALS: Totals = { count: 0, cost: 0, accumulated: 0, net: 0 };

export function AssetsScreen() {
  const { t } = useT();
  const session = useSession();
  const canEdit = session.can('assets.write');
  const grid = useRef<LedgerGridHandle<AssetRow>>(null);
  // assets.table: the grid's rows column by column (~9 MB for 150,000 cards instead of ~80 MB of
  // row objects); the row id is the asset number. The first request leaves with the first render,
  // so the engine works while the grid is being set up (an effect would only run after it).
  const firstLoad = useRef<Promise<AssetRow[]> | null | undefined>(undefined);
  if (firstLoad.current === undefined) {
    firstLoad.current = loadRegister();
    firstLoad.current.catch(() => undefined); // reported through reload() below
  }
  const load = useCallback(() => {
    const first = firstLoad.current;
    firstLoad.current = null;
    return first ?? loadRegister();
  }, []);
  const { rows, error, reload } = useLoader(load);
  const [totals, setTotals] = useState<Totals>(NO_TOTALS);
  const [openCode, setOpenCode] = useState<string | null>(null);
  const [selected, setSelected] = useState<AssetRow | null>(null);
  const [departments, setDepartments] = useState<DepartmentRow[]>([]);
  const [units, setUnits] = useState<UnitRow[]>([]);
  const [status, setStatus] = useState('');
  const [unit, setUnit] = useState('');

  const columns = useMemo(() => assetColumns(t), [t]);

  useEffect(() => {
    reload().catch(() => undefined); // shown by the grid (loadError)
    // names for the card view (history shows department names) and the action forms
    send('departments.list', {}).then(setDepartments, () => undefined);
    send('units.list', {}).then(setUnits, () => undefined);
  }, [reload]);

  // Inline edits of descriptive fields: one assets.edit per changed row (the grid queues them and
  // passes each row's current version). There is no batch id, so no undo from this grid.
  const batch = useCallback(async (ops: BatchOp[]): Promise<BatchResult<AssetRow>> => {
    const api = grid.current?.api();
    const done: AssetRow[] = [];
    try {
      for (const op of ops) {
        if (op.op !== 'update') throw new LedgerError('VALIDATION', '资产卡片不能在表格中新增或删除');
        const code = api?.getRowNode(op.id)?.data?.code;
        if (!code) continue;
        done.push(gridRowOf(await send('assets.edit', { code, version: op.version, changes: op.changes as never })));
      }
    } catch (err) {
      if (done.length) grid.current?.applyRows(done);
      throw err;
    }
    return { batchId: 0, rows: done, deletedIds: [] };
  }, []);

  // Totals of what the filters let through, summed as integer fen, in one pass over the rows. The
  // grid is flat (no groups), so a row the filters let through is a displayed row (it has a row
  // index); pinned rows are not leaves. forEachNodeAfterFilter recurses node by node and costs
  // ~50 ms on 100,000 rows, this loop a few.
  const onModelUpdated = useCallback((api: GridApi<AssetRow>) => {
    const t0 = performance.now();
    let count = 0;
    let cost = 0;
    let accumulated = 0;
    let net = 0;
    api.forEachLeafNode((n) => {
      const d = n.data;
      if (!d || !n.displayed) return;
      count += 1;
      cost += d.costFen;
      accumulated += d.accumulatedFen;
      net += d.netFen;
    });
    setTotals((prev) => (prev.count === count && prev.cost === cost && prev.accumulated === accumulated && prev.net === net ? prev : { count, cost, accumulated, net }));
    const perf = ((window as unknown as { __ledgerPerf?: Record<string, Record<string, unknown>> }).__ledgerPerf ??= {});
    perf['grid-assets'] = { ...perf['grid-assets'], totalsMs: Math.round((performance.now() - t0) * 10) / 10 };
  }, []);

  const setColumnFilter = useCallback(async (colId: string, value: string) => {
    const api = grid.current?.api();
    if (!api) return;
    await api.setColumnFilterModel(colId, value ? { filterType: 'text', type: 'equals', filter: value } : null);
    api.onFilterChanged();
  }, []);

  const openRow = useCallback((row: AssetRow) => setOpenCode(row.code), []);

  // units present in the register (a unit operator sees one; then the selector is hidden)
  const unitOptions = useMemo(() => {
    const names = new Set<string>();
    for (const r of rows ?? []) names.add(r.unitName);
    return [...names].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  }, [rows]);

  return (
    <div className="screen">
      <ScreenHeader title={t('assets.title')} crumbs={`${t('nav.assets')} › ${t('assets.title')}`} />
      <LedgerGrid<AssetRow>
        ref={grid}
        testId="grid-assets"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={canEdit}
        batch={canEdit ? batch : undefined}
        undoable={false}
        reload={reload}
        columnFilters
        filterDelayMs={50}
        rowBuffer={4}
        warmRowDrawing
        selectable
        onSelect={setSelected}
        onRowOpen={openRow}
        onModelUpdated={onModelUpdated}
        toolbar={
          <>
            <label className="toolbar-field">
            {t('assets.status')}
            <select
              data-testid="asset-status-filter"
              value={status}
              aria-label={t('assets.status')}
              onChange={(e) => {
                setStatus(e.target.value);
                void setColumnFilter('status', e.target.value);
              }}
            >
              <option value="">{t('assets.allStatuses')}</option>
              {USAGE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
            </label>
            {unitOptions.length > 1 && (
              <label className="toolbar-field">
              {t('assets.unitName')}
              <select
                data-testid="asset-unit-filter"
                value={unit}
                aria-label={t('assets.unitName')}
                onChange={(e) => {
                  setUnit(e.target.value);
                  void setColumnFilter('unitName', e.target.value);
                }}
              >
                <option value="">{t('assets.allUnits')}</option>
                {unitOptions.map((u) => (
                  <option key={u} value={u}>
                    {u}
                  </option>
                ))}
              </select>
              </label>
            )}
          </>
        }
        actions={
          <>
            {canEdit && <AssetImportButton onImported={() => void reload()} />}
            <AssetPrintButtons api={() => grid.current?.api()} selected={selected} />
            <button
              type="button"
              className="btn btn-primary"
              data-testid="asset-view-card"
              disabled={!selected}
              title={selected ? t('assets.openHint') : t('assets.noSelection')}
              onClick={() => selected && setOpenCode(selected.code)}
            >
              {t('assets.viewCard')}
            </button>
          </>
        }
      />
      <div className="asset-totals" data-testid="asset-totals">
        <span className="asset-totals-label">{t('assets.totals')}</span>
        <span className="asset-totals-count" data-testid="asset-totals-count">
          {t('assets.count', { n: totals.count.toLocaleString('zh-CN') })}
        </span>
        <span className="asset-total">
          {t('assets.cost')} <b data-testid="asset-total-cost">{formatMoney(totals.cost)}</b>
        </span>
        <span className="asset-total">
          {t('assets.accumulated')} <b data-testid="asset-total-accumulated">{formatMoney(totals.accumulated)}</b>
        </span>
        <span className="asset-total">
          {t('assets.net')} <b data-testid="asset-total-net">{formatMoney(totals.net)}</b>
        </span>
        <span className="asset-totals-hint muted">{t('assets.openHint')}</span>
      </div>
      {openCode && (
        <AssetCardDialog
          code={openCode}
          canEdit={canEdit}
          departments={departments}
          units={units}
          onClose={() => setOpenCode(null)}
          onRowChanged={(row) => grid.current?.applyRows([gridRowOf(row)])}
        />
      )}
    </div>
  );
}
