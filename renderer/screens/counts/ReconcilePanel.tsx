// 核对: every expected asset in exactly one class (相符 / 盘亏 / 位置不符 / 使用人不符 / 状态不符) and
// the items found that are not on the book (盘盈), with counts and amounts per unit and department,
// filters, drill-down to the asset card, and the differences exported (清查明细表 .xlsx).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CountDetail, CountReconciliation, FoundItem, ReconcileListRow } from '../../../shared/api/counts';
import type { CountClass } from '../../../shared/domain/count';
import { formatMoney } from '../../../shared/money';
import { asLedgerError, send } from '../../api/client';
import { codeColumn, moneyColumn, textColumn, type GridColumn } from '../../grid/columns';
import { downloadExport } from '../../grid/files';
import { LedgerGrid, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { errorText, useT } from '../../i18n';
import { AssetCardDialog } from '../assets/AssetCardDialog';
import type { Lookups } from './CountsScreen';
import { ClassBadge, differenceText } from './ResultsPanel';

export type ReconClass = CountClass | 'surplus';
/** The classes in the order a reader expects them: agreement first, then the differences. */
export const RECON_CLASSES: ReconClass[] = ['matched', 'shortage', 'surplus', 'locationDiffers', 'userDiffers', 'statusDiffers'];

export interface ReconGridRow {
  id: string;
  code: string;
  name: string;
  unitCode: string;
  deptName: string | null;
  bookLocation: string | null;
  bookUser: string | null;
  bookStatus: string | null;
  costFen: number | null;
  netFen: number | null;
  cls: ReconClass;
  detail: string;
  notCounted: boolean;
  /** A card to open (not for items found off the book). */
  card: boolean;
}

export function reconRows(r: CountReconciliation, t: (k: string) => string): ReconGridRow[] {
  const fromList = (x: ReconcileListRow): ReconGridRow => ({
    id: `a:${x.code}`,
    code: x.code,
    name: x.name,
    unitCode: x.unitCode,
    deptName: x.deptName,
    bookLocation: x.bookLocation,
    bookUser: x.bookUser,
    bookStatus: x.bookStatus,
    costFen: x.costFen,
    netFen: x.netFen,
    cls: x.cls,
    detail: x.cls === 'shortage' ? (x.notCounted ? t('counts.notCounted') : t('counts.markedMissing')) : differenceText(x.differences, t),
    notCounted: x.notCounted,
    card: true,
  });
  const fromFound = (f: FoundItem): ReconGridRow => ({
    id: `f:${f.id}`,
    code: f.assetCode ?? f.code ?? '',
    name: f.name ?? t('counts.unidentified'),
    unitCode: '',
    deptName: null,
    bookLocation: f.location,
    bookUser: f.userName,
    bookStatus: null,
    costFen: f.valueFen,
    netFen: null,
    cls: 'surplus',
    detail: [f.model, f.description].filter(Boolean).join('；'),
    notCounted: false,
    card: !!f.assetCode,
  });
  const seen = new Set<string>();
  const out: ReconGridRow[] = [];
  for (const x of [...r.shortages, ...r.differences, ...(r.matchedList ?? [])]) {
    if (seen.has(x.code)) continue;
    seen.add(x.code);
    out.push(fromList(x));
  }
  for (const f of r.surplusItems) out.push(fromFound(f));
  return out;
}

export function ReconcilePanel({ count, lookups }: { count: CountDetail; lookups: Lookups }) {
  const { t, lang } = useT();
  const grid = useRef<LedgerGridHandle<ReconGridRow>>(null);
  const [dept, setDept] = useState('');
  const [cls, setCls] = useState<ReconClass | ''>('');
  const [all, setAll] = useState(false);
  const [data, setData] = useState<CountReconciliation | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [card, setCard] = useState<string | null>(null);
  const [exporting, setExporting] = useState(false);

  const reload = useCallback(async () => {
    try {
      setData(await send('counts.reconcile', { id: count.id, ...(dept ? { deptCode: dept } : {}), all: all || cls === 'matched' }));
      setError(null);
    } catch (err) {
      setError(err);
    }
  }, [count.id, dept, all, cls]);
  useEffect(() => {
    void reload();
  }, [reload]);

  const allRows = useMemo(() => (data ? reconRows(data, t) : null), [data, t]);
  const rows = useMemo(() => (allRows && cls ? allRows.filter((r) => r.cls === cls) : allRows), [allRows, cls]);
  const deptName = (code: string | null) => (code ? (lookups.departments.find((d) => d.unitCode === count.unitCode && d.code === code)?.name ?? code) : t('counts.noDept'));

  const columns = useMemo<GridColumn<ReconGridRow>[]>(
    () => [
      textColumn<ReconGridRow>('cls', t('counts.class'), { width: 104, format: (v) => t(`counts.classNames.${String(v)}`), colDef: { pinned: 'left', cellRenderer: (p: { data?: ReconGridRow }) => (p.data ? <ClassBadge cls={p.data.cls} /> : null) } }),
      codeColumn<ReconGridRow>('code', t('counts.code'), { width: 130, colDef: { pinned: 'left' } }),
      textColumn<ReconGridRow>('name', t('counts.assetName'), { width: 160 }),
      textColumn<ReconGridRow>('deptName', t('counts.dept'), { width: 100 }),
      textColumn<ReconGridRow>('bookLocation', t('counts.bookLocation'), { width: 120 }),
      textColumn<ReconGridRow>('bookUser', t('counts.bookUser'), { width: 90 }),
      textColumn<ReconGridRow>('bookStatus', t('counts.bookStatus'), { width: 90 }),
      textColumn<ReconGridRow>('detail', t('counts.differences'), { width: 300, flex: 1 }),
      moneyColumn<ReconGridRow>('costFen', t('counts.costOrValue'), { width: 124 }),
      moneyColumn<ReconGridRow>('netFen', t('counts.net'), { width: 124 }),
    ],
    [t],
  );

  const exportDiffs = async () => {
    setExporting(true);
    try {
      const r = await send('counts.exportReport', { id: count.id });
      downloadExport(r);
      grid.current?.notify(t('grid.exported', { file: r.fileName }), 'success');
    } catch (err) {
      grid.current?.notify(errorText(asLedgerError(err), lang), 'error');
    } finally {
      setExporting(false);
    }
  };

  const totals = data?.totals;
  const tile = (k: ReconClass) => {
    if (!totals) return { n: 0, fen: 0 };
    if (k === 'surplus') return { n: totals.surplus.count, fen: totals.surplus.valueFen };
    return { n: totals[k].count, fen: totals[k].costFen };
  };

  return (
    <div className="count-recon" data-testid="count-reconcile">
      <div className="count-tiles" data-testid="recon-tiles">
        {RECON_CLASSES.map((k) => {
          const v = tile(k);
          return (
            <button key={k} type="button" className={`count-tile count-tile-${k}${cls === k ? ' active' : ''}`} data-testid={`recon-${k}`} data-n={v.n} onClick={() => setCls(cls === k ? '' : k)}>
              <span className="count-tile-label">{t(`counts.classNames.${k}`)}</span>
              <b className="count-tile-n">{v.n.toLocaleString('zh-CN')}</b>
              <span className="count-tile-fen">¥{formatMoney(v.fen)}</span>
            </button>
          );
        })}
        {data && (
          <div className="count-tile-note muted">
            {t('counts.expected')} {data.expected.toLocaleString('zh-CN')}
            {data.notCounted > 0 && <div data-testid="recon-not-counted">{t('counts.notCountedN', { n: data.notCounted })}</div>}
          </div>
        )}
      </div>
      {data && data.groups.length > 0 && (
        <div className="count-groups-wrap">
          <table className="data-table count-groups" data-testid="recon-groups">
            <thead>
              <tr>
                <th rowSpan={2}>{t('counts.unit')}</th>
                <th rowSpan={2}>{t('counts.dept')}</th>
                {RECON_CLASSES.map((k) => (
                  <th key={k} colSpan={2}>
                    {t(`counts.classNames.${k}`)}
                  </th>
                ))}
              </tr>
              <tr>
                {RECON_CLASSES.map((k) => (
                  <FragmentHead key={k} />
                ))}
              </tr>
            </thead>
            <tbody>
              {data.groups.map((g) => (
                <tr key={`${g.unit}|${g.dept ?? ''}`} data-testid="recon-group">
                  <td>{g.unitName}</td>
                  <td>{g.deptName ?? t('counts.noDept')}</td>
                  {RECON_CLASSES.map((k) => {
                    const n = k === 'surplus' ? g.surplus.count : g[k].count;
                    const fen = k === 'surplus' ? g.surplus.valueFen : g[k].costFen;
                    return (
                      <GroupCells key={k} n={n} fen={fen} cls={k} />
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <LedgerGrid<ReconGridRow>
        ref={grid}
        testId="grid-count-recon"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={false}
        undoable={false}
        reload={reload}
        onRowOpen={(r) => r.card && setCard(r.code)}
        toolbar={
          <>
            <label className="toolbar-field">
              {t('counts.class')}
              <select data-testid="recon-class" value={cls} onChange={(e) => setCls(e.target.value as ReconClass | '')}>
                <option value="">{t('counts.allDifferences')}</option>
                {RECON_CLASSES.map((c) => (
                  <option key={c} value={c}>
                    {t(`counts.classNames.${c}`)}
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field">
              {t('counts.dept')}
              <select data-testid="recon-dept" value={dept} onChange={(e) => setDept(e.target.value)}>
                <option value="">{t('counts.allDepts')}</option>
                {lookups.departments
                  .filter((d) => d.unitCode === count.unitCode && (count.deptCodes.length === 0 || count.deptCodes.includes(d.code)))
                  .map((d) => (
                    <option key={d.code} value={d.code}>
                      {deptName(d.code)}
                    </option>
                  ))}
              </select>
            </label>
            <label className="checkbox">
              <input type="checkbox" data-testid="recon-all" checked={all} onChange={(e) => setAll(e.target.checked)} />
              {t('counts.includeMatched')}
            </label>
          </>
        }
        actions={
          <button type="button" className="btn" data-testid="recon-export" disabled={exporting} onClick={() => void exportDiffs()}>
            {t('counts.exportDifferences')}
          </button>
        }
      />
      <div className="muted count-recon-hint">{t('counts.reconHint')}</div>
      {card && <AssetCardDialog code={card} canEdit={false} departments={lookups.departments} units={lookups.units} onClose={() => setCard(null)} onRowChanged={() => undefined} />}
    </div>
  );
}

function FragmentHead() {
  const { t } = useT();
  return (
    <>
      <th className="num">{t('counts.n')}</th>
      <th className="num">{t('counts.amount')}</th>
    </>
  );
}

function GroupCells({ n, fen, cls }: { n: number; fen: number; cls: ReconClass }) {
  return (
    <>
      <td className={`num${n > 0 && cls !== 'matched' ? ' count-group-hit' : ''}`}>{n || ''}</td>
      <td className="num">{n ? formatMoney(fen) : ''}</td>
    </>
  );
}

