// Start-up state machine: connect → first-run setup | login | the app shell. A lost session
// (UNAUTHENTICATED from any call) brings the login screen back with the engine's message.
import { useCallback, useEffect, useState } from 'react';
import type { SessionUser } from '../../shared/api/types';
import { asLedgerError, dropSession, getSessionId, logout, onAuthLost, send } from '../api/client';
import { errorText, useT } from '../i18n';
import { LoginScreen } from '../screens/login/LoginScreen';
import { SetupScreen } from '../screens/setup/SetupScreen';
import { SessionContext } from './session';
import { Shell } from './Shell';

type Phase =
  | { kind: 'loading' }
  | { kind: 'unreachable'; message: string }
  | { kind: 'setup' }
  | { kind: 'login'; communityName: string | null; notice?: string }
  | { kind: 'app'; user: SessionUser; communityName: string | null };

export function App() {
  const { t, lang } = useT();
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });

  const boot = useCallback(async () => {
    setPhase({ kind: 'loading' });
    try {
      const status = await send('setup.status');
      if (status.needsAdmin) {
        dropSession();
        setPhase({ kind: 'setup' });
        return;
      }
      if (getSessionId()) {
        try {
          const user = await send('session.me');
          setPhase({ kind: 'app', user, communityName: status.communityName });
          return;
        } catch {
          dropSession();
        }
      }
      setPhase({ kind: 'login', communityName: status.communityName });
    } catch (err) {
      setPhase({ kind: 'unreachable', message: errorText(asLedgerError(err), lang) });
    }
  }, [lang]);

  useEffect(() => {
    void boot();
    // boot once; language changes must not log anyone out
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(
    () =>
      onAuthLost((err) => {
        setPhase((p) => ({ kind: 'login', communityName: p.kind === 'app' || p.kind === 'login' ? p.communityName : null, notice: errorText(err) }));
      }),
    [],
  );

  useEffect(() => {
    const base = t('app.title');
    document.title = phase.kind === 'app' && phase.communityName ? `${phase.communityName} · ${base}` : base;
  }, [phase, t]);

  switch (phase.kind) {
    case 'loading':
      return <div className="splash">{t('app.loading')}</div>;
    case 'unreachable':
      return (
        <div className="splash splash-error" data-testid="app-unreachable">
          <p>{t('app.connectFailed')}</p>
          <p className="muted">{phase.message}</p>
          <button type="button" className="btn" onClick={() => void boot()}>
            {t('app.retry')}
          </button>
        </div>
      );
    case 'setup':
      return <SetupScreen onDone={(user, communityName) => setPhase({ kind: 'app', user, communityName })} />;
    case 'login':
      return (
        <LoginScreen
          communityName={phase.communityName}
          notice={phase.notice}
          onLoggedIn={(user) => setPhase({ kind: 'app', user, communityName: phase.communityName })}
        />
      );
    case 'app':
      return (
        <SessionContext.Provider value={{ user: phase.user, communityName: phase.communityName }}>
          <Shell
            onLogout={async () => {
              await logout();
              setPhase({ kind: 'login', communityName: phase.communityName });
            }}
          />
        </SessionContext.Provider>
      );
  }
}
