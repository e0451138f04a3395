// 对账 › 账账核对: the card ledger as of a month end against the general-ledger balances imported
// from the accounting software (1601 固定资产, 1602 累计折旧, 1701 无形资产, 1702 累计摊销), per unit
// and account; each difference with the cards that explain it (booked without a voucher number,
// disposed this month, depreciation not run or not closed, pending losses, transfers …), and a
// drill-down to the card. Balances come in through the usual import preview (gl.import).
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { GlBalanceRow, GlReconciliation, GlReconRow } from '../../../shared/api/counts';
import type { UnitRow, DepartmentRow } from '../../../shared/api/types';
import { formatMoney } from '../../../shared/money';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { formatDateTime } from '../../format';
import { ImportButton } from '../../grid/ImportButton';
import { errorText, useT } from '../../i18n';
import { AssetCardDialog } from '../assets/AssetCardDialog';
import { previousPeriod, localDate } from '../print/layout';
import { ScreenHeader } from '../ScreenHeader';
import '../counts/counts.css';

const key = (r: Pick<GlReconRow, 'unitCode' | 'account'>) => `${r.unitCode}|${r.account}`;
const money = (fen: number | null) => (fen === null ? '—' : formatMoney(fen));

export function GlReconcileScreen() {
  const { t, lang } = useT();
  const session = useSession();
  const canImport = session.can('gl.import');
  const [units, setUnits] = useState<UnitRow[]>([]);
  const [departments, setDepartments] = useState<DepartmentRow[]>([]);
  const [period, setPeriod] = useState(previousPeriod(localDate()));
  const [unit, setUnit] = useState('');
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [data, setData] = useState<GlReconciliation | null>(null);
  const [balances, setBalances] = useState<GlBalanceRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [card, setCard] = useState<string | null>(null);
  const [note, setNote] = useState<string | null>(null);

  useEffect(() => {
    send('units.list', {}).then(setUnits, () => undefined);
    send('departments.list', {}).then(setDepartments, () => undefined);
  }, []);

  const run = useCallback(async () => {
    if (!/^\d{4}-\d{2}$/.test(period)) return;
    setBusy(true);
    try {
      const args = unit ? { period, unitCode: unit } : { period };
      const [r, b] = await Promise.all([send('reconcile.gl', args), send('gl.balances', args)]);
      setData(r);
      setBalances(b);
      setError(null);
    } catch (err) {
      setData(null);
      setError(errorText(asLedgerError(err), lang));
    } finally {
      setBusy(false);
    }
  }, [period, unit, lang]);
  useEffect(() => {
    void run();
  }, [run]);

  const rows = useMemo(() => (data ? data.rows.filter((r) => !onlyDiff || r.differenceFen === null || r.differenceFen !== 0) : []), [data, onlyDiff]);
  const opened = rows.find((r) => key(r) === open) ?? null;
  const imported = new Set(balances.map((b) => b.sourceFile));

  return (
    <div className="screen gl-screen" data-testid="gl-screen">
      <ScreenHeader title={t('counts.gl.title')} crumbs={`${t('nav.reconcile')} › ${t('counts.gl.title')}`} />
      <div className="grid-panel gl-panel">
        <div className="grid-toolbar">
          <label className="toolbar-field">
            {t('counts.gl.period')}
            <input type="month" data-testid="gl-period" value={period} onChange={(e) => setPeriod(e.target.value)} />
          </label>
          {units.length > 1 && (
            <label className="toolbar-field">
              {t('counts.unit')}
              <select data-testid="gl-unit" value={unit} onChange={(e) => setUnit(e.target.value)}>
                <option value="">{t('reports.allUnits')}</option>
                {units.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.name}（{u.code}）
                  </option>
                ))}
              </select>
            </label>
          )}
          <label className="checkbox">
            <input type="checkbox" data-testid="gl-only-diff" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} />
            {t('counts.gl.onlyDifferences')}
          </label>
          <button type="button" className="btn" data-testid="gl-run" disabled={busy} onClick={() => void run()}>
            {busy ? t('common.working') : t('counts.gl.run')}
          </button>
          <span className="toolbar-spacer" />
          {canImport && (
            <ImportButton
              testIdPrefix="gl-import"
              label={t('counts.gl.import')}
              what={t('counts.gl.balances')}
              headers={{ row: t('import.colRow'), unitCode: t('counts.unit'), account: t('counts.gl.account'), balanceFen: t('counts.gl.ledger') }}
              run={(args) => send('gl.import', { period, ...(unit ? { unitCode: unit } : {}), ...args })}
              onImported={(r) => {
                setNote(t('counts.gl.importedN', { n: r.imported, period }));
                void run();
              }}
            />
          )}
        </div>
        <div className="gl-status">
          {data && (
            <>
              <span>
                {t('counts.gl.asOf')} <b>{data.asOf}</b>
              </span>
              <span className={data.differing ? 'tally-failed' : 'tally-expected'} data-testid="gl-differing">
                {data.differing ? t('counts.gl.differing', { n: data.differing }) : t('counts.gl.allAgree')}
              </span>
              <span className={data.depreciation.closed ? 'muted' : 'tally-duplicate'}>{data.depreciation.closed ? t('counts.gl.depClosed') : data.depreciation.run ? t('counts.gl.depNotClosed') : t('counts.gl.depNotRun')}</span>
              {imported.size > 0 && <span className="muted">{t('counts.gl.sources', { files: [...imported].join('、') })}</span>}
            </>
          )}
          {note && <span className="form-success" data-testid="gl-note">{note}</span>}
          {error && <span className="tally-failed">{error}</span>}
        </div>
        <div className="gl-body">
          <table className="data-table gl-table" data-testid="gl-table">
            <thead>
              <tr>
                <th>{t('counts.unit')}</th>
                <th>{t('counts.gl.account')}</th>
                <th className="num">{t('counts.gl.card')}</th>
                <th className="num">{t('counts.gl.ledger')}</th>
                <th className="num">{t('counts.gl.difference')}</th>
                <th className="num">{t('counts.gl.explained')}</th>
                <th className="num">{t('counts.gl.unexplained')}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const differs = r.differenceFen !== null && r.differenceFen !== 0;
                return (
                  <tr
                    key={key(r)}
                    className={`gl-row${differs ? ' gl-differs' : ''}${r.ledgerFen === null ? ' gl-missing' : ''}${open === key(r) ? ' active' : ''}`}
                    data-testid="gl-row"
                    data-unit={r.unitCode}
                    data-account={r.account}
                    onClick={() => setOpen(open === key(r) ? null : key(r))}
                  >
                    <td>
                      {r.unitName}（{r.unitCode}）
                    </td>
                    <td>
                      {r.account} {r.accountName}
                    </td>
                    <td className="num" data-testid="gl-card">{money(r.cardFen)}</td>
                    <td className="num" data-testid="gl-ledger">{r.ledgerFen === null ? <span className="muted">{t('counts.gl.notImported')}</span> : money(r.ledgerFen)}</td>
                    <td className="num" data-testid="gl-diff">{money(r.differenceFen)}</td>
                    {/* Explained / unexplained only where the figures differ (the cards listed on an agreeing row are what the ledger has already booked). */}
                    <td className="num">{differs && r.explanations.length ? money(r.explainedFen) : ''}</td>
                    <td className={`num${differs && r.unexplainedFen ? ' tally-failed' : ''}`} data-testid="gl-unexplained">{differs && r.unexplainedFen !== null ? money(r.unexplainedFen) : ''}</td>
                    <td>{r.explanations.length ? <span className="link-button">{t('counts.gl.cards', { n: r.explanations.length })}</span> : ''}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {data && rows.length === 0 && <div className="muted count-pick-empty">{t('counts.nothingHere')}</div>}
          {opened && (
            <div className="gl-explain" data-testid="gl-explain">
              <h3>
                {opened.unitName} · {opened.account} {opened.accountName}：{t('counts.gl.explainTitle', { diff: money(opened.differenceFen) })}
              </h3>
              {opened.explanations.length === 0 ? (
                <div className="muted">{opened.differenceFen ? t('counts.gl.noExplanation') : t('counts.gl.agrees')}</div>
              ) : (
                <table className="data-table">
                  <thead>
                    <tr>
                      <th>{t('counts.gl.reason')}</th>
                      <th>{t('counts.code')}</th>
                      <th>{t('counts.assetName')}</th>
                      <th>{t('counts.date')}</th>
                      <th className="num">{t('counts.gl.effect')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {opened.explanations.map((x, i) => (
                      <tr key={i} data-testid="gl-explanation" data-kind={x.kind}>
                        <td>{x.label}</td>
                        <td className="cell-code">
                          {x.code ? (
                            <button type="button" className="link-button" data-testid="gl-open-card" onClick={() => setCard(x.code)}>
                              {x.code}
                            </button>
                          ) : (
                            ''
                          )}
                        </td>
                        <td>{x.name ?? ''}</td>
                        <td>{x.date ?? ''}</td>
                        <td className="num">{formatMoney(x.amountFen)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          )}
          {balances.length > 0 && (
            <details className="gl-balances">
              <summary>{t('counts.gl.importedBalances', { n: balances.length })}</summary>
              <table className="data-table">
                <thead>
                  <tr>
                    <th>{t('counts.unit')}</th>
                    <th>{t('counts.gl.account')}</th>
                    <th className="num">{t('counts.gl.ledger')}</th>
                    <th>{t('counts.gl.file')}</th>
                    <th>{t('counts.gl.importedAt')}</th>
                  </tr>
                </thead>
                <tbody>
                  {balances.map((b) => (
                    <tr key={`${b.unitCode}|${b.account}`}>
                      <td>{b.unitName}</td>
                      <td>
                        {b.account} {b.accountName}
                      </td>
                      <td className="num">{formatMoney(b.balanceFen)}</td>
                      <td>{b.sourceFile}</td>
                      <td>{formatDateTime(b.importedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </div>
      </div>
      {card && <AssetCardDialog code={card} canEdit={false} departments={departments} units={units} onClose={() => setCard(null)} onRowChanged={() => undefined} />}
    </div>
  );
}
