import { useEffect } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { INVITE_PATH } from '../features/auth/inviteLink';
import { InviteScreen } from '../features/auth/InviteScreen';
import { useMe } from '../features/auth/useMe';
import { SignedOutScreen } from '../features/setup/SignedOutScreen';
import { useT } from '../i18n/useI18n';
import { listenToDesktopNotificationClicks } from '../notifications/notify';
import { navigate, useLocation } from '../router/useLocation';
import { useSession } from '../session/useSession';
import { AppShell } from './AppShell';
import { HOME_PATH } from './routes';

/** Invite links work signed out; everything else needs a session (or, on a new server, its set-up). */
export function App() {
  const t = useT();
  const pathname = useLocation((state) => state.pathname);
  const signedIn = useSession((state) => state.signedIn);
  const me = useMe();
  useEffect(() => listenToDesktopNotificationClicks(), []);
  useEffect(() => {
    if (signedIn && pathname === '/') navigate(HOME_PATH, { replace: true });
  }, [signedIn, pathname]);

  if (pathname === INVITE_PATH) return <InviteScreen />;
  if (!signedIn) return <SignedOutScreen />;
  if (me.isPending) return <p className="page" role="status">{t('common.loading')}</p>;
  if (me.isError) return <main className="page"><ErrorNotice error={me.error} onRetry={() => void me.refetch()} /></main>;
  return <AppShell me={me.data} />;
}
