// 盘点: the count tasks (list, create, progress) and one count's work — scanning, grid entry of
// results and found items, count sheets and checklists, reconciliation, resolution and the count
// report. Everything goes through shared/api/counts.ts (issue #4, DOMAIN §3.5).
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { CountDetail, CountRow } from '../../../shared/api/counts';
import type { DepartmentRow, UnitRow } from '../../../shared/api/types';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, dateColumn, intColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import '../assets/assets.css';
import { ScreenHeader } from '../ScreenHeader';
import '../sharing/sharing.css';
import { useLoader } from '../useLoader';
import { CreateCountForm } from './CreateCountForm';
import { FoundPanel } from './FoundPanel';
import { ReconcilePanel } from './ReconcilePanel';
import { ReportPanel } from './ReportPanel';
import { ResolvePanel } from './ResolvePanel';
import { ResultsPanel } from './ResultsPanel';
import { ScanPanel } from './ScanPanel';
import { SheetsPanel } from './SheetsPanel';
import './counts.css';

export interface Lookups {
  units: UnitRow[];
  departments: DepartmentRow[];
}

export type CountTab = 'scan' | 'results' | 'found' | 'sheets' | 'reconcile' | 'resolve' | 'report';
const TABS: CountTab[] = ['scan', 'results', 'found', 'sheets', 'reconcile', 'resolve', 'report'];

/** Percent counted, for the progress bar (0 when nothing is expected). */
export function progressPct(c: Pick<CountRow, 'expected' | 'counted'>): number {
  return c.expected > 0 ? Math.min(100, Math.round((100 * c.counted) / c.expected)) : 0;
}

export function CountsScreen({ initialCount, initialTab }: { initialCount?: string; initialTab?: CountTab }) {
  const [lookups, setLookups] = useState<Lookups>({ units: [], departments: [] });
  const [open, setOpen] = useState<string | null>(initialCount ?? null);
  useEffect(() => {
    send('units.list', {}).then((units) => setLookups((l) => ({ ...l, units })), () => undefined);
    send('departments.list', {}).then((departments) => setLookups((l) => ({ ...l, departments })), () => undefined);
  }, []);
  return open ? <CountWork countId={open} lookups={lookups} initialTab={initialTab} onBack={() => setOpen(null)} /> : <CountList lookups={lookups} onOpen={setOpen} />;
}

// ---- the list of counts ----------------------------------------------------------------------

function CountList({ lookups, onOpen }: { lookups: Lookups; onOpen: (id: string) => void }) {
  const { t } = useT();
  const session = useSession();
  const canWrite = session.can('assets.write');
  const grid = useRef<LedgerGridHandle<CountRow>>(null);
  const [status, setStatus] = useState<'open' | 'closed' | 'all'>('all');
  const [selected, setSelected] = useState<CountRow | null>(null);
  const [creating, setCreating] = useState(false);
  const load = useCallback(() => send('counts.list', { status }), [status]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const columns = useMemo<GridColumn<CountRow>[]>(
    () => [
      codeColumn<CountRow>('no', t('counts.no'), { width: 120, colDef: { pinned: 'left' } }),
      textColumn<CountRow>('name', t('counts.name'), { width: 200 }),
      textColumn<CountRow>('unitName', t('counts.unit'), { width: 160 }),
      textColumn<CountRow>('deptCodes', t('counts.scope'), { width: 220, format: (_v, r) => (r ? scopeText(r, lookups, t) : '') }),
      dateColumn<CountRow>('referenceDate', t('counts.referenceDate'), { width: 110 }),
      intColumn<CountRow>('expected', t('counts.expected'), { width: 90 }),
      intColumn<CountRow>('counted', t('counts.counted'), { width: 90 }),
      textColumn<CountRow>('version', t('counts.progress'), { width: 150, pinyin: false, format: (_v, r) => (r ? `${progressPct(r)}%` : ''), colDef: { cellRenderer: ProgressCell } }),
      intColumn<CountRow>('missing', t('counts.missing'), { width: 80 }),
      intColumn<CountRow>('surplus', t('counts.surplusItems'), { width: 80 }),
      intColumn<CountRow>('scans', t('counts.scans'), { width: 80 }),
      textColumn<CountRow>('status', t('counts.status'), { width: 90, format: (v) => t(`counts.statuses.${String(v)}`) }),
      textColumn<CountRow>('createdBy', t('counts.createdBy'), { width: 100 }),
    ],
    [t, lookups],
  );

  return (
    <div className="screen" data-testid="counts-screen">
      <ScreenHeader title={t('counts.title')} crumbs={`${t('nav.count')} › ${t('counts.tasks')}`} />
      <LedgerGrid<CountRow>
        ref={grid}
        testId="grid-counts"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={false}
        undoable={false}
        reload={reload}
        selectable
        onSelect={setSelected}
        onRowOpen={(r) => onOpen(r.id)}
        toolbar={
          <label className="toolbar-field">
            {t('counts.status')}
            <select data-testid="counts-status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
              {(['all', 'open', 'closed'] as const).map((s) => (
                <option key={s} value={s}>
                  {t(`counts.statuses.${s}`)}
                </option>
              ))}
            </select>
          </label>
        }
        actions={
          <>
            {canWrite && (
              <button type="button" className="btn btn-primary" data-testid="count-new" onClick={() => setCreating(true)}>
                {t('counts.create')}
              </button>
            )}
            <button type="button" className="btn" data-testid="count-open" disabled={!selected} onClick={() => selected && onOpen(selected.id)}>
              {t('counts.open')}
            </button>
          </>
        }
      />
      {creating && (
        <CreateCountForm
          lookups={lookups}
          scopedUnit={session.user.unitCode ?? null}
          onCancel={() => setCreating(false)}
          onDone={(c) => {
            setCreating(false);
            onOpen(c.id);
          }}
        />
      )}
    </div>
  );
}

function ProgressCell(p: { data?: CountRow }) {
  if (!p.data) return null;
  const pct = progressPct(p.data);
  return (
    <span className="count-progress-cell">
      <span className="count-progress-bar">
        <span style={{ width: `${pct}%` }} />
      </span>
      <span className="count-progress-text">{pct}%</span>
    </span>
  );
}

export function scopeText(c: Pick<CountRow, 'unitCode' | 'deptCodes' | 'locations' | 'classPrefixes'>, lookups: Lookups, t: (k: string, o?: Record<string, unknown>) => string): string {
  const parts: string[] = [];
  if (c.deptCodes.length) {
    const names = c.deptCodes.map((d) => lookups.departments.find((x) => x.unitCode === c.unitCode && x.code === d)?.name ?? d);
    parts.push(`${t('counts.depts')}：${names.join('、')}`);
  }
  if (c.locations.length) parts.push(`${t('counts.locations')}：${c.locations.join('、')}`);
  if (c.classPrefixes.length) parts.push(`${t('counts.classes')}：${c.classPrefixes.join('、')}`);
  return parts.length ? parts.join('；') : t('counts.wholeUnit');
}

// ---- one count -------------------------------------------------------------------------------

function CountWork({ countId, lookups, initialTab, onBack }: { countId: string; lookups: Lookups; initialTab?: CountTab | undefined; onBack: () => void }) {
  const { t } = useT();
  const session = useSession();
  const [tab, setTab] = useState<CountTab>(initialTab ?? 'scan');
  const [detail, setDetail] = useState<CountDetail | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [closing, setClosing] = useState(false);

  const refresh = useCallback(async () => {
    try {
      setDetail(await send('counts.show', { id: countId }));
      setLoadError(null);
    } catch (err) {
      setLoadError(err);
    }
  }, [countId]);
  useEffect(() => {
    void refresh();
  }, [refresh]);

  /** A scan burst answered: update the progress without another round trip. */
  const onProgress = useCallback((counted: number) => setDetail((d) => (d ? { ...d, counted } : d)), []);

  if (!detail) {
    return (
      <div className="screen">
        <ScreenHeader title={t('counts.title')} crumbs={t('nav.count')} />
        {loadError ? <div className="grid-load-error">{String((loadError as Error).message ?? loadError)}</div> : <div className="muted">{t('common.loading')}</div>}
      </div>
    );
  }
  const open = detail.status === 'open';
  const pct = progressPct(detail);
  const canWrite = session.can('assets.write');

  return (
    <div className="screen counts-work" data-testid="count-work" data-count={detail.no}>
      <ScreenHeader title={`${detail.no}　${detail.name}`} crumbs={`${t('nav.count')} › ${detail.unitName}`}>
        <div className="count-head-actions">
          {canWrite && open && (
            <button
              type="button"
              className="btn"
              data-testid="count-close"
              disabled={closing}
              onClick={() => {
                if (!window.confirm(t('counts.closeConfirm'))) return;
                setClosing(true);
                send('counts.close', { id: detail.id, version: detail.version })
                  .then(() => refresh())
                  .catch((err: unknown) => window.alert((err as Error).message))
                  .finally(() => setClosing(false));
              }}
            >
              {t('counts.close')}
            </button>
          )}
          <button type="button" className="btn" data-testid="count-back" onClick={onBack}>
            ← {t('counts.backToList')}
          </button>
        </div>
      </ScreenHeader>
      <div className="count-summary" data-testid="count-summary">
        <span>
          {t('counts.referenceDate')} <b>{detail.referenceDate}</b>
        </span>
        <span>{scopeText(detail, lookups, t)}</span>
        <span className="count-summary-progress">
          <span className="count-progress-bar wide">
            <span style={{ width: `${pct}%` }} />
          </span>
          <span data-testid="count-progress">
            {t('counts.progressText', { counted: detail.counted.toLocaleString('zh-CN'), expected: detail.expected.toLocaleString('zh-CN'), pct })}
          </span>
        </span>
        <span>
          {t('counts.missing')} <b data-testid="count-missing">{detail.missing}</b>
        </span>
        <span>
          {t('counts.surplusItems')} <b data-testid="count-surplus">{detail.surplus}</b>
        </span>
        <span className={`count-status count-status-${detail.status}`}>{t(`counts.statuses.${detail.status}`)}</span>
        {detail.counters.length > 0 && (
          <span className="muted" title={detail.counters.map((c) => `${c.name}（${c.device}）：${c.scans} / ${c.results}`).join('\n')}>
            {t('counts.counters', { n: detail.counters.length })}
          </span>
        )}
      </div>
      <div className="sharing-tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`sharing-tab${tab === k ? ' active' : ''}`} data-testid={`count-tab-${k}`} onClick={() => setTab(k)}>
            {t(`counts.tabs.${k}`)}
          </button>
        ))}
      </div>
      {tab === 'scan' && <ScanPanel count={detail} onProgress={onProgress} onIdentify={() => setTab('found')} onChanged={refresh} />}
      {tab === 'results' && <ResultsPanel count={detail} onChanged={refresh} />}
      {tab === 'found' && <FoundPanel count={detail} onChanged={refresh} />}
      {tab === 'sheets' && <SheetsPanel count={detail} onChanged={refresh} />}
      {tab === 'reconcile' && <ReconcilePanel count={detail} lookups={lookups} />}
      {tab === 'resolve' && <ResolvePanel count={detail} lookups={lookups} onChanged={refresh} />}
      {tab === 'report' && <ReportPanel count={detail} />}
    </div>
  );
}
