import { useState } from 'react';
import { newUserFields, password as passwordSchema } from '../../../shared/api/schemas';
import type { UnitRow, UserRow } from '../../../shared/api/types';
import { ROLES, type Role } from '../../../shared/auth/roles';
import type { Lang } from '../../../shared/i18n/messages';
import { asLedgerError, send } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { Field, SelectField } from '../../components/Field';
import { errorText, useT, vmsg } from '../../i18n';

type AddKey = 'username' | 'displayName' | 'role' | 'unitCode' | 'password' | 'password2';

export function AddUserDialog(props: { units: UnitRow[]; lang: Lang; onClose: () => void; onAdded: (row: UserRow) => void }) {
  const { t, lang } = useT();
  const [v, setV] = useState<Record<AddKey, string>>({ username: '', displayName: '', role: 'finance', unitCode: '', password: '', password2: '' });
  const [errors, setErrors] = useState<Partial<Record<AddKey, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (k: AddKey) => (value: string) => {
    setV((s) => ({ ...s, [k]: value }));
    setErrors((s) => ({ ...s, [k]: undefined }));
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const input = { username: v.username, displayName: v.displayName, role: v.role, unitCode: v.unitCode, password: v.password, disabled: false };
    const r = newUserFields.safeParse(input);
    const errs: Partial<Record<AddKey, string>> = {};
    if (!r.success) for (const i of r.error.issues) errs[String(i.path[0]) as AddKey] ??= vmsg(i.message, lang);
    if (!errs.password && v.password !== v.password2) errs.password2 = t('setup.mismatch');
    setErrors(errs);
    if (Object.keys(errs).length || !r.success) return;
    setBusy(true);
    setError(null);
    try {
      props.onAdded(await send('users.add', input));
    } catch (err) {
      const le = asLedgerError(err);
      const fieldErrs: Partial<Record<AddKey, string>> = {};
      for (const d of le.details ?? []) if (d.field && d.field in v) fieldErrs[d.field as AddKey] = vmsg(d.message, lang);
      setErrors(fieldErrs);
      setError(errorText(le, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('users.addTitle')} onClose={props.onClose} testId="user-add-dialog">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <div className="form-row">
          <Field label={t('users.username')} testId="user-add-username" value={v.username} onChange={(e) => set('username')(e.target.value)} error={errors.username} hint={t('setup.usernameHint')} autoFocus />
          <Field label={t('users.displayName')} testId="user-add-displayname" value={v.displayName} onChange={(e) => set('displayName')(e.target.value)} error={errors.displayName} />
        </div>
        <div className="form-row">
          <SelectField
            label={t('users.role')}
            testId="user-add-role"
            value={v.role}
            onChange={set('role')}
            error={errors.role}
            options={ROLES.map((r: Role) => ({ value: r, label: t(`roles.${r}`) }))}
          />
          <Field
            label={t('users.unitCode')}
            testId="user-add-unit"
            list="user-add-units"
            value={v.unitCode}
            onChange={(e) => set('unitCode')(e.target.value)}
            error={errors.unitCode}
            hint={t('users.unitHint')}
            autoComplete="off"
          />
          <datalist id="user-add-units">
            {props.units.map((u) => (
              <option key={u.id} value={u.code}>
                {u.name}
              </option>
            ))}
          </datalist>
        </div>
        <div className="form-row">
          <Field label={t('setup.password')} testId="user-add-password" type="password" autoComplete="new-password" value={v.password} onChange={(e) => set('password')(e.target.value)} error={errors.password} hint={t('setup.passwordHint')} />
          <Field label={t('setup.password2')} testId="user-add-password2" type="password" autoComplete="new-password" value={v.password2} onChange={(e) => set('password2')(e.target.value)} error={errors.password2} />
        </div>
        {error && <div className="form-error" data-testid="user-add-error">{error}</div>}
        <div className="form-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="user-add-submit" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function ResetPasswordDialog(props: { user: UserRow; onClose: () => void; onDone: (row: UserRow) => void; onError: (err: unknown) => void }) {
  const { t, lang } = useT();
  const [pw, setPw] = useState('');
  const [pw2, setPw2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const chk = passwordSchema.safeParse(pw);
    if (!chk.success) return setError(vmsg(chk.error.issues[0]?.message ?? 'v.invalid', lang));
    if (pw !== pw2) return setError(t('setup.mismatch'));
    setBusy(true);
    setError(null);
    try {
      props.onDone(await send('users.setPassword', { id: props.user.id, version: props.user.version, password: pw }));
    } catch (err) {
      setError(errorText(asLedgerError(err), lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('users.resetTitle', { name: `${props.user.displayName}（${props.user.username}）` })} onClose={props.onClose} testId="user-reset-dialog">
      <form className="form" onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('password.next')} testId="user-reset-new" type="password" autoComplete="new-password" value={pw} onChange={(e) => setPw(e.target.value)} hint={t('setup.passwordHint')} autoFocus />
        <Field label={t('password.next2')} testId="user-reset-new2" type="password" autoComplete="new-password" value={pw2} onChange={(e) => setPw2(e.target.value)} />
        {error && <div className="form-error">{error}</div>}
        <div className="form-actions">
          <button type="button" className="btn" onClick={props.onClose}>
            {t('common.cancel')}
          </button>
          <button type="submit" className="btn btn-primary" data-testid="user-reset-submit" disabled={busy}>
            {t('common.save')}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
