// The agent's availability in the top bar: online (gets conversations from their teams' queues),
// away or offline. While online the app sends a heartbeat every minute, so an agent who closed
// the app or walked away is lowered to away, then offline, by the server.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { AGENT_AVAILABILITIES, type AgentAvailability } from '#shared/teams/teamVocabulary.js';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';

const HEARTBEAT_MS = 60_000;
export const myStatusKey = ['teams', 'myStatus'] as const;

export function AvailabilitySwitch() {
  const t = useT();
  const queryClient = useQueryClient();
  const status = useQuery({ queryKey: myStatusKey, queryFn: () => api().teams.myStatus.query() });
  const change = useMutation({
    mutationFn: (availability: AgentAvailability) => api().teams.setAvailability.mutate({ availability }),
    onSuccess: (data) => queryClient.setQueryData(myStatusKey, data),
  });
  const online = status.data?.availability === 'online';
  useEffect(() => {
    if (!online) return;
    const timer = setInterval(() => {
      void api()
        .teams.heartbeat.mutate()
        .then((data) => queryClient.setQueryData(myStatusKey, data))
        .catch(() => undefined);
    }, HEARTBEAT_MS);
    return () => clearInterval(timer);
  }, [online, queryClient]);
  const value = status.data?.availability ?? 'offline';
  return (
    <label className="row small availability" data-testid="availability" data-availability={value}>
      <span className={`availability-dot availability-${value}`} aria-hidden="true" />
      <span className="visually-hidden">{t('availability.label')}</span>
      <select
        aria-label={t('availability.label')}
        value={value}
        disabled={!status.data || change.isPending}
        onChange={(event) => change.mutate(event.target.value as AgentAvailability)}>
        {AGENT_AVAILABILITIES.map((option) => (
          <option key={option} value={option}>
            {t(`availability.${option}`)}
          </option>
        ))}
      </select>
    </label>
  );
}
