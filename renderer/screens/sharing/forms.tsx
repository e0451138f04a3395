// The sharing screen's small forms: request an idle asset, lend (start a share), record usage, end a
// share, approve or reject a request. Each calls the engine once and shows its (Chinese) errors,
// field by field.
import { useState, type ReactNode } from 'react';
import type { AssetRequestRow, IdleAsset, ShareRow } from '../../../shared/api/sharing';
import type { DepartmentRow, UnitRow } from '../../../shared/api/types';
import { USAGE_UNITS, usageHundredths } from '../../../shared/domain/sharing';
import { parseMoney } from '../../../shared/money';
import { send } from '../../api/client';
import { Field, SelectField } from '../../components/Field';
import { useT, vmsg } from '../../i18n';
import { FormShell as AssetFormShell, today, useFormError } from '../assets/ActionForms';

export { useFormError } from '../assets/ActionForms';

/** The asset action form, with the sharing screens' test ids and OK as its default button. */
export function FormShell(props: { testId: string; title: string; busy: boolean; error: string[] | null; onSubmit: () => void; onCancel: () => void; children: ReactNode; submitLabel?: string }) {
  const { t } = useT();
  return <AssetFormShell {...props} className="sharing-form" idPrefix="sharing-form" submitLabel={props.submitLabel ?? t('common.ok')} />;
}

/** Run one engine call for a form: busy flag, errors into the form, result to `onDone`. */
function useSubmit<R>(onDone: (r: R) => void) {
  const { error, setError, fromErr } = useFormError();
  const [busy, setBusy] = useState(false);
  const run = async (call: () => Promise<R>) => {
    setBusy(true);
    setError(null);
    try {
      onDone(await call());
    } catch (err) {
      fromErr(err);
    } finally {
      setBusy(false);
    }
  };
  return { error, setError, busy, run };
}

const deptOptions = (departments: DepartmentRow[], unit: string, none: string) => [{ value: '', label: none }, ...departments.filter((d) => d.unitCode === unit).map((d) => ({ value: d.code, label: `${d.code} ${d.name}` }))];

/** Fee rate typed in yuan → fen; '' = free. */
function rateFen(text: string): number | undefined | null {
  if (!text.trim()) return 0;
  const m = parseMoney(text);
  return m.ok && m.fen >= 0 ? m.fen : null;
}

/** `scopedTo`: a unit operator's unit — they ask for it or a unit under it; null = any unit (community-wide roles). */
export function RequestForm(props: { asset: IdleAsset; units: UnitRow[]; departments: DepartmentRow[]; scopedTo: string | null; onDone: (r: AssetRequestRow) => void; onCancel: () => void }) {
  const { t } = useT();
  const { asset, units, departments } = props;
  const { scopedTo } = props;
  const choices = units.filter((u) => u.code !== asset.unitCode && (!scopedTo || u.code === scopedTo || u.parentCode === scopedTo));
  const [unit, setUnit] = useState(scopedTo && choices.some((u) => u.code === scopedTo) ? scopedTo : (choices[0]?.code ?? ''));
  const [kind, setKind] = useState<'transfer' | 'share'>('transfer');
  const [dept, setDept] = useState('');
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const { error, busy, run } = useSubmit(props.onDone);
  const submit = () =>
    run(() =>
      send('sharing.request', {
        code: asset.code,
        unitCode: unit,
        kind,
        usingDeptCode: dept || null,
        wantedFrom: from || null,
        wantedUntil: until || null,
        reason,
      }),
    );
  return (
    <FormShell testId="sharing-request-form" title={t('sharing.requestTitle', { code: asset.code, name: asset.name, unit: asset.unitName })} busy={busy} error={error} onSubmit={() => void submit()} onCancel={props.onCancel}>
      <SelectField
        label={t('sharing.requestingUnit')}
        value={unit}
        onChange={(v) => {
          setUnit(v);
          setDept('');
        }}
        testId="request-unit"
        options={choices.map((u) => ({ value: u.code, label: `${u.code} ${u.name}` }))}
      />
      <SelectField label={t('sharing.kind')} value={kind} onChange={(v) => setKind(v as 'transfer' | 'share')} testId="request-kind" options={(['transfer', 'share'] as const).map((k) => ({ value: k, label: t(`sharing.kinds.${k}`) }))} />
      <SelectField label={t('sharing.dept')} value={dept} onChange={setDept} testId="request-dept" options={deptOptions(departments, unit, t('common.none'))} />
      <Field label={t('sharing.wantedFrom')} type="date" value={from} onChange={(e) => setFrom(e.target.value)} testId="request-from" />
      <Field label={t('sharing.wantedUntil')} type="date" value={until} onChange={(e) => setUntil(e.target.value)} testId="request-until" />
      <Field label={t('sharing.reason')} required value={reason} onChange={(e) => setReason(e.target.value)} testId="request-reason" />
    </FormShell>
  );
}

/** Lend a card: from the pool (asset given) or from the shares tab (asset number typed). */
export function StartShareForm(props: { asset?: { code: string; name: string; unitCode: string }; units: UnitRow[]; departments: DepartmentRow[]; onDone: (r: ShareRow) => void; onCancel: () => void }) {
  const { t } = useT();
  const [code, setCode] = useState(props.asset?.code ?? '');
  const [toUnit, setToUnit] = useState('');
  const [dept, setDept] = useState('');
  const [from, setFrom] = useState(today());
  const [until, setUntil] = useState('');
  const [docNo, setDocNo] = useState('');
  const [usageUnit, setUsageUnit] = useState<string>('次');
  const [rate, setRate] = useState('');
  const [notes, setNotes] = useState('');
  const { error, setError, busy, run } = useSubmit(props.onDone);
  const others = props.units.filter((u) => u.code !== props.asset?.unitCode);
  const submit = () => {
    const fee = rateFen(rate);
    if (fee === null || fee === undefined) {
      setError([`${t('sharing.rateShort')}：${t('sharing.badRate')}`]);
      return;
    }
    if (!toUnit) {
      setError([`${t('sharing.toUnit')}：${vmsg('v.required')}`]);
      return;
    }
    void run(() =>
      send('sharing.start', {
        code,
        toUnitCode: toUnit,
        usingDeptCode: dept || null,
        from,
        until: until || null,
        docNo: docNo || null,
        usageUnit: usageUnit as (typeof USAGE_UNITS)[number],
        feeRateFen: fee,
        notes: notes || null,
      }),
    );
  };
  return (
    <FormShell testId="sharing-start-form" title={props.asset ? `${t('sharing.startTitle')}：${props.asset.code} ${props.asset.name}` : t('sharing.startTitle')} busy={busy} error={error} onSubmit={submit} onCancel={props.onCancel}>
      {!props.asset && <Field label={t('sharing.assetCode')} hint={t('sharing.assetCodeHint')} required value={code} onChange={(e) => setCode(e.target.value)} testId="start-code" />}
      <SelectField
        label={t('sharing.toUnit')}
        value={toUnit}
        onChange={(v) => {
          setToUnit(v);
          setDept('');
        }}
        testId="start-unit"
        options={[{ value: '', label: '—' }, ...others.map((u) => ({ value: u.code, label: `${u.code} ${u.name}` }))]}
      />
      <SelectField label={t('sharing.borrowerDept')} value={dept} onChange={setDept} testId="start-dept" options={deptOptions(props.departments, toUnit, t('common.none'))} />
      <Field label={t('sharing.from')} type="date" required value={from} onChange={(e) => setFrom(e.target.value)} testId="start-from" />
      <Field label={t('sharing.until')} type="date" value={until} onChange={(e) => setUntil(e.target.value)} testId="start-until" />
      <Field label={t('sharing.docNo')} value={docNo} onChange={(e) => setDocNo(e.target.value)} testId="start-doc" />
      <SelectField label={t('sharing.usageUnit')} value={usageUnit} onChange={setUsageUnit} testId="start-usage-unit" options={USAGE_UNITS.map((u) => ({ value: u, label: u }))} />
      <Field label={t('sharing.rate')} value={rate} onChange={(e) => setRate(e.target.value)} testId="start-rate" inputMode="decimal" placeholder="0.00" />
      <Field label={t('sharing.notes')} value={notes} onChange={(e) => setNotes(e.target.value)} testId="start-notes" />
    </FormShell>
  );
}

export function UsageForm(props: { share: ShareRow; onDone: () => void; onCancel: () => void }) {
  const { t } = useT();
  const { share } = props;
  const [date, setDate] = useState(today());
  const [amount, setAmount] = useState('');
  const [patients, setPatients] = useState('');
  const [note, setNote] = useState('');
  const { error, setError, busy, run } = useSubmit(() => {
    setAmount('');
    setPatients('');
    setNote('');
    props.onDone();
  });
  const submit = () => {
    const n = Number(amount.trim().replace(/[,，]/g, ''));
    const problems: string[] = [];
    if (!amount.trim() || usageHundredths(n) === undefined) problems.push(`${t('sharing.amount')}：${t('sharing.badAmount')}`);
    const p = patients.trim() ? Number(patients.trim()) : null;
    if (p !== null && (!Number.isInteger(p) || p < 0)) problems.push(`${t('sharing.patients')}：${t('sharing.badPatients')}`);
    if (problems.length) {
      setError(problems);
      return;
    }
    void run(() => send('sharing.recordUsage', { share: share.id, date, amount: n, patients: p, note: note || null }));
  };
  return (
    <FormShell testId="sharing-usage-form" title={t('sharing.usageTitle', { no: share.no, asset: `${share.assetCode} ${share.assetName}` })} busy={busy} error={error} onSubmit={submit} onCancel={props.onCancel}>
      <Field label={t('sharing.usageDate')} type="date" required value={date} onChange={(e) => setDate(e.target.value)} testId="usage-date" />
      <Field label={`${t('sharing.amount')}（${share.usageUnit}）`} required value={amount} onChange={(e) => setAmount(e.target.value)} testId="usage-amount" inputMode="decimal" />
      <Field label={t('sharing.patientsOptional')} value={patients} onChange={(e) => setPatients(e.target.value)} testId="usage-patients" inputMode="numeric" />
      <Field label={t('sharing.usageNote')} value={note} onChange={(e) => setNote(e.target.value)} testId="usage-note" />
    </FormShell>
  );
}

export function EndShareForm(props: { share: ShareRow; onDone: (r: ShareRow) => void; onCancel: () => void }) {
  const { t } = useT();
  const [date, setDate] = useState(today());
  const [note, setNote] = useState('');
  const { error, busy, run } = useSubmit(props.onDone);
  return (
    <FormShell
      testId="sharing-end-form"
      title={t('sharing.endTitle', { no: props.share.no })}
      busy={busy}
      error={error}
      onSubmit={() => void run(() => send('sharing.end', { share: props.share.id, date, note: note || null, version: props.share.version }))}
      onCancel={props.onCancel}
    >
      <Field label={t('sharing.endDate')} type="date" required value={date} onChange={(e) => setDate(e.target.value)} testId="end-date" />
      <Field label={t('sharing.endNote')} value={note} onChange={(e) => setNote(e.target.value)} testId="end-note" />
    </FormShell>
  );
}

export function ApproveForm(props: { request: AssetRequestRow; departments: DepartmentRow[]; onDone: (r: AssetRequestRow) => void; onCancel: () => void }) {
  const { t } = useT();
  const r = props.request;
  const [as, setAs] = useState<'transfer' | 'share'>(r.kind);
  const [date, setDate] = useState(r.kind === 'share' && r.wantedFrom && r.wantedFrom > today() ? r.wantedFrom : today());
  const [docNo, setDocNo] = useState('');
  const [dept, setDept] = useState(r.deptCode ?? '');
  const [until, setUntil] = useState(r.wantedUntil ?? '');
  const [usageUnit, setUsageUnit] = useState<string>('次');
  const [rate, setRate] = useState('');
  const [note, setNote] = useState('');
  const { error, setError, busy, run } = useSubmit(props.onDone);
  const submit = () => {
    const fee = rateFen(rate);
    if (as === 'share' && (fee === null || fee === undefined)) {
      setError([`${t('sharing.rateShort')}：${t('sharing.badRate')}`]);
      return;
    }
    void run(() =>
      send('sharing.approve', {
        id: r.id,
        version: r.version,
        as,
        date,
        docNo: docNo || null,
        usingDeptCode: dept || null,
        note: note || null,
        ...(as === 'share' ? { until: until || null, usageUnit: usageUnit as (typeof USAGE_UNITS)[number], feeRateFen: fee ?? 0 } : {}),
      }),
    );
  };
  return (
    <FormShell testId="sharing-approve-form" title={t('sharing.approveTitle', { code: `${r.assetCode} ${r.assetName}`, unit: r.unitName })} busy={busy} error={error} onSubmit={submit} onCancel={props.onCancel} submitLabel={t('sharing.approve')}>
      <SelectField
        label={t('sharing.approveAs')}
        value={as}
        onChange={(v) => setAs(v as 'transfer' | 'share')}
        testId="approve-as"
        options={[
          { value: 'transfer', label: t('sharing.approveAsTransfer') },
          { value: 'share', label: t('sharing.approveAsShare') },
        ]}
      />
      <Field label={as === 'share' ? t('sharing.from') : t('assets.date')} type="date" required value={date} onChange={(e) => setDate(e.target.value)} testId="approve-date" />
      <Field label={t('sharing.docNo')} value={docNo} onChange={(e) => setDocNo(e.target.value)} testId="approve-doc" />
      <SelectField label={t('sharing.dept')} value={dept} onChange={setDept} testId="approve-dept" options={deptOptions(props.departments, r.unitCode, t('common.none'))} />
      {as === 'share' && (
        <>
          <Field label={t('sharing.until')} type="date" value={until} onChange={(e) => setUntil(e.target.value)} testId="approve-until" />
          <SelectField label={t('sharing.usageUnit')} value={usageUnit} onChange={setUsageUnit} testId="approve-usage-unit" options={USAGE_UNITS.map((u) => ({ value: u, label: u }))} />
          <Field label={t('sharing.rate')} value={rate} onChange={(e) => setRate(e.target.value)} testId="approve-rate" inputMode="decimal" placeholder="0.00" />
        </>
      )}
      <Field label={t('sharing.note')} value={note} onChange={(e) => setNote(e.target.value)} testId="approve-note" />
    </FormShell>
  );
}

export function RejectForm(props: { request: AssetRequestRow; onDone: (r: AssetRequestRow) => void; onCancel: () => void }) {
  const { t } = useT();
  const r = props.request;
  const [note, setNote] = useState('');
  const { error, busy, run } = useSubmit(props.onDone);
  return (
    <FormShell
      testId="sharing-reject-form"
      title={t('sharing.rejectTitle', { code: `${r.assetCode} ${r.assetName}`, unit: r.unitName })}
      busy={busy}
      error={error}
      onSubmit={() => void run(() => send('sharing.reject', { id: r.id, note, version: r.version }))}
      onCancel={props.onCancel}
      submitLabel={t('sharing.reject')}
    >
      <Field label={t('sharing.rejectNote')} required value={note} onChange={(e) => setNote(e.target.value)} testId="reject-note" />
    </FormShell>
  );
}
