// 新建盘点: name, unit, reference date and the scope (departments, locations, class prefixes).
// The expected list is the engine's snapshot of the book at creation.
import { useEffect, useMemo, useState } from 'react';
import type { CountRow } from '../../../shared/api/counts';
import { send } from '../../api/client';
import { Field, SelectField } from '../../components/Field';
import { useT } from '../../i18n';
import { today } from '../assets/ActionForms';
import { FormShell, useFormError } from '../sharing/forms';
import type { Lookups } from './CountsScreen';
import { splitList } from './scope';


export function CreateCountForm({ lookups, scopedUnit, onDone, onCancel }: { lookups: Lookups; scopedUnit: string | null; onDone: (c: CountRow) => void; onCancel: () => void }) {
  const { t } = useT();
  const { error, fromErr } = useFormError();
  const [busy, setBusy] = useState(false);
  const units = useMemo(() => (scopedUnit ? lookups.units.filter((u) => u.code === scopedUnit || u.parentCode === scopedUnit) : lookups.units), [lookups.units, scopedUnit]);
  const [unit, setUnit] = useState(scopedUnit ?? '');
  const [name, setName] = useState(`${new Date().getFullYear()}年度资产清查`);
  const [refDate, setRefDate] = useState(today());
  const [depts, setDepts] = useState<string[]>([]);
  const [locations, setLocations] = useState('');
  const [classes, setClasses] = useState('');
  const [knownLocations, setKnownLocations] = useState<string[]>([]);
  useEffect(() => {
    if (!unit && units[0]) setUnit(units[0].code);
  }, [unit, units]);
  // The unit's locations as on the cards, offered as suggestions.
  useEffect(() => {
    if (!unit) return;
    let live = true;
    send('assets.list', { unitCode: unit })
      .then((rows) => {
        if (!live) return;
        const seen = new Set<string>();
        for (const r of rows) if (r.location) seen.add(r.location);
        setKnownLocations([...seen].sort((a, b) => a.localeCompare(b, 'zh-CN')).slice(0, 300));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [unit]);
  const unitDepts = lookups.departments.filter((d) => d.unitCode === unit);

  const submit = async () => {
    setBusy(true);
    try {
      onDone(await send('counts.create', { unitCode: unit, name, referenceDate: refDate, deptCodes: depts, locations: splitList(locations), classPrefixes: splitList(classes) }));
    } catch (err) {
      fromErr(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <FormShell testId="count-create-form" title={t('counts.create')} busy={busy} error={error} onSubmit={() => void submit()} onCancel={onCancel} submitLabel={t('counts.createSubmit')}>
      <Field label={t('counts.name')} value={name} onChange={(e) => setName(e.target.value)} testId="count-create-name" required />
      <SelectField
        label={t('counts.unit')}
        value={unit}
        onChange={(v) => {
          setUnit(v);
          setDepts([]);
        }}
        testId="count-create-unit"
        options={units.map((u) => ({ value: u.code, label: `${u.code} ${u.name}` }))}
      />
      <Field label={t('counts.referenceDate')} type="date" value={refDate} onChange={(e) => setRefDate(e.target.value)} testId="count-create-date" hint={t('counts.referenceHint')} />
      <div className="field count-create-depts">
        <label>{t('counts.depts')}</label>
        <div className="count-dept-list" data-testid="count-create-depts">
          {unitDepts.length === 0 && <span className="muted">{t('counts.noDepts')}</span>}
          {unitDepts.map((d) => (
            <label key={d.code} className="checkbox">
              <input type="checkbox" checked={depts.includes(d.code)} onChange={(e) => setDepts((cur) => (e.target.checked ? [...cur, d.code] : cur.filter((x) => x !== d.code)))} />
              {d.name}
            </label>
          ))}
        </div>
        <div className="field-hint">{t('counts.deptsHint')}</div>
      </div>
      <Field label={t('counts.locations')} value={locations} onChange={(e) => setLocations(e.target.value)} testId="count-create-locations" list="count-known-locations" hint={t('counts.listHint')} />
      <datalist id="count-known-locations">
        {knownLocations.map((l) => (
          <option key={l} value={l} />
        ))}
      </datalist>
      <Field label={t('counts.classes')} value={classes} onChange={(e) => setClasses(e.target.value)} testId="count-create-classes" placeholder="A02, A05" hint={t('counts.listHint')} />
    </FormShell>
  );
}
