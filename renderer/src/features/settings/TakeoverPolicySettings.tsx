import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useOptimisticSave } from '#renderer/api/useOptimisticSave';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';

type Policy = { onTakeover: 'pause' | 'cancel'; onReturn: 'resume' | 'restart' };
const KEY = ['settings', 'takeoverPolicy'] as const;

/** What a person taking a chat does to its running flow, and what giving it back does (admins). */
export function TakeoverPolicySettings() {
  const t = useT();
  const policy = useQuery({ queryKey: KEY, queryFn: () => api().conversations.takeoverPolicy.query() });
  const save = useOptimisticSave<Policy>(KEY, (changes) => api().conversations.setTakeoverPolicy.mutate(changes));
  const shown = save.shown(policy.data);
  return (
    <fieldset className="card stack">
      <legend>{t('settings.takeover')}</legend>
      <p className="muted small">{t('settings.takeover.help')}</p>
      {policy.isError && <ErrorNotice error={policy.error} onRetry={() => void policy.refetch()} />}
      {shown && (
        <>
          <label className="stack">
            {t('settings.takeover.onTakeover')}
            <select
              value={shown.onTakeover}
              onChange={(event) => save.mutate({ onTakeover: event.target.value as Policy['onTakeover'] })}
              disabled={save.isPending}>
              <option value="pause">{t('settings.takeover.pause')}</option>
              <option value="cancel">{t('settings.takeover.cancel')}</option>
            </select>
          </label>
          <label className="stack">
            {t('settings.takeover.onReturn')}
            <select
              value={shown.onReturn}
              onChange={(event) => save.mutate({ onReturn: event.target.value as Policy['onReturn'] })}
              disabled={save.isPending || shown.onTakeover === 'cancel'}>
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
