// The inbox's number and team filters (shown when the client has more than one number, or any team).
import { useT } from '#renderer/i18n/useI18n';
import { useNumbers, useTeams } from './useTeamsData';

export function InboxTeamFilters({
  phoneNumberId,
  teamId,
  onChange,
}: {
  phoneNumberId?: string;
  teamId?: string;
  onChange(next: { phoneNumberId?: string; teamId?: string }): void;
}) {
  const t = useT();
  const numbers = useNumbers();
  const teams = useTeams();
  return (
    <div className="row small inbox-team-filters">
      {numbers.data && numbers.data.length > 1 && (
        <select
          aria-label={t('inbox.filter.number')}
          value={phoneNumberId ?? ''}
          onChange={(event) => onChange({ phoneNumberId: event.target.value || undefined, teamId })}>
          <option value="">{t('inbox.filter.anyNumber')}</option>
          {numbers.data.map((number) => (
            <option key={number.id} value={number.phoneNumberId}>
              {number.displayName}
            </option>
          ))}
        </select>
      )}
      {teams.data && teams.data.length > 0 && (
        <select
          aria-label={t('inbox.filter.team')}
          value={teamId ?? ''}
          onChange={(event) => onChange({ phoneNumberId, teamId: event.target.value || undefined })}>
          <option value="">{t('inbox.filter.anyTeam')}</option>
          {teams.data.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      )}
    </div>
  );
}
