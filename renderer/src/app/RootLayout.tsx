import { Outlet, useLocation, useNavigate } from '@tanstack/react-router';
import { useEffect } from 'react';
import { ErrorNotice } from '../ui/ErrorNotice';
import { INVITE_PATH } from '../features/auth/inviteLink';
import { useMe } from '../features/auth/useMe';
import { SignedOutScreen } from '../features/setup/SignedOutScreen';
import { useT } from '../i18n/useI18n';
import { connectNotificationClicks } from '../notifications/notify';
import { useSession } from '../session/useSession';
import { AppShell } from './AppShell';

/**
 * The root route's layout. Invite links work signed out; every other address needs a session (or,
 * on a new server, its set-up) and keeps its URL meanwhile, so a deep link opens after signing in.
 */
export function RootLayout() {
  const t = useT();
  const pathname = useLocation({ select: (location) => location.pathname });
  const navigate = useNavigate();
  const signedIn = useSession((state) => state.signedIn);
  const me = useMe();
  useEffect(
    () =>
      connectNotificationClicks((conversationId) => {
        void navigate({ to: '/inbox/{-$conversationId}', params: { conversationId: conversationId ?? undefined } });
      }),
    [navigate],
  );

  if (pathname === INVITE_PATH) return <Outlet />;
  if (!signedIn) return <SignedOutScreen />;
  if (me.isPending)
    return (
      <p className="page" role="status">
        {t('common.loading')}
      </p>
    );
  if (me.isError)
    return (
      <main className="page">
        <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  return <AppShell me={me.data} />;
}
