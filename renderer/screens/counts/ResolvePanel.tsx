// 处理: resolving a count (DOMAIN §3.5). Shortages (盘亏) go to pending loss (Dr 1902 / Cr 1601,
// Dr 1602) and are written off (报损) only with the approval's document number; surpluses (盘盈)
// become new cards valued from documents, else appraisal, else replacement cost, else nominal ¥1
// (Dr 1601 / Cr 1902), then approved; location / user / status differences update the cards in one
// confirmed batch. Every step is one audited engine call; the log below lists them with entries.
import { useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { CountDetail, CountResultRow, FoundItem, ResolutionRow } from '../../../shared/api/counts';
import { SURPLUS_BASIS_ZH, surplusValue } from '../../../shared/domain/count';
import { formatMoney, parseMoney } from '../../../shared/money';
import { asLedgerError, send } from '../../api/client';
import { useSession } from '../../app/session';
import { Field, SelectField } from '../../components/Field';
import { errorText, useT } from '../../i18n';
import { today } from '../assets/ActionForms';
import { FormShell, useFormError } from '../sharing/forms';
import type { Lookups } from './CountsScreen';
import { ClassBadge, differenceText } from './ResultsPanel';

type Section = 'shortage' | 'surplus' | 'differences' | 'log';
const SHOWN = 1000;

export function ResolvePanel({ count, lookups, onChanged }: { count: CountDetail; lookups: Lookups; onChanged: () => Promise<void> }) {
  const { t } = useT();
  const session = useSession();
  const canResolve = session.can('counts.resolve');
  const [section, setSection] = useState<Section>('shortage');
  return (
    <div className="count-resolve" data-testid="count-resolve">
      <div className="count-subtabs">
        {(['shortage', 'surplus', 'differences', 'log'] as const).map((s) => (
          <button key={s} type="button" className={`btn btn-small${section === s ? ' btn-primary' : ''}`} data-testid={`resolve-${s}`} onClick={() => setSection(s)}>
            {t(`counts.resolveTabs.${s}`)}
          </button>
        ))}
        {!canResolve && <span className="muted">{t('counts.noResolvePermission')}</span>}
      </div>
      {section === 'shortage' && <Shortages count={count} canResolve={canResolve} onChanged={onChanged} />}
      {section === 'surplus' && <Surpluses count={count} lookups={lookups} canResolve={canResolve} onChanged={onChanged} />}
      {section === 'differences' && <Differences count={count} canResolve={canResolve} onChanged={onChanged} />}
      {section === 'log' && <ResolutionLog count={count} />}
    </div>
  );
}

/** A list with checkboxes (select all / none) and a sum, for choosing what a step applies to. */
function Pick<R>({ rows, keyOf, selected, setSelected, head, cells, testId }: { rows: R[]; keyOf: (r: R) => string; selected: Set<string>; setSelected: (s: Set<string>) => void; head: ReactNode; cells: (r: R) => ReactNode; testId: string }) {
  const { t } = useT();
  const allOn = rows.length > 0 && rows.every((r) => selected.has(keyOf(r)));
  return (
    <div className="count-pick-wrap">
      <table className="data-table count-pick" data-testid={testId}>
        <thead>
          <tr>
            <th>
              <input type="checkbox" aria-label={t('counts.selectAll')} checked={allOn} onChange={(e) => setSelected(new Set(e.target.checked ? rows.map(keyOf) : []))} />
            </th>
            {head}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((r) => {
            const k = keyOf(r);
            return (
              <tr key={k} data-key={k}>
                <td>
                  <input
                    type="checkbox"
                    checked={selected.has(k)}
                    onChange={(e) => {
                      const n = new Set(selected);
                      if (e.target.checked) n.add(k);
                      else n.delete(k);
                      setSelected(n);
                    }}
                  />
                </td>
                {cells(r)}
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length === 0 && <div className="muted count-pick-empty">{t('counts.nothingHere')}</div>}
      {rows.length > SHOWN && <div className="muted">{t('counts.moreRows', { n: rows.length - SHOWN })}</div>}
    </div>
  );
}

function useResults(count: CountDetail, cls: 'shortage' | undefined, filter: (r: CountResultRow) => boolean) {
  const [rows, setRows] = useState<CountResultRow[]>([]);
  const [error, setError] = useState<string | null>(null);
  const { lang } = useT();
  const reload = useCallback(async () => {
    try {
      const r = await send('counts.results', cls ? { id: count.id, cls } : { id: count.id });
      setRows(r.filter(filter));
      setError(null);
    } catch (err) {
      setError(errorText(asLedgerError(err), lang));
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [count.id, cls, lang]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { rows, error, reload };
}

function Outcome({ text, error }: { text: string | null; error: string[] | null }) {
  if (error) return <div className="asset-action-error" role="alert" data-testid="resolve-error">{error.map((l, i) => <div key={i}>{l}</div>)}</div>;
  return text ? <div className="form-success" data-testid="resolve-done">{text}</div> : null;
}

// ---- 盘亏 ------------------------------------------------------------------------------------

function Shortages({ count, canResolve, onChanged }: { count: CountDetail; canResolve: boolean; onChanged: () => Promise<void> }) {
  const { t } = useT();
  const { rows, error: loadError, reload } = useResults(count, 'shortage', () => true);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [date, setDate] = useState(today());
  const [docNo, setDocNo] = useState('');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { error, setError, fromErr } = useFormError();
  const open = rows.filter((r) => r.resolution === null);
  const pending = rows.filter((r) => r.resolution === 'pending');
  const chosen = (list: CountResultRow[]) => list.filter((r) => selected.has(r.code));
  const sum = (list: CountResultRow[]) => list.reduce((s, r) => s + r.netFen, 0);

  const run = async (fn: () => Promise<{ resolutions: ResolutionRow[] }>, label: string) => {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const r = await fn();
      setDone(t('counts.resolvedN', { what: label, n: r.resolutions.length, amount: formatMoney(r.resolutions.reduce((s, x) => s + x.amountFen, 0)) }));
      setSelected(new Set());
      await reload();
      void onChanged();
    } catch (err) {
      fromErr(err);
    } finally {
      setBusy(false);
    }
  };

  const toPending = chosen(open);
  const toWriteOff = chosen(pending);
  return (
    <div className="count-resolve-section" data-testid="resolve-shortages">
      <p className="muted">{t('counts.shortageHelp')}</p>
      {loadError && <div className="grid-load-error">{loadError}</div>}
      <Pick
        rows={rows}
        keyOf={(r) => r.code}
        selected={selected}
        setSelected={setSelected}
        testId="shortage-list"
        head={
          <>
            <th>{t('counts.code')}</th>
            <th>{t('counts.assetName')}</th>
            <th>{t('counts.dept')}</th>
            <th>{t('counts.bookLocation')}</th>
            <th className="num">{t('counts.cost')}</th>
            <th className="num">{t('counts.net')}</th>
            <th>{t('counts.state')}</th>
          </>
        }
        cells={(r) => (
          <>
            <td className="cell-code">{r.code}</td>
            <td>{r.name}</td>
            <td>{r.deptName ?? ''}</td>
            <td>{r.bookLocation ?? ''}</td>
            <td className="num">{formatMoney(r.costFen)}</td>
            <td className="num">{formatMoney(r.netFen)}</td>
            <td data-testid="shortage-state">{t(`counts.resolutions.${r.resolution ?? 'open'}`)}{r.result === null ? ` · ${t('counts.notCounted')}` : ''}</td>
          </>
        )}
      />
      {canResolve && (
        <div className="count-resolve-actions">
          <Field label={t('counts.date')} type="date" value={date} onChange={(e) => setDate(e.target.value)} testId="resolve-date" />
          <Field label={t('counts.noteOptional')} value={note} onChange={(e) => setNote(e.target.value)} testId="resolve-note" />
          <button
            type="button"
            className="btn btn-primary"
            data-testid="shortage-pending"
            disabled={busy || (toPending.length === 0 && open.length === 0)}
            onClick={() => {
              const list = toPending.length ? toPending : open;
              if (!window.confirm(t('counts.confirmPending', { n: list.length, amount: formatMoney(sum(list)) }))) return;
              void run(() => send('counts.shortagePending', { id: count.id, codes: list.map((r) => r.code), date, note: note || null }), t('counts.toPending'));
            }}
          >
            {t('counts.toPendingBtn', { n: (toPending.length || open.length).toLocaleString('zh-CN') })}
          </button>
          <Field label={t('counts.approvalDocNo')} value={docNo} onChange={(e) => setDocNo(e.target.value)} testId="writeoff-doc" placeholder="X财资〔2026〕12号" />
          <button
            type="button"
            className="btn"
            data-testid="shortage-writeoff"
            disabled={busy || toWriteOff.length === 0}
            title={toWriteOff.length === 0 ? t('counts.writeOffHint') : undefined}
            onClick={() => {
              if (!docNo.trim()) {
                setError([t('counts.docNoRequired')]);
                return;
              }
              if (!window.confirm(t('counts.confirmWriteOff', { n: toWriteOff.length, amount: formatMoney(sum(toWriteOff)), doc: docNo }))) return;
              void run(() => send('counts.writeOff', { id: count.id, codes: toWriteOff.map((r) => r.code), date, docNo }), t('counts.writeOff'));
            }}
          >
            {t('counts.writeOffBtn', { n: toWriteOff.length })}
          </button>
        </div>
      )}
      <Outcome text={done} error={error} />
    </div>
  );
}

// ---- 盘盈 ------------------------------------------------------------------------------------

function Surpluses({ count, lookups, canResolve, onChanged }: { count: CountDetail; lookups: Lookups; canResolve: boolean; onChanged: () => Promise<void> }) {
  const { t } = useT();
  const [items, setItems] = useState<FoundItem[]>([]);
  const [booking, setBooking] = useState<FoundItem | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [docNo, setDocNo] = useState('');
  const [date, setDate] = useState(today());
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { error, setError, fromErr } = useFormError();
  const reload = useCallback(async () => {
    setItems((await send('counts.found', { id: count.id, status: 'all' })).filter((f) => f.status !== 'dropped'));
  }, [count.id]);
  useEffect(() => {
    reload().catch(() => undefined);
  }, [reload]);
  const unapproved = items.filter((f) => f.status === 'booked' && !f.approved);
  const toApprove = unapproved.filter((f) => selected.has(f.id));

  return (
    <div className="count-resolve-section" data-testid="resolve-surpluses">
      <p className="muted">{t('counts.surplusHelp')}</p>
      <Pick
        rows={items}
        keyOf={(f) => f.id}
        selected={selected}
        setSelected={setSelected}
        testId="surplus-list"
        head={
          <>
            <th>{t('counts.foundCode')}</th>
            <th>{t('counts.assetName')}</th>
            <th>{t('counts.model')}</th>
            <th>{t('counts.actualLocation')}</th>
            <th>{t('counts.description')}</th>
            <th>{t('counts.state')}</th>
            <th>{t('counts.newCard')}</th>
            <th className="num">{t('counts.value')}</th>
            <th />
          </>
        }
        cells={(f) => (
          <>
            <td className="cell-code">{f.code ?? ''}</td>
            <td>{f.name ?? <span className="muted">{t('counts.unidentified')}</span>}</td>
            <td>{f.model ?? ''}</td>
            <td>{f.location ?? ''}</td>
            <td className="count-desc">{f.description ?? ''}</td>
            <td>{f.status === 'open' ? t('counts.resolutions.open') : f.approved ? t('counts.approved') : t('counts.bookedPending')}</td>
            <td className="cell-code">{f.assetCode ?? ''}</td>
            <td className="num">{f.valueFen === null ? '' : formatMoney(f.valueFen)}</td>
            <td>
              {canResolve && f.status === 'open' && (
                <button type="button" className="btn btn-small" data-testid="surplus-book" onClick={() => setBooking(f)}>
                  {t('counts.bookCard')}
                </button>
              )}
            </td>
          </>
        )}
      />
      {booking && (
        <SurplusForm
          count={count}
          item={booking}
          lookups={lookups}
          onCancel={() => setBooking(null)}
          onDone={(r) => {
            setBooking(null);
            setDone(t('counts.surplusBooked', { code: r.resolutions[0]?.assetCode ?? '', amount: formatMoney(r.resolutions[0]?.amountFen ?? 0) }));
            void reload();
            void onChanged();
          }}
        />
      )}
      {canResolve && (
        <div className="count-resolve-actions">
          <Field label={t('counts.date')} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          <Field label={t('counts.approvalDocNo')} value={docNo} onChange={(e) => setDocNo(e.target.value)} testId="surplus-approve-doc" />
          <button
            type="button"
            className="btn"
            data-testid="surplus-approve"
            disabled={busy || toApprove.length === 0}
            title={toApprove.length === 0 ? t('counts.approveHint') : undefined}
            onClick={async () => {
              if (!docNo.trim()) {
                setError([t('counts.docNoRequired')]);
                return;
              }
              setBusy(true);
              setError(null);
              try {
                const r = await send('counts.approveSurplus', { id: count.id, foundIds: toApprove.map((f) => f.id), date, docNo });
                setDone(t('counts.resolvedN', { what: t('counts.approveSurplus'), n: r.resolutions.length, amount: formatMoney(r.resolutions.reduce((s, x) => s + x.amountFen, 0)) }));
                setSelected(new Set());
                await reload();
              } catch (err) {
                fromErr(err);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('counts.approveBtn', { n: toApprove.length })}
          </button>
        </div>
      )}
      <Outcome text={done} error={error} />
    </div>
  );
}

/** Yuan typed by a person → fen; '' → undefined; bad → null. */
function fenOf(text: string): number | undefined | null {
  if (!text.trim()) return undefined;
  const m = parseMoney(text);
  return m.ok && m.fen >= 0 ? m.fen : null;
}

function SurplusForm({ count, item, lookups, onDone, onCancel }: { count: CountDetail; item: FoundItem; lookups: Lookups; onDone: (r: { resolutions: ResolutionRow[] }) => void; onCancel: () => void }) {
  const { t } = useT();
  const { error, setError, fromErr } = useFormError();
  const [busy, setBusy] = useState(false);
  const [code, setCode] = useState(item.code ?? '');
  const [name, setName] = useState(item.name ?? '');
  const [classCode, setClassCode] = useState('');
  const [model, setModel] = useState(item.model ?? '');
  const [dept, setDept] = useState('');
  const [location, setLocation] = useState(item.location ?? '');
  const [userName, setUserName] = useState(item.userName ?? '');
  const [life, setLife] = useState('');
  const [doc, setDoc] = useState('');
  const [appraisal, setAppraisal] = useState('');
  const [replacement, setReplacement] = useState('');
  const [voucher, setVoucher] = useState('');
  const [date, setDate] = useState(today());
  const amounts = { documentFen: fenOf(doc), appraisalFen: fenOf(appraisal), replacementFen: fenOf(replacement) };
  const bad = Object.values(amounts).some((v) => v === null);
  const basis = useMemo(() => (bad ? null : surplusValue({ documentFen: amounts.documentFen ?? null, appraisalFen: amounts.appraisalFen ?? null, replacementFen: amounts.replacementFen ?? null })), [bad, amounts.documentFen, amounts.appraisalFen, amounts.replacementFen]);

  const submit = async () => {
    if (bad) {
      setError([t('counts.badAmount')]);
      return;
    }
    setBusy(true);
    try {
      const r = await send('counts.bookSurplus', {
        id: count.id,
        date,
        items: [
          {
            foundId: item.id,
            code,
            name: name || undefined,
            classCode,
            model: model || null,
            usingDeptCode: dept || null,
            location: location || null,
            userName: userName || null,
            ...(life ? { lifeMonths: Number(life) } : {}),
            ...(amounts.documentFen !== undefined ? { documentFen: amounts.documentFen! } : {}),
            ...(amounts.appraisalFen !== undefined ? { appraisalFen: amounts.appraisalFen! } : {}),
            ...(amounts.replacementFen !== undefined ? { replacementFen: amounts.replacementFen! } : {}),
            voucherNo: voucher || null,
          },
        ],
      });
      onDone(r);
    } catch (err) {
      fromErr(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormShell testId="surplus-form" title={t('counts.bookCardTitle', { what: item.name ?? item.code ?? '' })} busy={busy} error={error} onSubmit={() => void submit()} onCancel={onCancel}>
      <Field label={t('counts.newCardCode')} value={code} onChange={(e) => setCode(e.target.value)} testId="surplus-code" required />
      <Field label={t('counts.assetName')} value={name} onChange={(e) => setName(e.target.value)} testId="surplus-name" required />
      <Field label={t('counts.classCode')} value={classCode} onChange={(e) => setClassCode(e.target.value)} testId="surplus-class" placeholder="A02010105" required />
      <Field label={t('counts.model')} value={model} onChange={(e) => setModel(e.target.value)} />
      <SelectField label={t('counts.dept')} value={dept} onChange={setDept} options={[{ value: '', label: t('common.none') }, ...lookups.departments.filter((d) => d.unitCode === count.unitCode).map((d) => ({ value: d.code, label: `${d.code} ${d.name}` }))]} />
      <Field label={t('counts.actualLocation')} value={location} onChange={(e) => setLocation(e.target.value)} />
      <Field label={t('counts.actualUser')} value={userName} onChange={(e) => setUserName(e.target.value)} />
      <Field label={t('counts.lifeMonths')} value={life} onChange={(e) => setLife(e.target.value.replace(/\D/g, ''))} hint={t('counts.lifeHint')} />
      <Field label={t('counts.documentValue')} value={doc} onChange={(e) => setDoc(e.target.value)} testId="surplus-doc" />
      <Field label={t('counts.appraisalValue')} value={appraisal} onChange={(e) => setAppraisal(e.target.value)} testId="surplus-appraisal" />
      <Field label={t('counts.replacementValue')} value={replacement} onChange={(e) => setReplacement(e.target.value)} testId="surplus-replacement" />
      <Field label={t('counts.voucherNo')} value={voucher} onChange={(e) => setVoucher(e.target.value)} />
      <Field label={t('counts.date')} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
      <div className="field count-basis" data-testid="surplus-basis">
        <label>{t('counts.valuation')}</label>
        <div>{basis ? `${SURPLUS_BASIS_ZH[basis.basis]}（${basis.valueType}）¥${formatMoney(basis.valueFen)}` : '—'}</div>
        <div className="field-hint">{t('counts.valuationHint')}</div>
      </div>
    </FormShell>
  );
}

// ---- 位置 / 使用人 / 状态 差异 ----------------------------------------------------------------

function Differences({ count, canResolve, onChanged }: { count: CountDetail; canResolve: boolean; onChanged: () => Promise<void> }) {
  const { t } = useT();
  const { rows, error: loadError, reload } = useResults(count, undefined, (r) => r.differences.length > 0 && r.result === 'found');
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [date, setDate] = useState(today());
  const [docNo, setDocNo] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const { error, fromErr } = useFormError();
  const open = rows.filter((r) => r.resolution !== 'adjusted');
  const chosen = open.filter((r) => selected.has(r.code));
  const list = chosen.length ? chosen : open;

  return (
    <div className="count-resolve-section" data-testid="resolve-differences">
      <p className="muted">{t('counts.differencesHelp')}</p>
      {loadError && <div className="grid-load-error">{loadError}</div>}
      <Pick
        rows={rows}
        keyOf={(r) => r.code}
        selected={selected}
        setSelected={setSelected}
        testId="differences-list"
        head={
          <>
            <th>{t('counts.class')}</th>
            <th>{t('counts.code')}</th>
            <th>{t('counts.assetName')}</th>
            <th>{t('counts.differences')}</th>
            <th>{t('counts.state')}</th>
          </>
        }
        cells={(r) => (
          <>
            <td>
              <ClassBadge cls={r.cls} />
            </td>
            <td className="cell-code">{r.code}</td>
            <td>{r.name}</td>
            <td>{differenceText(r.differences, t)}</td>
            <td>{r.resolution === 'adjusted' ? t('counts.resolutions.adjusted') : t('counts.resolutions.open')}</td>
          </>
        )}
      />
      {canResolve && (
        <div className="count-resolve-actions">
          <Field label={t('counts.date')} type="date" value={date} onChange={(e) => setDate(e.target.value)} />
          <Field label={t('counts.docNoOptional')} value={docNo} onChange={(e) => setDocNo(e.target.value)} />
          <button
            type="button"
            className="btn btn-primary"
            data-testid="differences-apply"
            disabled={busy || list.length === 0}
            onClick={async () => {
              if (!window.confirm(t('counts.confirmApply', { n: list.length }))) return;
              setBusy(true);
              setDone(null);
              try {
                const r = await send('counts.applyDifferences', { id: count.id, codes: list.map((x) => x.code), date, docNo: docNo || null });
                setDone(t('counts.appliedN', { n: r.resolutions.length }));
                setSelected(new Set());
                await reload();
                void onChanged();
              } catch (err) {
                fromErr(err);
              } finally {
                setBusy(false);
              }
            }}
          >
            {t('counts.applyBtn', { n: list.length })}
          </button>
        </div>
      )}
      <Outcome text={done} error={error} />
    </div>
  );
}

// ---- 处理记录 --------------------------------------------------------------------------------

function ResolutionLog({ count }: { count: CountDetail }) {
  const { t, lang } = useT();
  const [rows, setRows] = useState<ResolutionRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    send('counts.resolutions', { id: count.id }).then(setRows, (err: unknown) => setError(errorText(asLedgerError(err), lang)));
  }, [count.id, lang]);
  if (error) return <div className="grid-load-error">{error}</div>;
  if (!rows) return <div className="muted">{t('common.loading')}</div>;
  return (
    <div className="count-pick-wrap">
      <table className="data-table" data-testid="resolution-log">
        <thead>
          <tr>
            <th>{t('counts.date')}</th>
            <th>{t('counts.resolutionKind')}</th>
            <th>{t('counts.code')}</th>
            <th>{t('counts.assetName')}</th>
            <th className="num">{t('counts.amount')}</th>
            <th>{t('counts.entries')}</th>
            <th>{t('counts.docNo')}</th>
            <th>{t('counts.by')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id} data-kind={r.kind}>
              <td>{r.effectiveOn}</td>
              <td>{t(`counts.kinds.${r.kind}`)}</td>
              <td className="cell-code">{r.assetCode ?? ''}</td>
              <td>{r.assetName ?? ''}</td>
              <td className="num">{formatMoney(r.amountFen)}</td>
              <td className="count-entries">
                {r.entries.map((e, i) => (
                  <div key={i}>
                    {e.debitFen ? `借 ${e.account} ${e.name} ${formatMoney(e.debitFen)}` : `　贷 ${e.account} ${e.name} ${formatMoney(e.creditFen)}`}
                  </div>
                ))}
              </td>
              <td>{r.docNo ?? ''}</td>
              <td>{r.createdBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length === 0 && <div className="muted count-pick-empty">{t('counts.nothingHere')}</div>}
    </div>
  );
}
