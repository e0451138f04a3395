// 编制周转池: the community-level staffing pool — deposited, lent to units, available — the lending
// per unit and every movement (deposit, allocate, recall) with its document and reason.
import { useCallback, useEffect, useState } from 'react';
import type { PoolState } from '../../../shared/api/posts';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { formatDateTime } from '../../format';
import { errorText, useT } from '../../i18n';
import { today, useUnits, PostUnitSelect } from './common';

type Kind = 'deposit' | 'allocate' | 'recall';

export function PoolTab() {
  const { t, lang } = useT();
  const session = useSession();
  const canManage = session.can('posts.manage');
  const units = useUnits();
  const [pool, setPool] = useState<PoolState | null>(null);
  const [kind, setKind] = useState<Kind>('allocate');
  const [unitCode, setUnitCode] = useState('');
  const [amount, setAmount] = useState('1');
  const [date, setDate] = useState(today());
  const [docNo, setDocNo] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const reload = useCallback(() => {
    send('posts.pool.get', {}).then(setPool, (e: unknown) => setMsg({ kind: 'error', text: errorText(asLedgerError(e), lang) }));
  }, [lang]);
  useEffect(reload, [reload]);

  const move = async () => {
    setBusy(true);
    setMsg(null);
    try {
      const n = Number(amount);
      const res = await send('posts.pool.move', { kind, ...(kind === 'deposit' ? {} : { unitCode }), amount: n, date, docNo: docNo || null, reason: reason || null });
      setPool(res);
      setMsg({ kind: 'ok', text: t(`posts.pool.done.${kind}`, { n, unit: units.find((u) => u.code === unitCode)?.name ?? '' }) });
      setDocNo('');
      setReason('');
    } catch (err) {
      setMsg({ kind: 'error', text: errorText(asLedgerError(err), lang) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="posts-scroll" data-testid="pool">
      <div className="posts-cards">
        <div className="posts-card">
          <div className="posts-card-label">{t('posts.pool.size')}</div>
          <div className="posts-card-value" data-testid="pool-size">
            {pool?.size ?? '—'}
          </div>
        </div>
        <div className="posts-card">
          <div className="posts-card-label">{t('posts.pool.allocated')}</div>
          <div className="posts-card-value" data-testid="pool-allocated">
            {pool?.allocated ?? '—'}
          </div>
        </div>
        <div className="posts-card posts-card-accent">
          <div className="posts-card-label">{t('posts.pool.available')}</div>
          <div className="posts-card-value" data-testid="pool-available">
            {pool?.available ?? '—'}
          </div>
        </div>
      </div>
      <div className="posts-two">
        <section className="posts-panel">
          <h3 className="posts-h3">{t('posts.pool.byUnit')}</h3>
          <table className="data-table" data-testid="pool-by-unit">
            <thead>
              <tr>
                <th>{t('posts.unit')}</th>
                <th className="num">{t('posts.pool.lent')}</th>
              </tr>
            </thead>
            <tbody>
              {(pool?.byUnit ?? []).length === 0 && (
                <tr>
                  <td colSpan={2} className="muted">
                    {t('posts.pool.none')}
                  </td>
                </tr>
              )}
              {pool?.byUnit.map((u) => (
                <tr key={u.unitCode}>
                  <td>
                    {u.unitCode} {u.unitName}
                  </td>
                  <td className="num">{u.allocated}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        {canManage && (
          <section className="posts-panel" data-testid="pool-form">
            <h3 className="posts-h3">{t('posts.pool.move')}</h3>
            <div className="posts-form-grid">
              <div className="field">
                <label htmlFor="pool-kind">{t('posts.pool.kind')}</label>
                <select id="pool-kind" data-testid="pool-kind" value={kind} onChange={(e) => setKind(e.target.value as Kind)}>
                  {(['deposit', 'allocate', 'recall'] as const).map((k) => (
                    <option key={k} value={k}>
                      {t(`posts.pool.kinds.${k}`)}
                    </option>
                  ))}
                </select>
              </div>
              {kind !== 'deposit' && (
                <div className="field">
                  <label htmlFor="pool-unit">{t('posts.unit')}</label>
                  <PostUnitSelect id="pool-unit" units={units} value={unitCode} onChange={setUnitCode} />
                </div>
              )}
              <div className="field">
                <label htmlFor="pool-amount">{t('posts.pool.amount')}</label>
                <input id="pool-amount" data-testid="pool-amount" inputMode="numeric" value={amount} onChange={(e) => setAmount(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="pool-date">{t('posts.pool.date')}</label>
                <input id="pool-date" type="date" data-testid="pool-date" value={date} onChange={(e) => setDate(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="pool-doc">{t('posts.pool.docNo')}</label>
                <input id="pool-doc" data-testid="pool-doc" value={docNo} onChange={(e) => setDocNo(e.target.value)} />
              </div>
              <div className="field">
                <label htmlFor="pool-reason">{t('posts.pool.reason')}</label>
                <input id="pool-reason" data-testid="pool-reason" value={reason} onChange={(e) => setReason(e.target.value)} />
              </div>
            </div>
            {msg && (
              <div className={msg.kind === 'ok' ? 'form-success' : 'form-error'} data-testid="pool-message">
                {msg.text}
              </div>
            )}
            <div className="form-actions">
              <div className="toolbar-spacer" />
              <button type="button" className="btn btn-primary" data-testid="pool-submit" disabled={busy || !/^\d+$/.test(amount) || (kind !== 'deposit' && !unitCode)} onClick={() => void move()}>
                {t(`posts.pool.kinds.${kind}`)}
              </button>
            </div>
          </section>
        )}
      </div>
      <section className="posts-panel">
        <h3 className="posts-h3">{t('posts.pool.history')}</h3>
        <table className="data-table" data-testid="pool-history">
          <thead>
            <tr>
              <th>{t('posts.pool.date')}</th>
              <th>{t('posts.pool.kind')}</th>
              <th>{t('posts.unit')}</th>
              <th className="num">{t('posts.pool.amount')}</th>
              <th>{t('posts.pool.docNo')}</th>
              <th>{t('posts.pool.reason')}</th>
              <th>{t('posts.overrides.by')}</th>
              <th>{t('posts.overrides.at')}</th>
            </tr>
          </thead>
          <tbody>
            {pool?.history
              .slice()
              .reverse()
              .map((m) => (
                <tr key={m.id} data-kind={m.kind}>
                  <td>{m.effectiveOn}</td>
                  <td>{t(`posts.pool.kinds.${m.kind}`)}</td>
                  <td>{m.unitName ?? ''}</td>
                  <td className="num">{m.kind === 'recall' ? `−${m.amount}` : m.amount}</td>
                  <td>{m.docNo ?? ''}</td>
                  <td>{m.reason ?? ''}</td>
                  <td>{m.createdBy}</td>
                  <td>{formatDateTime(m.createdAt)}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
