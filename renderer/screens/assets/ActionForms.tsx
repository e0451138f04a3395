// The card's lifecycle actions: 变动 (move), 调剂 (transfer), 处置 (dispose), 原值变动 (cost/life
// change). Each is a small form that calls the engine once and shows its (Chinese) errors.
import { useState, type FormEvent, type ReactNode } from 'react';
import { DISPOSAL_TYPES, type AssetCard, type AssetRow } from '../../../shared/api/assets';
import type { DepartmentRow, UnitRow } from '../../../shared/api/types';
import { parseMoney } from '../../../shared/money';
import { USAGE_STATUSES } from '../../../shared/parse/asset-values';
import { asLedgerError, send } from '../../api/client';
import { Field, SelectField } from '../../components/Field';
import { errorText, useT, vmsg } from '../../i18n';

export type ActionKind = 'move' | 'transfer' | 'dispose' | 'changeCost';

export function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

interface FormProps {
  card: AssetCard;
  departments: DepartmentRow[];
  units: UnitRow[];
  onDone: (row: AssetRow) => void;
  onCancel: () => void;
}

/** The engine's error, with its per-field details, as lines of text. */
export function useFormError() {
  const { lang } = useT();
  const [error, setError] = useState<string[] | null>(null);
  const fromErr = (err: unknown) => {
    const le = asLedgerError(err);
    const main = errorText(le, lang);
    const details = (le.details ?? []).map((d) => vmsg(d.message, lang)).filter((m) => m && m !== main);
    setError([main, ...details]);
  };
  return { error, setError, fromErr };
}

/** A small action form: title, fields, the engine's error lines, submit and cancel. `idPrefix` names the error and submit test ids. */
export function FormShell(props: { testId: string; title: string; busy: boolean; error: string[] | null; onSubmit: () => void; onCancel: () => void; children: ReactNode; submitLabel?: string; idPrefix?: string; className?: string }) {
  const { t } = useT();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.onSubmit();
  };
  return (
    <form className={`asset-action-form${props.className ? ` ${props.className}` : ''}`} data-testid={props.testId} onSubmit={submit}>
      <div className="asset-action-title">{props.title}</div>
      <div className="asset-action-fields">{props.children}</div>
      {props.error && (
        <div className="asset-action-error" role="alert" data-testid={`${props.idPrefix ?? 'asset-action'}-error`}>
          {props.error.map((line, i) => (
            <div key={i}>{line}</div>
          ))}
        </div>
      )}
      <div className="asset-action-buttons">
        <button type="submit" className="btn btn-primary" data-testid={`${props.idPrefix ?? 'asset-action'}-submit`} disabled={props.busy}>
          {props.busy ? t('common.working') : (props.submitLabel ?? t('assets.submit'))}
        </button>
        <button type="button" className="btn" onClick={props.onCancel} disabled={props.busy}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

const KEEP = '\u0000keep';
const CLEAR = '\u0000clear';

export function MoveForm({ card, departments, onDone, onCancel }: FormProps) {
  const { t } = useT();
  const { error, fromErr } = useFormError();
  const [busy, setBusy] = useState(false);
  const [date, setDate] = useState(today());
  const [dept, setDept] = useState(KEEP);
  const [userName, setUserName] = useState(card.userName ?? '');
  const [location, setLocation] = useState(card.location ?? '');
  const [status, setStatus] = useState<string>(card.status);
  const [docNo, setDocNo] = useState('');
  const depts = departments.filter((d) => d.unitCode === card.unitCode);

  const submit = async () => {
    const args: Record<string, unknown> = { code: card.code, date };
    if (dept === CLEAR) args.usingDeptCode = null;
    else if (dept !== KEEP) args.usingDeptCode = dept;
    if (userName.trim() !== (card.userName ?? '')) args.userName = userName.trim() || null;
    if (location.trim() !== (card.location ?? '')) args.location = location.trim() || null;
    if (status !== card.status) args.status = status;
    if (docNo.trim()) args.docNo = docNo.trim();
    setBusy(true);
    try {
      onDone(await send('assets.move', args as never));
    } catch (err) {
      fromErr(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormShell testId="asset-move-form" title={t('assets.move')} busy={busy} error={error} onSubmit={() => void submit()} onCancel={onCancel}>
      <Field label={t('assets.date')} type="date" required value={date} onChange={(e) => setDate(e.target.value)} testId="move-date" />
      <SelectField
        label={`${t('assets.usingDept')}（${card.usingDeptName ?? t('common.none')}）`}
        value={dept}
        onChange={setDept}
        testId="move-dept"
        options={[{ value: KEEP, label: t('assets.keep') }, ...depts.map((d) => ({ value: d.code, label: `${d.code} ${d.name}` })), { value: CLEAR, label: t('assets.clear') }]}
      />
      <Field label={t('assets.userName')} value={userName} onChange={(e) => setUserName(e.target.value)} testId="move-user" />
      <Field label={t('assets.location')} value={location} onChange={(e) => setLocation(e.target.value)} testId="move-location" />
      <SelectField
        label={t('assets.status')}
        value={status}
        onChange={setStatus}
        testId="move-status"
        options={USAGE_STATUSES.filter((s) => s !== '已处置').map((s) => ({ value: s, label: s }))}
      />
      <Field label={t('assets.docNo')} value={docNo} onChange={(e) => setDocNo(e.target.value)} testId="move-doc" />
    </FormShell>
  );
}

export function TransferForm({ card, departments, units, onDone, onCancel }: FormProps) {
  const { t } = useT();
  const { error, setError, fromErr } = useFormError();
  const [busy, setBusy] = useState(false);
  const others = units.filter((u) => u.code !== card.unitCode);
  const [toUnit, setToUnit] = useState('');
  const [date, setDate] = useState(today());
  const [dept, setDept] = useState('');
  const [userName, setUserName] = useState('');
  const [location, setLocation] = useState('');
  const [docNo, setDocNo] = useState('');
  const depts = departments.filter((d) => d.unitCode === toUnit);

  const submit = async () => {
    if (!toUnit) {
      setError([`${t('assets.toUnit')}：${vmsg('v.required')}`]);
      return;
    }
    const args: Record<string, unknown> = { code: card.code, toUnitCode: toUnit, date };
    if (dept) args.usingDeptCode = dept;
    if (userName.trim()) args.userName = userName.trim();
    if (location.trim()) args.location = location.trim();
    if (docNo.trim()) args.docNo = docNo.trim();
    setBusy(true);
    try {
      onDone(await send('assets.transfer', args as never));
    } catch (err) {
      fromErr(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormShell testId="asset-transfer-form" title={t('assets.transfer')} busy={busy} error={error} onSubmit={() => void submit()} onCancel={onCancel}>
      <SelectField
        label={t('assets.toUnit')}
        value={toUnit}
        onChange={(v) => {
          setToUnit(v);
          setDept('');
        }}
        testId="transfer-unit"
        options={[{ value: '', label: '—' }, ...others.map((u) => ({ value: u.code, label: `${u.code} ${u.name}` }))]}
      />
      <Field label={t('assets.date')} type="date" required value={date} onChange={(e) => setDate(e.target.value)} testId="transfer-date" />
      <Field label={t('assets.docNo')} value={docNo} onChange={(e) => setDocNo(e.target.value)} testId="transfer-doc" />
      <SelectField
        label={t('assets.usingDept')}
        value={dept}
        onChange={setDept}
        testId="transfer-dept"
        options={[{ value: '', label: t('common.none') }, ...depts.map((d) => ({ value: d.code, label: `${d.code} ${d.name}` }))]}
      />
      <Field label={t('assets.userName')} value={userName} onChange={(e) => setUserName(e.target.value)} testId="transfer-user" />
      <Field label={t('assets.location')} value={location} onChange={(e) => setLocation(e.target.value)} testId="transfer-location" />
    </FormShell>
  );
}

export function DisposeForm({ card, onDone, onCancel }: FormProps) {
  const { t } = useT();
  const { error, fromErr } = useFormError();
  const [busy, setBusy] = useState(false);
  const [type, setType] = useState<string>('报废');
  const [date, setDate] = useState(today());
  const [docNo, setDocNo] = useState('');

  const submit = async () => {
    setBusy(true);
    try {
      onDone(await send('assets.dispose', { code: card.code, type: type as (typeof DISPOSAL_TYPES)[number], date, docNo }));
    } catch (err) {
      fromErr(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormShell testId="asset-dispose-form" title={t('assets.dispose')} busy={busy} error={error} onSubmit={() => void submit()} onCancel={onCancel}>
      <SelectField label={t('assets.disposeType')} value={type} onChange={setType} testId="dispose-type" options={DISPOSAL_TYPES.map((d) => ({ value: d, label: d }))} />
      <Field label={t('assets.date')} type="date" required value={date} onChange={(e) => setDate(e.target.value)} testId="dispose-date" />
      <Field label={t('assets.approvalNo')} value={docNo} onChange={(e) => setDocNo(e.target.value)} testId="dispose-doc" />
    </FormShell>
  );
}

export function ChangeCostForm({ card, onDone, onCancel }: FormProps) {
  const { t } = useT();
  const { error, setError, fromErr } = useFormError();
  const [busy, setBusy] = useState(false);
  const [mode, setMode] = useState<'new' | 'delta'>('delta');
  const [amount, setAmount] = useState('');
  const [life, setLife] = useState('');
  const [reason, setReason] = useState('');
  const [date, setDate] = useState(today());
  const [docNo, setDocNo] = useState('');

  const submit = async () => {
    const args: Record<string, unknown> = { code: card.code, date, reason };
    const problems: string[] = [];
    if (amount.trim()) {
      const m = parseMoney(amount);
      if (!m.ok) problems.push(`${mode === 'new' ? t('assets.newCost') : t('assets.delta')}：${m.message}`);
      else if (mode === 'new') args.newCostFen = m.fen;
      else args.deltaFen = m.fen;
    }
    if (life.trim()) {
      const n = Number(life.trim());
      if (!Number.isInteger(n) || n < 1 || n > 1200) problems.push(`${t('assets.newLife')}：${t('assets.badLife')}`);
      else args.lifeMonths = n;
    }
    if (problems.length) {
      setError(problems);
      return;
    }
    if (docNo.trim()) args.docNo = docNo.trim();
    setBusy(true);
    try {
      onDone(await send('assets.changeCost', args as never));
    } catch (err) {
      fromErr(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormShell testId="asset-cost-form" title={t('assets.changeCost')} busy={busy} error={error} onSubmit={() => void submit()} onCancel={onCancel}>
      <SelectField
        label={t('assets.costMode')}
        value={mode}
        onChange={(v) => setMode(v as 'new' | 'delta')}
        testId="cost-mode"
        options={[
          { value: 'delta', label: t('assets.modeDelta') },
          { value: 'new', label: t('assets.modeNew') },
        ]}
      />
      <Field label={mode === 'new' ? t('assets.newCost') : t('assets.delta')} value={amount} onChange={(e) => setAmount(e.target.value)} testId="cost-amount" inputMode="decimal" />
      <Field label={`${t('assets.newLife')}（${card.lifeMonths}）`} value={life} onChange={(e) => setLife(e.target.value)} testId="cost-life" inputMode="numeric" />
      <Field label={t('assets.reason')} value={reason} onChange={(e) => setReason(e.target.value)} testId="cost-reason" />
      <Field label={t('assets.date')} type="date" required value={date} onChange={(e) => setDate(e.target.value)} testId="cost-date" />
      <Field label={t('assets.docNo')} value={docNo} onChange={(e) => setDocNo(e.target.value)} testId="cost-doc" />
    </FormShell>
  );
}
