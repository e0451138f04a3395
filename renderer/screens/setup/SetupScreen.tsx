import { useState } from 'react';
import { api } from '../../../shared/api';
import type { SessionUser } from '../../../shared/api/types';
import { asLedgerError, send } from '../../api/client';
import { LangSwitch } from '../../app/LangSwitch';
import { Field } from '../../components/Field';
import { errorText, useT, vmsg } from '../../i18n';

type Key = 'communityName' | 'username' | 'displayName' | 'password' | 'password2';

const shape = api['setup.createAdmin'].args.shape;

export function SetupScreen({ onDone }: { onDone: (user: SessionUser, communityName: string) => void }) {
  const { t, lang } = useT();
  const [v, setV] = useState<Record<Key, string>>({ communityName: '', username: 'admin', displayName: '', password: '', password2: '' });
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const set = (k: Key) => (e: React.ChangeEvent<HTMLInputElement>) => {
    setV((s) => ({ ...s, [k]: e.target.value }));
    setErrors((s) => ({ ...s, [k]: undefined }));
  };

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Key, string>> = {};
    for (const k of ['communityName', 'username', 'displayName', 'password'] as const) {
      const r = shape[k].safeParse(v[k]);
      if (!r.success) errs[k] = vmsg(r.error.issues[0]?.message ?? 'v.invalid', lang);
    }
    if (!errs.password && v.password !== v.password2) errs.password2 = t('setup.mismatch');
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setError(null);
    try {
      const res = await send('setup.createAdmin', { communityName: v.communityName, username: v.username, displayName: v.displayName, password: v.password });
      onDone(res.user, v.communityName.trim());
    } catch (err) {
      const le = asLedgerError(err);
      const fieldErrs: Partial<Record<Key, string>> = {};
      for (const d of le.details ?? []) if (d.field && d.field in v) fieldErrs[d.field as Key] = vmsg(d.message, lang);
      setErrors(fieldErrs);
      setError(errorText(le, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-lang">
        <LangSwitch />
      </div>
      <div className="auth-card auth-card-wide" data-testid="setup-form">
        <div className="auth-brand">
          <span className="brand-mark big" aria-hidden>
            账
          </span>
          <div>
            <div className="auth-community">{t('app.title')}</div>
            <div className="auth-app">{t('app.subtitle')}</div>
          </div>
        </div>
        <h1>{t('setup.title')}</h1>
        <p className="auth-intro">{t('setup.intro')}</p>
        <form className="form" onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('setup.communityName')} testId="setup-community" placeholder={t('setup.communityNamePlaceholder')} value={v.communityName} onChange={set('communityName')} error={errors.communityName} autoFocus />
          <fieldset>
            <legend>{t('setup.admin')}</legend>
            <div className="form-row">
              <Field label={t('setup.username')} testId="setup-username" autoComplete="username" value={v.username} onChange={set('username')} error={errors.username} hint={t('setup.usernameHint')} />
              <Field label={t('setup.displayName')} testId="setup-displayname" value={v.displayName} onChange={set('displayName')} error={errors.displayName} />
            </div>
            <div className="form-row">
              <Field label={t('setup.password')} testId="setup-password" type="password" autoComplete="new-password" value={v.password} onChange={set('password')} error={errors.password} hint={t('setup.passwordHint')} />
              <Field label={t('setup.password2')} testId="setup-password2" type="password" autoComplete="new-password" value={v.password2} onChange={set('password2')} error={errors.password2} />
            </div>
          </fieldset>
          {error && (
            <div className="form-error" data-testid="setup-error" role="alert">
              {error}
            </div>
          )}
          <button type="submit" className="btn btn-primary btn-block" data-testid="setup-submit" disabled={busy}>
            {busy ? t('setup.submitting') : t('setup.submit')}
          </button>
        </form>
      </div>
    </div>
  );
}
