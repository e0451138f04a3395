import { useState } from 'react';
import type { SessionUser } from '../../../shared/api/types';
import { asLedgerError, send } from '../../api/client';
import { LangSwitch } from '../../app/LangSwitch';
import { Field } from '../../components/Field';
import { formatDateTime } from '../../format';
import { errorText, useT } from '../../i18n';

export function LoginScreen(props: { communityName: string | null; notice?: string; onLoggedIn: (user: SessionUser) => void }) {
  const { t, lang } = useT();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const res = await send('session.login', { username, password });
      props.onLoggedIn(res.user);
    } catch (err) {
      const le = asLedgerError(err);
      const until = le.params?.until ?? le.params?.lockedUntil;
      if (le.code === 'LOCKED' && typeof until === 'string' && lang === 'en') setError(t('login.lockedUntil', { time: formatDateTime(until) }));
      else setError(errorText(le, lang));
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="auth-page">
      <div className="auth-lang">
        <LangSwitch />
      </div>
      <div className="auth-card" data-testid="login-form">
        <div className="auth-brand">
          <span className="brand-mark big" aria-hidden>
            账
          </span>
          <div>
            <div className="auth-community" data-testid="login-community">
              {props.communityName || t('app.title')}
            </div>
            <div className="auth-app">
              {t('app.title')} · {t('app.subtitle')}
            </div>
          </div>
        </div>
        <h1>{t('login.title')}</h1>
        {props.notice && !error && <div className="form-notice">{props.notice}</div>}
        <form className="form" onSubmit={(e) => void submit(e)}>
          <Field label={t('login.username')} testId="login-username" autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} autoFocus required />
          <Field label={t('login.password')} testId="login-password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
          {error && (
            <div className="form-error" data-testid="login-error" role="alert">
              {error}
            </div>
          )}
          <button type="submit" className="btn btn-primary btn-block" data-testid="login-submit" disabled={busy}>
            {busy ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <p className="auth-hint">{t('login.hint')}</p>
      </div>
    </div>
  );
}
