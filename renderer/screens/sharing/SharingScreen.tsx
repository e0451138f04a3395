// 资产 › 调剂共享: the idle-asset pool (闲置资产调剂池) with requests for its cards, the requests an
// asset manager grants as a transfer or a share, shared use of equipment between member units
// (共享共用) with usage records, and the usage summary. Everything goes through shared/api/sharing.ts.
import type { GridApi, IRowNode } from 'ag-grid-community';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { AssetRequestRow, IdleAsset } from '../../../shared/api/sharing';
import type { DepartmentRow, UnitRow } from '../../../shared/api/types';
import { UNIT_SCOPED_ROLES } from '../../../shared/auth/roles';
import { formatMoney } from '../../../shared/money';
import { send } from '../../api/client';
import { useSession } from '../../app/session';
import { codeColumn, dateColumn, intColumn, moneyColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { useT } from '../../i18n';
import '../assets/assets.css';
import { ScreenHeader } from '../ScreenHeader';
import { useLoader } from '../useLoader';
import { ApproveForm, RejectForm, RequestForm, StartShareForm } from './forms';
import { SharesTab, SummaryTab } from './SharesTab';
import './sharing.css';

export type SharingTab = 'pool' | 'requests' | 'shares' | 'summary';
const TABS: SharingTab[] = ['pool', 'requests', 'shares', 'summary'];

export interface Lookups {
  units: UnitRow[];
  departments: DepartmentRow[];
}

export function SharingScreen({ initialTab = 'pool' }: { initialTab?: SharingTab }) {
  const { t } = useT();
  const [tab, setTab] = useState<SharingTab>(initialTab);
  const [lookups, setLookups] = useState<Lookups>({ units: [], departments: [] });
  const [pending, setPending] = useState<number | null>(null);

  const countPending = useCallback(() => {
    send('sharing.requests', { status: 'pending' }).then((r) => setPending(r.length), () => undefined);
  }, []);

  useEffect(() => {
    send('units.list', {}).then((units) => setLookups((l) => ({ ...l, units })), () => undefined);
    send('departments.list', {}).then((departments) => setLookups((l) => ({ ...l, departments })), () => undefined);
    countPending();
  }, [countPending]);

  return (
    <div className="screen" data-testid="sharing-screen">
      <ScreenHeader title={t('sharing.title')} crumbs={`${t('nav.assets')} › ${t('sharing.title')}`} />
      <div className="sharing-tabs" role="tablist">
        {TABS.map((k) => (
          <button key={k} type="button" role="tab" aria-selected={tab === k} className={`sharing-tab${tab === k ? ' active' : ''}`} data-testid={`sharing-tab-${k}`} onClick={() => setTab(k)}>
            {t(`sharing.tabs.${k}`)}
            {k === 'requests' && pending ? <span className="sharing-badge">{pending}</span> : null}
          </button>
        ))}
      </div>
      {tab === 'pool' && <PoolTab lookups={lookups} onRequested={countPending} />}
      {tab === 'requests' && <RequestsTab lookups={lookups} onChanged={countPending} />}
      {tab === 'shares' && <SharesTab lookups={lookups} />}
      {tab === 'summary' && <SummaryTab />}
    </div>
  );
}

const CLASS_PREFIXES = ['A02', 'A0232', 'A020101', 'A0202', 'A05'];

function PoolTab({ lookups, onRequested }: { lookups: Lookups; onRequested: () => void }) {
  const { t } = useT();
  const session = useSession();
  const canWrite = session.can('assets.write');
  // A unit operator asks for other units' cards and lends its own; community-wide roles may ask on behalf of any unit.
  const unitScoped = UNIT_SCOPED_ROLES.includes(session.user.role);
  const grid = useRef<LedgerGridHandle<IdleAsset>>(null);
  const [unit, setUnit] = useState('');
  const [cls, setCls] = useState('');
  const [selected, setSelected] = useState<IdleAsset | null>(null);
  const [form, setForm] = useState<'request' | 'lend' | null>(null);
  const [totals, setTotals] = useState({ count: 0, cost: 0, net: 0 });
  const load = useCallback(async () => (await send('sharing.idle', { unitCode: unit || undefined, classPrefix: cls || undefined })).rows, [unit, cls]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const columns = useMemo<GridColumn<IdleAsset>[]>(
    () => [
      codeColumn<IdleAsset>('code', t('assets.code'), { width: 130, colDef: { pinned: 'left' } }),
      textColumn<IdleAsset>('name', t('assets.name'), { width: 170, colDef: { pinned: 'left' } }),
      textColumn<IdleAsset>('className', t('assets.className'), { width: 130 }),
      textColumn<IdleAsset>('model', t('assets.model'), { width: 140, pinyin: false }),
      textColumn<IdleAsset>('unitName', t('assets.unitName'), { width: 150, format: (v, r) => `${String(v ?? '')}${r?.own ? ` · ${t('sharing.own')}` : ''}` }),
      textColumn<IdleAsset>('location', t('assets.location'), { width: 130 }),
      dateColumn<IdleAsset>('idleSince', t('sharing.idleSince'), { width: 176, format: (v, r) => `${String(v ?? '')}${r && r.idleSinceBasis !== 'status' ? ` (${t(`sharing.basis.${r.idleSinceBasis}`)})` : ''}` }),
      intColumn<IdleAsset>('idleDays', t('sharing.idleDays'), { width: 90 }),
      intColumn<IdleAsset>('pendingRequests', t('sharing.pending'), { width: 100 }),
      moneyColumn<IdleAsset>('costFen', t('assets.cost'), { width: 124 }),
      moneyColumn<IdleAsset>('netFen', t('assets.net'), { width: 130, colDef: { cellClass: ['cell-number', 'ag-right-aligned-cell', 'cell-scrollbar-gap'], headerClass: ['ag-right-aligned-header', 'cell-scrollbar-gap'] } }),
    ],
    [t],
  );

  const onModelUpdated = useCallback((api: GridApi<IdleAsset>) => {
    let count = 0;
    let cost = 0;
    let net = 0;
    api.forEachNodeAfterFilter((n: IRowNode<IdleAsset>) => {
      if (!n.data) return;
      count += 1;
      cost += n.data.costFen;
      net += n.data.netFen;
    });
    setTotals({ count, cost, net });
  }, []);

  const unitsInPool = useMemo(() => {
    const seen = new Map<string, string>();
    for (const u of lookups.units) if (u.type !== '村卫生室') seen.set(u.code, u.name);
    return [...seen.entries()];
  }, [lookups.units]);

  return (
    <>
      <div className="sharing-hint muted">{t('sharing.poolHint')}</div>
      <LedgerGrid<IdleAsset>
        ref={grid}
        testId="grid-idle"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={false}
        undoable={false}
        reload={reload}
        selectable
        onSelect={(r) => {
          setSelected(r);
          setForm(null);
        }}
        onModelUpdated={onModelUpdated}
        toolbar={
          <>
            <label className="toolbar-field">
              {t('assets.unitName')}
              <select data-testid="idle-unit-filter" value={unit} onChange={(e) => setUnit(e.target.value)}>
                <option value="">{t('sharing.allUnits')}</option>
                {unitsInPool.map(([code, name]) => (
                  <option key={code} value={code}>
                    {name}
                  </option>
                ))}
              </select>
            </label>
            <label className="toolbar-field">
              {t('sharing.classFilter')}
              <select data-testid="idle-class-filter" value={cls} onChange={(e) => setCls(e.target.value)}>
                <option value="">{t('sharing.allClasses')}</option>
                {CLASS_PREFIXES.map((p) => (
                  <option key={p} value={p}>
                    {p} {t(`sharing.classes.${p}`)}
                  </option>
                ))}
              </select>
            </label>
          </>
        }
        actions={
          canWrite && (
            <>
              <button
                type="button"
                className="btn btn-primary"
                data-testid="idle-request"
                disabled={!selected || (unitScoped && selected.own)}
                title={!selected ? t('sharing.noSelection') : unitScoped && selected.own ? t('sharing.ownCard') : ''}
                onClick={() => setForm('request')}
              >
                {t('sharing.request')}
              </button>
              <button type="button" className="btn" data-testid="idle-lend" disabled={!selected || (unitScoped && !selected.own)} title={!selected ? t('sharing.noSelection') : unitScoped && !selected.own ? t('sharing.notOwnCard') : ''} onClick={() => setForm('lend')}>
                {t('sharing.lend')}
              </button>
            </>
          )
        }
      />
      <div className="asset-totals" data-testid="idle-totals">
        <span className="asset-totals-label">{t('sharing.totals')}</span>
        <span>{t('sharing.count', { n: totals.count.toLocaleString('zh-CN') })}</span>
        <span className="asset-total">
          {t('assets.cost')} <b data-testid="idle-total-cost">{formatMoney(totals.cost)}</b>
        </span>
        <span className="asset-total">
          {t('assets.net')} <b>{formatMoney(totals.net)}</b>
        </span>
      </div>
      {selected && form === 'request' && (
        <RequestForm
          asset={selected}
          units={lookups.units}
          departments={lookups.departments}
          scopedTo={unitScoped ? session.user.unitCode : null}
          onCancel={() => setForm(null)}
          onDone={(r) => {
            setForm(null);
            grid.current?.notify(`${t('sharing.done')}：${r.assetCode} → ${r.unitName}`, 'success');
            onRequested();
            reload().catch(() => undefined);
          }}
        />
      )}
      {selected && form === 'lend' && (
        <StartShareForm
          asset={selected}
          units={lookups.units}
          departments={lookups.departments}
          onCancel={() => setForm(null)}
          onDone={(s) => {
            setForm(null);
            setSelected(null);
            grid.current?.notify(`${s.no}：${s.assetCode} → ${s.borrowerUnitName}`, 'success');
            reload().catch(() => undefined);
          }}
        />
      )}
    </>
  );
}

const REQUEST_STATUSES = ['pending', 'approved', 'rejected', 'withdrawn', 'all'] as const;

function RequestsTab({ lookups, onChanged }: { lookups: Lookups; onChanged: () => void }) {
  const { t } = useT();
  const session = useSession();
  const canGrant = session.can('assets.share');
  const canWrite = session.can('assets.write');
  const grid = useRef<LedgerGridHandle<AssetRequestRow>>(null);
  const [status, setStatus] = useState<(typeof REQUEST_STATUSES)[number]>('pending');
  const [selected, setSelected] = useState<AssetRequestRow | null>(null);
  const [form, setForm] = useState<'approve' | 'reject' | null>(null);
  const load = useCallback(() => send('sharing.requests', { status }), [status]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const columns = useMemo<GridColumn<AssetRequestRow>[]>(
    () => [
      dateColumn<AssetRequestRow>('createdAt', t('sharing.requestedAt'), { width: 110, format: (v) => String(v ?? '').slice(0, 10) }),
      codeColumn<AssetRequestRow>('assetCode', t('sharing.assetCode'), { width: 130 }),
      textColumn<AssetRequestRow>('assetName', t('sharing.assetName'), { width: 160 }),
      textColumn<AssetRequestRow>('ownerUnitName', t('sharing.ownerUnit'), { width: 140 }),
      textColumn<AssetRequestRow>('unitName', t('sharing.requestingUnit'), { width: 140 }),
      textColumn<AssetRequestRow>('deptName', t('sharing.dept'), { width: 100 }),
      textColumn<AssetRequestRow>('kind', t('sharing.kind'), { width: 80, format: (v) => t(`sharing.kindShort.${String(v)}`) }),
      textColumn<AssetRequestRow>('wantedFrom', t('sharing.wanted'), { width: 190, format: (_v, r) => (r?.wantedFrom || r?.wantedUntil ? `${r.wantedFrom ?? ''} ~ ${r.wantedUntil ?? ''}` : '') }),
      textColumn<AssetRequestRow>('reason', t('sharing.reason'), { width: 180 }),
      textColumn<AssetRequestRow>('status', t('sharing.status'), { width: 90, format: (v) => t(`sharing.requestStatus.${String(v)}`) }),
      textColumn<AssetRequestRow>('decisionNote', t('sharing.decision'), { width: 180, minWidth: 120 }),
      textColumn<AssetRequestRow>('decidedBy', t('sharing.decidedBy'), { width: 100, minWidth: 90 }),
    ],
    [t],
  );

  const done = (r: AssetRequestRow) => {
    setForm(null);
    setSelected(null);
    grid.current?.notify(`${r.assetCode} → ${r.unitName}：${t(`sharing.requestStatus.${r.status}`)}`, 'success');
    onChanged();
    reload().catch(() => undefined);
  };
  const isPending = selected?.status === 'pending';

  return (
    <>
      <LedgerGrid<AssetRequestRow>
        ref={grid}
        testId="grid-requests"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={false}
        undoable={false}
        reload={reload}
        selectable
        onSelect={(r) => {
          setSelected(r);
          setForm(null);
        }}
        toolbar={
          <label className="toolbar-field">
            {t('sharing.statusFilter')}
            <select data-testid="requests-status" value={status} onChange={(e) => setStatus(e.target.value as (typeof REQUEST_STATUSES)[number])}>
              {REQUEST_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`sharing.requestStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
        }
        actions={
          <>
            {canGrant && (
              <>
                <button type="button" className="btn btn-primary" data-testid="request-approve" disabled={!isPending} title={isPending ? '' : t('sharing.onlyPending')} onClick={() => setForm('approve')}>
                  {t('sharing.approve')}
                </button>
                <button type="button" className="btn" data-testid="request-reject" disabled={!isPending} onClick={() => setForm('reject')}>
                  {t('sharing.reject')}
                </button>
              </>
            )}
            {canWrite && (
              <button
                type="button"
                className="btn"
                data-testid="request-withdraw"
                disabled={!isPending}
                onClick={() => {
                  if (!selected) return;
                  send('sharing.withdraw', { id: selected.id }).then(done, (err: unknown) => grid.current?.showError(err));
                }}
              >
                {t('sharing.withdraw')}
              </button>
            )}
          </>
        }
      />
      {selected && form === 'approve' && <ApproveForm request={selected} departments={lookups.departments} onCancel={() => setForm(null)} onDone={done} />}
      {selected && form === 'reject' && <RejectForm request={selected} onCancel={() => setForm(null)} onDone={done} />}
    </>
  );
}
