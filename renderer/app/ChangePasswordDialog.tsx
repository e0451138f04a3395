import { useState } from 'react';
import { password as passwordSchema } from '../../shared/api/schemas';
import { asLedgerError, send } from '../api/client';
import { Dialog } from '../components/Dialog';
import { Field } from '../components/Field';
import { errorText, useT, vmsg } from '../i18n';

export function ChangePasswordDialog({ onClose }: { onClose: () => void }) {
  const { t, lang } = useT();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [next2, setNext2] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    const chk = passwordSchema.safeParse(next);
    if (!chk.success) return setError(vmsg(chk.error.issues[0]?.message ?? 'v.invalid', lang));
    if (next !== next2) return setError(t('setup.mismatch'));
    setBusy(true);
    setError(null);
    try {
      await send('session.changePassword', { current, next });
      setDone(true);
    } catch (err) {
      setError(errorText(asLedgerError(err), lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog title={t('password.title')} onClose={onClose} testId="change-password-dialog">
      {done ? (
        <div className="form">
          <p className="form-success">{t('password.done')}</p>
          <div className="form-actions">
            <button type="button" className="btn btn-primary" onClick={onClose}>
              {t('common.close')}
            </button>
          </div>
        </div>
      ) : (
        <form className="form" onSubmit={(e) => void submit(e)}>
          <Field label={t('password.current')} type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required autoFocus />
          <Field label={t('password.next')} type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} hint={t('setup.passwordHint')} required />
          <Field label={t('password.next2')} type="password" autoComplete="new-password" value={next2} onChange={(e) => setNext2(e.target.value)} required />
          {error && <div className="form-error">{error}</div>}
          <div className="form-actions">
            <button type="button" className="btn" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="btn btn-primary" disabled={busy}>
              {t('common.save')}
            </button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
