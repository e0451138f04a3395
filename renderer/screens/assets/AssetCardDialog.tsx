// The asset card: every field of the card grouped as on the paper 资产卡片, its full history
// (asset_events) and the lifecycle actions. Loaded with `assets.show`; reloaded after each action.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { AssetCard, AssetRow } from '../../../shared/api/assets';
import type { DepartmentRow, UnitRow } from '../../../shared/api/types';
import { formatMoney } from '../../../shared/money';
import { asLedgerError, send } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { formatDateTime } from '../../format';
import { errorText, useT } from '../../i18n';
import { ChangeCostForm, DisposeForm, MoveForm, TransferForm, type ActionKind } from './ActionForms';
import { describeEvent, type NameMaps } from './history';

export interface AssetCardDialogProps {
  code: string;
  canEdit: boolean;
  departments: DepartmentRow[];
  units: UnitRow[];
  onClose: () => void;
  /** A row changed through an action: put it in the register. */
  onRowChanged: (row: AssetRow) => void;
}

const money = (fen: number | null | undefined) => (typeof fen === 'number' && Number.isSafeInteger(fen) ? formatMoney(fen) : '');

function Item({ label, value, testId, wide }: { label: string; value: ReactNode; testId?: string; wide?: boolean }) {
  const empty = value === null || value === undefined || value === '';
  return (
    <div className={`card-item${wide ? ' card-item-wide' : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId} className={empty ? 'card-empty' : undefined}>
        {empty ? '—' : value}
      </dd>
    </div>
  );
}

function Group({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="card-group" data-testid={testId}>
      <h3>{title}</h3>
      <dl>{children}</dl>
    </section>
  );
}

export function AssetCardDialog({ code, canEdit, departments, units, onClose, onRowChanged }: AssetCardDialogProps) {
  const { t, lang } = useT();
  const [card, setCard] = useState<AssetCard | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [action, setAction] = useState<ActionKind | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const load = useCallback(async () => {
    try {
      setCard(await send('assets.show', { code }));
      setLoadError(null);
    } catch (err) {
      setLoadError(errorText(asLedgerError(err), lang));
    }
  }, [code, lang]);

  useEffect(() => {
    setCard(null);
    setAction(null);
    setNotice(null);
    void load();
  }, [load]);

  const names = useMemo<NameMaps>(() => {
    const depts = new Map(departments.map((d) => [d.id, d.name]));
    const unitNames = new Map<string, string>();
    for (const u of units) {
      unitNames.set(u.id, u.name);
      unitNames.set(u.code, u.name);
    }
    return { depts, units: unitNames };
  }, [departments, units]);

  const deptName = (code: string | null) => {
    if (!code || !card) return code;
    const d = departments.find((x) => x.unitCode === card.unitCode && x.code === code);
    return d ? `${d.name}（${code}）` : code;
  };

  const fieldName = useCallback((f: string) => t(`assets.fields.${f}`, { defaultValue: f }), [t]);

  const done = (row: AssetRow) => {
    const what = action ? t(`assets.${action}`) : '';
    setAction(null);
    setNotice(t('assets.done', { what, code: row.code }));
    onRowChanged(row);
    void load();
  };

  const active = card && card.status !== '已处置';
  const formProps = card ? { card, departments, units, onDone: done, onCancel: () => setAction(null) } : null;

  return (
    <Dialog title={t('assets.cardTitle', { code })} onClose={onClose} testId="asset-card" wide>
      {loadError && <div className="asset-action-error">{loadError}</div>}
      {!card && !loadError && <div className="muted">{t('common.loading')}</div>}
      {card && (
        <div className="asset-card">
          <div className="asset-card-head">
            <div>
              <div className="asset-card-name" data-testid="card-name">
                {card.name}
              </div>
              <div className="asset-card-sub">
                <span className="cell-code">{card.code}</span> · {card.className ?? card.classCode} · {card.unitName}
              </div>
            </div>
            <span className={`status-badge status-badge-${card.status}`} data-testid="card-status">
              {card.status}
            </span>
          </div>

          <div className="card-groups">
            <Group title={t('assets.groupBasic')} testId="card-basic">
              <Item label={t('assets.code')} value={card.code} testId="card-code" />
              <Item label={t('assets.oldCode')} value={card.oldCode} />
              <Item label={t('assets.name')} value={card.name} />
              <Item label={t('assets.classCode')} value={`${card.classCode}${card.classScheme === 'GB2010' ? '（2010）' : ''}`} />
              <Item label={t('assets.className')} value={card.className} />
              <Item label={t('assets.brand')} value={card.brand} />
              <Item label={t('assets.model')} value={card.model} />
              <Item label={t('assets.quantity')} value={`${card.quantity}${card.measureUnit ? ` ${card.measureUnit}` : ''}`} />
              <Item label={t('assets.acquisitionMethod')} value={card.acquisitionMethod} />
              <Item label={t('assets.acquiredOn')} value={card.acquiredOn} />
              <Item label={t('assets.inServiceOn')} value={card.inServiceOn} />
              <Item label={t('assets.bookedOn')} value={card.bookedOn} />
              <Item label={t('assets.voucherNo')} value={card.voucherNo} />
              <Item label={t('assets.manufacturer')} value={card.manufacturer} />
              <Item label={t('assets.supplier')} value={card.supplier} />
              <Item label={t('assets.warrantyUntil')} value={card.warrantyUntil} />
              <Item label={t('assets.remarks')} value={card.remarks} wide />
            </Group>
            <div className="card-column">
            <Group title={t('assets.groupValue')} testId="card-value">
              <Item label={t('assets.valueType')} value={card.valueType} />
              <Item label={t('assets.cost')} value={<span className="num">{money(card.costFen)}</span>} testId="card-cost" />
              <Item label={t('assets.accumulated')} value={<span className="num">{money(card.accumulatedFen)}</span>} testId="card-accumulated" />
              <Item label={t('assets.net')} value={<span className="num">{money(card.netFen)}</span>} testId="card-net" />
              <Item label={t('assets.depMethod')} value={t(`assets.depMethods.${card.depMethod}`, { defaultValue: card.depMethod })} />
              <Item label={t('assets.lifeMonths')} value={`${card.lifeMonths}（${(card.lifeMonths / 12).toFixed(card.lifeMonths % 12 ? 1 : 0)} 年）`} />
              <Item label={t('assets.monthsDepreciated')} value={card.monthsDepreciated} />
              <Item label={t('assets.nextPeriod')} value={card.status === '已处置' ? null : card.nextPeriod} />
              {card.totalUnits !== null && <Item label={t('assets.totalUnits')} value={card.totalUnits} />}
              {(card.openingPeriod || card.openingAccumulatedFen > 0) && (
                <>
                  <Item label={t('assets.openingAccumulated')} value={<span className="num">{money(card.openingAccumulatedFen)}</span>} />
                  <Item label={t('assets.openingPeriod')} value={card.openingPeriod} />
                </>
              )}
            </Group>
            <Group title={t('assets.groupFunds')} testId="card-funds">
              <Item label={t('assets.fundFiscal')} value={<span className="num">{money(card.fundFiscalFen)}</span>} />
              <Item label={t('assets.fundResearch')} value={<span className="num">{money(card.fundResearchFen)}</span>} />
              <Item label={t('assets.fundOwn')} value={<span className="num">{money(card.fundOwnFen)}</span>} />
              <Item label={t('assets.fundOther')} value={<span className="num">{money(card.fundOtherFen)}</span>} />
            </Group>
            </div>
            <Group title={t('assets.groupCustody')} testId="card-custody">
              <Item label={t('assets.unitName')} value={`${card.unitName}（${card.unitCode}）`} />
              <Item label={t('assets.managingDept')} value={deptName(card.managingDeptCode)} />
              <Item label={t('assets.usingDept')} value={card.usingDeptName} testId="card-using-dept" />
              <Item label={t('assets.userName')} value={card.userName} testId="card-user" />
              <Item label={t('assets.location')} value={card.location} testId="card-location" />
              <Item label={t('assets.status')} value={card.status} />
              {card.disposedOn && <Item label={t('assets.disposedOn')} value={card.disposedOn} />}
              {card.disposalType && <Item label={t('assets.disposalType')} value={card.disposalType} />}
              <Item label={t('assets.updated')} value={`${formatDateTime(card.updatedAt)} ${card.updatedBy}`} />
            </Group>
          </div>

          {canEdit && (
            <div className="asset-actions">
              {(['move', 'transfer', 'changeCost', 'dispose'] as const).map((k) => (
                <button
                  key={k}
                  type="button"
                  className={`btn${action === k ? ' btn-primary' : ''}`}
                  data-testid={`asset-action-${k}`}
                  disabled={!active}
                  title={active ? undefined : t('assets.disposedNote')}
                  onClick={() => {
                    setNotice(null);
                    setAction(action === k ? null : k);
                  }}
                >
                  {t(`assets.${k}`)}
                </button>
              ))}
              {notice && (
                <span className="asset-notice" data-testid="asset-notice">
                  {notice}
                </span>
              )}
            </div>
          )}
          {formProps && action === 'move' && <MoveForm {...formProps} />}
          {formProps && action === 'transfer' && <TransferForm {...formProps} />}
          {formProps && action === 'dispose' && <DisposeForm {...formProps} />}
          {formProps && action === 'changeCost' && <ChangeCostForm {...formProps} />}

          <section className="card-history">
            <h3>{t('assets.history')}</h3>
            <table className="history-table" data-testid="asset-history">
              <thead>
                <tr>
                  <th>{t('assets.evDate')}</th>
                  <th>{t('assets.evType')}</th>
                  <th>{t('assets.evDoc')}</th>
                  <th>{t('assets.evChange')}</th>
                  <th>{t('assets.evBy')}</th>
                  <th>{t('assets.evAt')}</th>
                </tr>
              </thead>
              <tbody>
                {card.events.length === 0 && (
                  <tr>
                    <td colSpan={6} className="muted">
                      {t('assets.noEvents')}
                    </td>
                  </tr>
                )}
                {[...card.events].reverse().map((e) => (
                  <tr key={e.id} data-testid="asset-event" data-type={e.type}>
                    <td className="nowrap">{e.effectiveOn}</td>
                    <td className="nowrap">
                      <span className={`event-type event-${e.type}`}>{t(`assets.events.${e.type}`, { defaultValue: e.type })}</span>
                    </td>
                    <td className="nowrap">{e.docNo ?? ''}</td>
                    <td>
                      {describeEvent(e, fieldName, names).map((line, i) => (
                        <div key={i}>{line}</div>
                      ))}
                    </td>
                    <td className="nowrap">{e.createdBy}</td>
                    <td className="nowrap muted">{formatDateTime(e.createdAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </div>
      )}
    </Dialog>
  );
}
