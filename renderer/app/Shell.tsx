// The logged-in frame: top bar (community, user, language, logout) and the module navigation.
import { useEffect, useState } from 'react';
import { useT } from '../i18n';
import { AssetsScreen } from '../screens/assets/AssetsScreen';
import { AuditScreen } from '../screens/audit/AuditScreen';
import { CountsScreen } from '../screens/counts/CountsScreen';
import { DepartmentsScreen } from '../screens/departments/DepartmentsScreen';
import { PlaceholderScreen } from '../screens/placeholder/PlaceholderScreen';
import { GlReconcileScreen } from '../screens/reconcile/GlReconcileScreen';
import { SharingScreen } from '../screens/sharing/SharingScreen';
import { PostsScreen } from '../screens/posts/PostsScreen';
import { StaffScreen } from '../screens/staff/StaffScreen';
import { ReportsScreen } from '../screens/reports/ReportsScreen';
import { UnitsScreen } from '../screens/units/UnitsScreen';
import { UsersScreen } from '../screens/users/UsersScreen';
import { ChangePasswordDialog } from './ChangePasswordDialog';
import { LangSwitch } from './LangSwitch';
import { MODULES, SETTINGS, SUBS, hashFor, routeFromHash, type RouteId } from './routes';
import { useSession } from './session';

export function Shell({ onLogout }: { onLogout: () => void | Promise<void> }) {
  const { t } = useT();
  const session = useSession();
  const settings = SETTINGS.filter((s) => session.can(s.permission));
  const subs = SUBS.filter((s) => session.can(s.permission));
  const allowed = (id: RouteId | null): id is RouteId => !!id && (MODULES.some((m) => m.id === id) || settings.some((s) => s.id === id) || subs.some((s) => s.id === id));
  const fallback: RouteId = settings[0]?.id ?? 'assets';
  const [route, setRoute] = useState<RouteId>(() => {
    const fromHash = routeFromHash(window.location.hash);
    return allowed(fromHash) ? fromHash : fallback;
  });
  const [pwOpen, setPwOpen] = useState(false);

  useEffect(() => {
    const h = hashFor(route);
    if (window.location.hash !== h) window.history.replaceState(window.history.state, '', h);
  }, [route]);

  useEffect(() => {
    const onHash = () => {
      const r = routeFromHash(window.location.hash);
      if (allowed(r)) setRoute(r);
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  });

  const { user, communityName } = session;

  return (
    <div className="shell">
      <header className="topbar">
        <div className="brand">
          <span className="brand-mark" aria-hidden>
            账
          </span>
          <span className="brand-community" data-testid="community-name">
            {communityName || t('app.unnamedCommunity')}
          </span>
          <span className="brand-app">{t('app.title')}</span>
        </div>
        <div className="topbar-right">
          <span className="user" data-testid="current-user">
            <span className="user-name">{user.displayName}</span>
            <span className="user-role" data-testid="current-role">
              {t(`roles.${user.role}`)}
            </span>
            {user.unitName && <span className="user-unit">{user.unitName}</span>}
          </span>
          <LangSwitch />
          <button type="button" className="topbar-btn" data-testid="change-password" onClick={() => setPwOpen(true)}>
            {t('app.changePassword')}
          </button>
          <button type="button" className="topbar-btn" data-testid="logout" onClick={() => void onLogout()}>
            {t('app.logout')}
          </button>
        </div>
      </header>
      <div className="shell-body">
        <nav className="sidenav" aria-label="modules">
          <ul>
            {MODULES.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  data-testid={`nav-${m.id}`}
                  className={`nav-item${route === m.id ? ' active' : ''}`}
                  aria-current={route === m.id ? 'page' : undefined}
                  onClick={() => setRoute(m.id)}
                >
                  <span className="nav-icon" aria-hidden>
                    {m.icon}
                  </span>
                  {t(`nav.${m.id}`)}
                  {!BUILT.has(m.id) && <span className="nav-soon">{t('nav.soon')}</span>}
                </button>
                {subs
                  .filter((s) => s.parent === m.id)
                  .map((s) => (
                    <button
                      key={s.id}
                      type="button"
                      data-testid={`nav-${s.id}`}
                      className={`nav-item nav-sub${route === s.id ? ' active' : ''}`}
                      aria-current={route === s.id ? 'page' : undefined}
                      onClick={() => setRoute(s.id)}
                    >
                      {t(`nav.${s.id}`)}
                    </button>
                  ))}
              </li>
            ))}
          </ul>
          {settings.length > 0 && (
            <>
              <div className="nav-group" data-testid="nav-settings">
                <span className="nav-icon" aria-hidden>
                  ⚙
                </span>
                {t('nav.settings')}
              </div>
              <ul>
                {settings.map((s) => (
                  <li key={s.id}>
                    <button
                      type="button"
                      data-testid={`nav-${s.id}`}
                      className={`nav-item nav-sub${route === s.id ? ' active' : ''}`}
                      aria-current={route === s.id ? 'page' : undefined}
                      onClick={() => setRoute(s.id)}
                    >
                      {t(`nav.${s.id}`)}
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
        </nav>
        <main className="content" data-testid={`screen-${route}`}>
          <Screen route={route} />
        </main>
      </div>
      {pwOpen && <ChangePasswordDialog onClose={() => setPwOpen(false)} />}
    </div>
  );
}

/** Modules that have their screen (the others show a placeholder). */
const BUILT = new Set<RouteId>(['assets', 'reports', 'count', 'reconcile', 'posts']);

function Screen({ route }: { route: RouteId }) {
  const session = useSession();
  switch (route) {
    case 'assets':
      return session.can('assets.read') ? <AssetsScreen /> : <PlaceholderScreen module={route} />;
    case 'units':
      return <UnitsScreen />;
    case 'departments':
      return <DepartmentsScreen />;
    case 'users':
      return <UsersScreen />;
    case 'audit':
      return <AuditScreen />;
    case 'sharing':
      return <SharingScreen />;
    case 'posts':
      return session.can('posts.read') ? <PostsScreen /> : <PlaceholderScreen module={route} />;
    case 'staff':
      return <StaffScreen />;
    case 'reports':
      return session.can('assets.read') ? <ReportsScreen /> : <PlaceholderScreen module={route} />;
    case 'count':
      return session.can('assets.read') ? <CountsScreen /> : <PlaceholderScreen module={route} />;
    case 'reconcile':
      return session.can('assets.read') ? <GlReconcileScreen /> : <PlaceholderScreen module={route} />;
    default:
      return <PlaceholderScreen module={route} />;
  }
}
