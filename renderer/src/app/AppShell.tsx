import { useQueryClient } from '@tanstack/react-query';
import { Suspense } from 'react';
import { api } from '../api/api';
import { desktop, desktopServer } from '../desktop/desktopBridge';
import { pauseLocalAutoSignIn } from '../features/auth/LocalSignIn';
import type { Me } from '../features/auth/useMe';
import { useT } from '../i18n/useI18n';
import { Link } from '../router/Link';
import { matchPath } from '../router/matchPath';
import { useLocation } from '../router/useLocation';
import { useSession } from '../session/useSession';
import { ConnectionIndicator } from './ConnectionIndicator';
import { mayOpen, ROUTES } from './routes';

/** The signed-in layout: side navigation, top bar (connection, account, sign out), the screen. */
export function AppShell({ me }: { me: Me }) {
  const t = useT();
  const pathname = useLocation((state) => state.pathname);
  const signOut = useSession((state) => state.signOut);
  const queryClient = useQueryClient();
  const visible = ROUTES.filter((route) => mayOpen(route, me));
  const matched = ROUTES.map((route) => ({ route, params: matchPath(route.path, pathname) })).find((entry) => entry.params !== null);
  const doSignOut = async () => {
    await api().auth.logout.mutate().catch(() => undefined);
    if (desktopServer()?.mode === 'local') pauseLocalAutoSignIn();
    queryClient.clear();
    signOut();
  };
  let content;
  if (!matched || !matched.params) content = <p className="page">{t('common.notFound')}</p>;
  else if (!mayOpen(matched.route, me)) content = <p className="page" role="alert">{t('common.forbidden')}</p>;
  else {
    const Screen = matched.route.component;
    content = <Screen params={matched.params} />;
  }
  return (
    <div className="shell">
      <a className="skip-link" href="#main">{t('app.skipToContent')}</a>
      <nav className="rail" aria-label={t('nav.main')}>
        <span className="rail-logo" aria-hidden="true">UZZ</span>
        <ul>
          {visible.filter((route) => route.nav).map((route) => {
            const nav = route.nav!;
            const current = matched?.route.id === route.id;
            return (
              <li key={route.id}>
                <Link to={nav.href} className="rail-item" aria-current={current ? 'page' : undefined}>
                  <span aria-hidden="true" className="rail-icon">{nav.icon}</span>
                  <span>{t(nav.label)}</span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
      <div className="workspace">
        <header className="topbar">
          <ConnectionIndicator />
          <span className="grow" />
          <span className="muted small" data-testid="signed-in-as">{me.fullName ?? me.email}{me.role ? ` · ${t(`role.${me.role}`)}` : ''}</span>
          {desktop() && desktopServer()?.mode === 'remote' && (
            <button type="button" className="button-link" onClick={() => void desktop()?.openServer(null)}>{t('auth.switchServer')}</button>
          )}
          <button type="button" className="button-secondary" onClick={() => void doSignOut()}>{t('common.signOut')}</button>
        </header>
        <main id="main" className="main" tabIndex={-1}>
          <Suspense fallback={<p className="page">{t('common.loading')}</p>}>{content}</Suspense>
        </main>
      </div>
    </div>
  );
}
