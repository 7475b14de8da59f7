import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';

type Policy = { onTakeover: 'pause' | 'cancel'; onReturn: 'resume' | 'restart' };
const KEY = ['settings', 'takeoverPolicy'] as const;

/** What a person taking a chat does to its running flow, and what giving it back does (admins). */
export function TakeoverPolicySettings() {
  const t = useT();
  const queryClient = useQueryClient();
  const policy = useQuery({ queryKey: KEY, queryFn: () => api().conversations.takeoverPolicy.query() });
  const save = useMutation({
    mutationFn: (changes: Partial<Policy>) => api().conversations.setTakeoverPolicy.mutate(changes),
    onSuccess: (saved) => queryClient.setQueryData(KEY, saved),
  });
  return (
    <fieldset className="card stack">
      <legend>{t('settings.takeover')}</legend>
      <p className="muted small">{t('settings.takeover.help')}</p>
      {policy.isError && <ErrorNotice error={policy.error} onRetry={() => void policy.refetch()} />}
      {policy.data && (
        <>
          <label className="stack">
            {t('settings.takeover.onTakeover')}
            <select
              value={policy.data.onTakeover}
              onChange={(event) => save.mutate({ onTakeover: event.target.value as Policy['onTakeover'] })}
              disabled={save.isPending}>
              <option value="pause">{t('settings.takeover.pause')}</option>
              <option value="cancel">{t('settings.takeover.cancel')}</option>
            </select>
          </label>
          <label className="stack">
            {t('settings.takeover.onReturn')}
            <select
              value={policy.data.onReturn}
              onChange={(event) => save.mutate({ onReturn: event.target.value as Policy['onReturn'] })}
              disabled={save.isPending || policy.data.onTakeover === 'cancel'}>
              <option value="resume">{t('settings.takeover.resume')}</option>
              <option value="restart">{t('settings.takeover.restart')}</option>
            </select>
          </label>
        </>
      )}
      {save.isError && <ErrorNotice error={save.error} />}
    </fieldset>
  );
}
