// In the thread's actions: hand the conversation to a team's queue (assigned at once when the team assigns by itself).
import { useMutation } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useTeams } from './useTeamsData';

type Conversation = RouterOutputs['teams']['sendTo'];

export function SendToTeam({ conversationId, teamId, onSent }: { conversationId: string; teamId: string | null; onSent(row: Conversation): void }) {
  const t = useT();
  const teams = useTeams();
  const send = useMutation({ mutationFn: (id: string) => api().teams.sendTo.mutate({ conversationId, teamId: id }), onSuccess: onSent });
  if (!teams.data || teams.data.length === 0) return null;
  return (
    <label className="row small">
      {t('inbox.actions.sendToTeam')}
      <select value={teamId ?? ''} disabled={send.isPending} onChange={(event) => event.target.value && send.mutate(event.target.value)}>
        <option value="">{t('inbox.actions.chooseTeam')}</option>
        {teams.data.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
      {send.isError && <ErrorNotice error={send.error} />}
    </label>
  );
}
