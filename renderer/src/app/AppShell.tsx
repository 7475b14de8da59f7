import { Link, Navigate, Outlet, useLocation, useMatches, useRouter } from '@tanstack/react-router';
import { Suspense } from 'react';
import { api } from '../api/api';
import { desktop, desktopServer } from '../desktop/desktopBridge';
import { pauseLocalAutoSignIn } from '../features/auth/LocalSignIn';
import type { Me } from '../features/auth/useMe';
import { BudgetAlertBanner } from '../features/spend/BudgetAlertBanner';
import { AvailabilitySwitch } from '../features/teams';
import { roleAtLeast } from '#shared/domain/roles.js';
import { useT } from '../i18n/useI18n';
import { useSession } from '../session/useSession';
import { ConnectionIndicator } from './ConnectionIndicator';
import { NAV_ITEMS } from './navItems';
import { landingPath, mayOpen } from './routeAccess';

/** The signed-in layout: side navigation, top bar (connection, account, sign out), the screen. */
export function AppShell({ me }: { me: Me }) {
  const t = useT();
  const router = useRouter();
  // The innermost matched route decides (a route without a rule, or no route at all: the 404, is open).
  const access = useMatches({ select: (matches) => matches.at(-1)?.staticData.access });
  const openRoute = useMatches({ select: (matches) => matches.at(-1)?.fullPath });
  const refused = useLocation({ select: (location) => location.state.refusedScreen === true });
  const landing = landingPath(me);
  const signOut = useSession((state) => state.signOut);
  const visible = NAV_ITEMS.filter((item) => mayOpen(router.routesByPath[item.to]?.options.staticData?.access, me));
  const doSignOut = async () => {
    // Before the call: the server closes this session's live streams, which can sign the page out
    // before the call returns, and the local sign-in screen must not sign straight back in.
    if (desktopServer()?.mode === 'local') pauseLocalAutoSignIn();
    await api()
      .auth.logout.mutate()
      .catch(() => undefined);
    signOut(); // the cached answers go with it (session/clearCacheOnSignOut)
  };
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <nav className="rail" aria-label={t('nav.main')}>
        <span className="rail-logo" aria-hidden="true">
          UZZ
        </span>
        <ul>
          {visible.map((item) => (
            <li key={item.to}>
              {/* The router marks the link of the open screen (and its sub-pages) aria-current="page". */}
              <Link to={item.to} className="rail-item">
                <span aria-hidden="true" className="rail-icon">
                  {item.icon}
                </span>
                <span>{t(item.label)}</span>
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <div className="workspace">
        <header className="topbar">
          <ConnectionIndicator />
          <span className="grow" />
          {me.clientId && me.role && roleAtLeast(me.role, 'agent') && <AvailabilitySwitch />}
          <span className="muted small" data-testid="signed-in-as">
            {me.fullName ?? me.email}
            {me.role ? ` · ${t(`role.${me.role}`)}` : ''}
          </span>
          {desktop() && desktopServer()?.mode === 'remote' && (
            <button type="button" className="button-link" onClick={() => void desktop()?.openServer(null)}>
              {t('auth.switchServer')}
            </button>
          )}
          <button type="button" className="button-secondary" onClick={() => void doSignOut()}>
            {t('common.signOut')}
          </button>
        </header>
        <main id="main" className="main" tabIndex={-1}>
          <BudgetAlertBanner role={me.role} />
          <Suspense fallback={<p className="page">{t('common.loading')}</p>}>
            {refused && (
              <div className="page" data-testid="refused-screen">
                <p className="notice" role="alert">
                  {t('common.forbidden')}
                </p>
              </div>
            )}
            {mayOpen(access, me) ? (
              <Outlet />
            ) : openRoute !== landing ? (
              // A screen this person may not open (a bookmark, a typed address, a role just lowered):
              // their own landing screen instead, saying why, rather than a page that cannot load.
              <Navigate to={landing} replace state={{ refusedScreen: true }} />
            ) : (
              <p className="page" role="alert">
                {t('common.forbidden')}
              </p>
            )}
          </Suspense>
        </main>
      </div>
    </div>
  );
}
