// 共享共用: the shares the user may see (their units lend or borrow), with usage entry, return and
// the usage records of one share; and the usage summary between two dates.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ShareDetail, ShareRow, UsageGroupBy, UsageSummary } from '../../../shared/api/sharing';
import { formatMoney } from '../../../shared/money';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { Dialog } from '../../components/Dialog';
import { Field, SelectField } from '../../components/Field';
import { codeColumn, dateColumn, intColumn, moneyColumn, textColumn, type GridColumn } from '../../grid/columns';
import { LedgerGrid, type LedgerGridHandle } from '../../grid/LedgerGrid';
import { errorText, useT } from '../../i18n';
import { today } from '../assets/ActionForms';
import { useLoader } from '../useLoader';
import { EndShareForm, StartShareForm, UsageForm } from './forms';
import type { Lookups } from './SharingScreen';

const SHARE_STATUSES = ['active', 'ended', 'all'] as const;

export function SharesTab({ lookups }: { lookups: Lookups }) {
  const { t } = useT();
  const session = useSession();
  const canWrite = session.can('assets.write');
  const grid = useRef<LedgerGridHandle<ShareRow>>(null);
  const [status, setStatus] = useState<(typeof SHARE_STATUSES)[number]>('active');
  const [selected, setSelected] = useState<ShareRow | null>(null);
  const [form, setForm] = useState<'new' | 'usage' | 'end' | null>(null);
  const [viewing, setViewing] = useState<ShareRow | null>(null);
  const load = useCallback(() => send('sharing.list', { status }), [status]);
  const { rows, error, reload } = useLoader(load);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);

  const columns = useMemo<GridColumn<ShareRow>[]>(
    () => [
      codeColumn<ShareRow>('no', t('sharing.no'), { width: 120, colDef: { pinned: 'left' } }),
      codeColumn<ShareRow>('assetCode', t('sharing.assetCode'), { width: 120 }),
      textColumn<ShareRow>('assetName', t('sharing.assetName'), { width: 160 }),
      textColumn<ShareRow>('lenderUnitName', t('sharing.lender'), { width: 130 }),
      textColumn<ShareRow>('borrowerUnitName', t('sharing.borrower'), { width: 130 }),
      textColumn<ShareRow>('borrowerDeptName', t('sharing.borrowerDept'), { width: 90, minWidth: 80 }),
      dateColumn<ShareRow>('startsOn', t('sharing.from'), { width: 100 }),
      dateColumn<ShareRow>('until', t('sharing.until'), { width: 100 }),
      dateColumn<ShareRow>('endedOn', t('sharing.endedOn'), { width: 100 }),
      textColumn<ShareRow>('status', t('sharing.status'), { width: 80, minWidth: 70, format: (v) => t(`sharing.shareStatus.${String(v)}`) }),
      intColumn<ShareRow>('usageRecords', t('sharing.records'), { width: 80 }),
      textColumn<ShareRow>('usageAmount', t('sharing.amount'), { width: 100, minWidth: 90, align: 'right', pinyin: false, format: (v, r) => `${Number(v ?? 0).toLocaleString('zh-CN')} ${r?.usageUnit ?? ''}` }),
      moneyColumn<ShareRow>('feeRateFen', t('sharing.rateShort'), { width: 100, format: (v, r) => (v ? `${formatMoney(Number(v))}/${r?.usageUnit ?? ''}` : t('sharing.free')) }),
      moneyColumn<ShareRow>('feeFen', t('sharing.fee'), { width: 110, colDef: { cellClass: ['cell-number', 'ag-right-aligned-cell', 'cell-scrollbar-gap'], headerClass: ['ag-right-aligned-header', 'cell-scrollbar-gap'] } }),
    ],
    [t],
  );

  const active = selected?.status === 'active';
  const refresh = (msg?: string) => {
    setForm(null);
    if (msg) grid.current?.notify(msg, 'success');
    reload()
      .then(() => {
        // keep the selected share's figures current (usage totals)
        const id = selected?.id;
        if (id) send('sharing.show', { share: id }).then((s) => setSelected(s), () => undefined);
      })
      .catch(() => undefined);
  };

  return (
    <>
      <LedgerGrid<ShareRow>
        ref={grid}
        testId="grid-shares"
        columns={columns}
        rows={rows}
        loadError={error}
        canEdit={false}
        undoable={false}
        reload={reload}
        selectable
        onSelect={(r) => {
          setSelected(r);
          if (form !== 'new') setForm(null);
        }}
        onRowOpen={(r) => setViewing(r)}
        toolbar={
          <label className="toolbar-field">
            {t('sharing.statusFilter')}
            <select data-testid="shares-status" value={status} onChange={(e) => setStatus(e.target.value as (typeof SHARE_STATUSES)[number])}>
              {SHARE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`sharing.shareStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
        }
        actions={
          <>
            <button type="button" className="btn" data-testid="share-view-usage" disabled={!selected} onClick={() => selected && setViewing(selected)}>
              {t('sharing.viewUsage')}
            </button>
            {canWrite && (
              <>
                <button type="button" className="btn btn-primary" data-testid="share-record-usage" disabled={!active} title={selected && !active ? t('sharing.notActive') : ''} onClick={() => setForm('usage')}>
                  {t('sharing.recordUsage')}
                </button>
                <button type="button" className="btn" data-testid="share-end" disabled={!active} onClick={() => setForm('end')}>
                  {t('sharing.end')}
                </button>
                <button type="button" className="btn" data-testid="share-new" onClick={() => setForm('new')}>
                  {t('sharing.newShare')}
                </button>
              </>
            )}
          </>
        }
      />
      {form === 'new' && <StartShareForm units={lookups.units} departments={lookups.departments} onCancel={() => setForm(null)} onDone={(s) => refresh(`${s.no}：${s.assetCode} → ${s.borrowerUnitName}`)} />}
      {selected && form === 'usage' && <UsageForm share={selected} onCancel={() => setForm(null)} onDone={() => refresh(`${selected.no}：${t('sharing.recordUsage')} ✓`)} />}
      {selected && form === 'end' && <EndShareForm share={selected} onCancel={() => setForm(null)} onDone={(s) => refresh(`${s.no}：${t('sharing.shareStatus.ended')} ${s.endedOn ?? ''}`)} />}
      {viewing && <UsageDialog share={viewing} canWrite={canWrite} onClose={() => setViewing(null)} onChanged={() => refresh()} />}
    </>
  );
}

function UsageDialog({ share, canWrite, onClose, onChanged }: { share: ShareRow; canWrite: boolean; onClose: () => void; onChanged: () => void }) {
  const { t, lang } = useT();
  const [detail, setDetail] = useState<ShareDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [voiding, setVoiding] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const load = useCallback(() => {
    send('sharing.show', { share: share.id }).then(setDetail, (err: unknown) => setError(errorText(asLedgerError(err), lang)));
  }, [share.id, lang]);
  useEffect(load, [load]);

  const doVoid = async (id: string) => {
    try {
      await send('sharing.voidUsage', { id, reason });
      setVoiding(null);
      setReason('');
      load();
      onChanged();
    } catch (err) {
      setError(errorText(asLedgerError(err), lang));
    }
  };

  return (
    <Dialog title={t('sharing.usageDialog', { no: share.no, asset: `${share.assetCode} ${share.assetName}` })} onClose={onClose} testId="sharing-usage-dialog" wide>
      <div className="sharing-usage-head">
        <span>
          {share.lenderUnitName} → {share.borrowerUnitName}
          {share.borrowerDeptName ? ` ${share.borrowerDeptName}` : ''}
        </span>
        <span>
          {share.startsOn} ~ {share.endedOn ?? share.until ?? ''}
        </span>
        <span>
          {t('sharing.rateShort')}：{share.feeRateFen ? `${formatMoney(share.feeRateFen)}/${share.usageUnit}` : t('sharing.free')}
        </span>
        {detail && (
          <span>
            {t('sharing.totals')}：{detail.usageAmount} {detail.usageUnit}，{t('sharing.fee')} {formatMoney(detail.feeFen)}
          </span>
        )}
      </div>
      {error && (
        <div className="asset-action-error" role="alert">
          {error}
        </div>
      )}
      {detail && detail.usage.length === 0 && <div className="muted">{t('sharing.noUsage')}</div>}
      {detail && detail.usage.length > 0 && (
        <div className="sharing-table-wrap">
          <table className="data-table" data-testid="sharing-usage-table">
            <thead>
              <tr>
                <th>{t('sharing.usageDate')}</th>
                <th className="num">{`${t('sharing.amount')}（${share.usageUnit}）`}</th>
                <th className="num">{t('sharing.patients')}</th>
                <th className="num">{t('sharing.fee')}</th>
                <th>{t('sharing.usageNote')}</th>
                <th>{t('sharing.recordedBy')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {detail.usage.map((u) => (
                <tr key={u.id} className={u.voidedAt ? 'sharing-voided' : undefined}>
                  <td>{u.usedOn}</td>
                  <td className="num">{u.amount}</td>
                  <td className="num">{u.patients ?? ''}</td>
                  <td className="num">{formatMoney(u.feeFen)}</td>
                  <td>{u.voidedAt ? `${t('sharing.voided')}：${u.voidReason ?? ''}` : (u.note ?? '')}</td>
                  <td>{u.recordedBy}</td>
                  <td>
                    {canWrite && !u.voidedAt && voiding !== u.id && (
                      <button type="button" className="btn btn-small" onClick={() => setVoiding(u.id)}>
                        {t('sharing.voidUsage')}
                      </button>
                    )}
                    {voiding === u.id && (
                      <span className="sharing-void">
                        <input aria-label={t('sharing.voidReason')} placeholder={t('sharing.voidReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
                        <button type="button" className="btn btn-small btn-danger" onClick={() => void doVoid(u.id)}>
                          {t('common.ok')}
                        </button>
                        <button type="button" className="btn btn-small" onClick={() => setVoiding(null)}>
                          {t('common.cancel')}
                        </button>
                      </span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Dialog>
  );
}

function monthStart(d: string): string {
  return `${d.slice(0, 7)}-01`;
}

export function SummaryTab() {
  const { t, lang } = useT();
  const [from, setFrom] = useState(monthStart(today()));
  const [to, setTo] = useState(today());
  const [groupBy, setGroupBy] = useState<UsageGroupBy>('borrower');
  const [data, setData] = useState<UsageSummary | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(() => {
    setError(null);
    send('sharing.usageSummary', { from, to, groupBy }).then(setData, (err: unknown) => setError(errorText(asLedgerError(err), lang)));
  }, [from, to, groupBy, lang]);
  useEffect(run, [run]);

  return (
    <div className="sharing-summary" data-testid="sharing-summary">
      <div className="sharing-summary-controls">
        <Field label={t('sharing.summaryFrom')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} testId="summary-from" />
        <Field label={t('sharing.summaryTo')} type="date" value={to} onChange={(e) => setTo(e.target.value)} testId="summary-to" />
        <SelectField label={t('sharing.groupBy')} value={groupBy} onChange={(v) => setGroupBy(v as UsageGroupBy)} testId="summary-group" options={(['share', 'asset', 'lender', 'borrower'] as const).map((g) => ({ value: g, label: t(`sharing.groups.${g}`) }))} />
      </div>
      {error && (
        <div className="asset-action-error" role="alert">
          {error}
        </div>
      )}
      {data && (
        <div className="sharing-table-wrap">
          <table className="data-table" data-testid="summary-table">
            <thead>
              <tr>
                <th>{t('sharing.key')}</th>
                <th>{t('sharing.label')}</th>
                <th>{t('sharing.usageUnit')}</th>
                <th className="num">{t('sharing.shares')}</th>
                <th className="num">{t('sharing.records')}</th>
                <th className="num">{t('sharing.amount')}</th>
                <th className="num">{t('sharing.patients')}</th>
                <th className="num">{t('sharing.fee')}</th>
              </tr>
            </thead>
            <tbody>
              {data.rows.map((r) => (
                <tr key={`${r.key}-${r.usageUnit}`}>
                  <td className="cell-code">{r.key}</td>
                  <td>{r.label}</td>
                  <td>{r.usageUnit}</td>
                  <td className="num">{r.shares}</td>
                  <td className="num">{r.records}</td>
                  <td className="num">{r.amount.toLocaleString('zh-CN')}</td>
                  <td className="num">{r.patients.toLocaleString('zh-CN')}</td>
                  <td className="num">{formatMoney(r.feeFen)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th colSpan={4}>{t('sharing.totals')}</th>
                <th className="num">{data.totals.records}</th>
                <th />
                <th className="num">{data.totals.patients.toLocaleString('zh-CN')}</th>
                <th className="num">{formatMoney(data.totals.feeFen)}</th>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </div>
  );
}
