import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { SignInScreen } from '../auth/SignInScreen';
import { useT } from '#renderer/i18n/useI18n';
import { SetupScreen } from './SetupScreen';

export const SETUP_STATUS_KEY = ['setup', 'status'] as const;

/** Signed out: the first-run set-up while the server has no account yet, otherwise sign-in. */
export function SignedOutScreen() {
  const t = useT();
  const status = useQuery({ queryKey: SETUP_STATUS_KEY, queryFn: () => api().setup.status.query(), retry: 1, staleTime: 5_000 });
  if (status.isPending)
    return (
      <p className="page" role="status">
        {t('common.loading')}
      </p>
    );
  // A server that cannot say (older version, network trouble) gets the usual sign-in.
  if (status.data?.needed) return <SetupScreen tokenRequired={status.data.tokenRequired} onAlreadySetUp={() => void status.refetch()} />;
  return <SignInScreen />;
}
