// Which events reach this member's phones and tablets as push notifications (stored on the server,
// so every device follows it). Only members of a client have devices; the platform administrator
// has no such profile.
import { useQuery } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { useOptimisticSave } from '#renderer/api/useOptimisticSave';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useMe } from '#renderer/features/auth/useMe';

const KEY = ['pushTokens', 'preferences'];
const SWITCHES = [
  { field: 'onAssigned', label: 'settings.push.assigned' },
  { field: 'onTransfer', label: 'settings.push.transfer' },
  { field: 'onMessage', label: 'settings.push.message' },
] as const;

export function PushPreferences() {
  const t = useT();
  const me = useMe().data;
  const member = Boolean(me?.clientId);
  const preferences = useQuery({ queryKey: KEY, queryFn: () => api().pushTokens.preferences.query(), enabled: member });
  const save = useOptimisticSave<NonNullable<typeof preferences.data>>(KEY, (change) => api().pushTokens.savePreferences.mutate(change));
  if (!member) return null;
  if (preferences.isError) return <ErrorNotice error={preferences.error} onRetry={() => void preferences.refetch()} />;
  return (
    <div className="stack" data-testid="push-preferences">
      <p className="muted">{t('settings.push.help')}</p>
      {SWITCHES.map(({ field, label }) => (
        <label className="checkbox" key={field}>
          <input
            type="checkbox"
            checked={save.shown(preferences.data)?.[field] ?? true}
            disabled={!preferences.data || save.isPending}
            onChange={(event) => save.mutate({ [field]: event.target.checked })}
          />
          {t(label)}
        </label>
      ))}
      {save.isError && <ErrorNotice error={save.error} />}
    </div>
  );
}
