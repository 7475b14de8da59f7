import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { useSession } from '#renderer/session/useSession';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';

const AUTO_KEY = 'uzz.local.autoSignIn';

/**
 * Local mode: the desktop app's own server signs its owner in with the per-launch token, no
 * password. Done automatically unless the person signed out on purpose (then it waits for a click).
 */
export function LocalSignIn({ launchToken }: { launchToken: string }) {
  const t = useT();
  const signIn = useSession((state) => state.signIn);
  const queryClient = useQueryClient();
  const started = useRef(false);
  const local = useMutation({
    mutationFn: () => api().localMode.signIn.mutate({ launchToken }),
    onSuccess: () => {
      queryClient.clear();
      localStorage.removeItem(AUTO_KEY);
      signIn(); // the server set the session cookie
    },
  });
  useEffect(() => {
    if (started.current || localStorage.getItem(AUTO_KEY) === 'off') return;
    started.current = true;
    local.mutate();
  }, [local]);
  return (
    <section className="card stack" aria-labelledby="local-title">
      <h2 id="local-title">{t('auth.local.title')}</h2>
      <p className="muted">{t('auth.local.description')}</p>
      {local.isError && <ErrorNotice error={local.error} />}
      <button type="button" className="button-primary" onClick={() => local.mutate()} disabled={local.isPending}>
        {local.isPending ? t('auth.local.starting') : t('auth.local.open')}
      </button>
    </section>
  );
}

/** After a deliberate sign-out, the local server waits for a click instead of signing in again. */
export const pauseLocalAutoSignIn = () => localStorage.setItem(AUTO_KEY, 'off');
