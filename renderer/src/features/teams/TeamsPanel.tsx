// /admin/teams: the client's teams (name, how they assign, members), the agents' availability and
// limits, the business hours and the satisfaction survey.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { ASSIGNMENT_MODES, type AssignmentMode } from '#shared/teams/teamVocabulary.js';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { BusinessHoursForm } from './BusinessHoursForm';
import { CsatForm } from './CsatForm';
import { teamsKeys, useAgents, useTeams } from './useTeamsData';

type Team = RouterOutputs['teams']['list'][number];
type Agent = RouterOutputs['teams']['agents'][number];

export function TeamsPanel({ input }: { input: { clientId?: string } }) {
  const t = useT();
  const teams = useTeams(input);
  const agents = useAgents(input);
  if (teams.isError) return <ErrorNotice error={teams.error} onRetry={() => void teams.refetch()} />;
  if (agents.isError) return <ErrorNotice error={agents.error} onRetry={() => void agents.refetch()} />;
  if (!teams.data || !agents.data) return <p>{t('common.loading')}</p>;
  return (
    <div className="stack">
      <section className="card stack" aria-label={t('teams.title')}>
        <h2>{t('teams.title')}</h2>
        <p className="muted">{t('teams.help')}</p>
        {teams.data.length === 0 && <p className="muted">{t('teams.empty')}</p>}
        {teams.data.map((team) => (
          <TeamForm key={team.id} team={team} agents={agents.data} input={input} />
        ))}
        <TeamForm team={null} agents={agents.data} input={input} />
      </section>
      <AgentsCard agents={agents.data} input={input} />
      <BusinessHoursForm input={input} />
      <CsatForm input={input} />
    </div>
  );
}

function TeamForm({ team, agents, input }: { team: Team | null; agents: Agent[]; input: { clientId?: string } }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState(team?.name ?? '');
  const [assignment, setAssignment] = useState<AssignmentMode>(team?.assignment ?? 'round_robin');
  const [reassign, setReassign] = useState(team?.reassignOnOffline ?? true);
  const [members, setMembers] = useState<string[]>(team?.memberIds ?? []);
  const [keywords, setKeywords] = useState((team?.keywords ?? []).join(', '));
  const keywordList = () =>
    keywords
      .split(',')
      .map((word) => word.trim())
      .filter(Boolean);
  const [done, setDone] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['teams'] });
  const save = useMutation({
    mutationFn: () =>
      team
        ? api().teams.update.mutate({ ...input, id: team.id, name, assignment, reassignOnOffline: reassign, keywords: keywordList(), memberIds: members })
        : api().teams.create.mutate({ ...input, name, assignment, reassignOnOffline: reassign, keywords: keywordList(), memberIds: members }),
    onSuccess: (saved) => {
      setDone(team ? t('teams.saved') : t('teams.created', { name: saved.name }));
      if (!team) {
        setName('');
        setMembers([]);
        setKeywords('');
      }
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => api().teams.remove.mutate({ ...input, id: team!.id }), onSuccess: () => void refresh() });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    save.mutate();
  };
  const label = team ? team.name : t('teams.create');
  return (
    <form className="card stack team-form" onSubmit={submit} aria-label={label} data-testid={team ? `team-${team.name}` : 'team-new'}>
      {team && (
        <p className="small muted">
          {t('teams.waiting', { count: team.waiting })}
          {team.oldestWaitingSince ? ` · ${t('teams.oldestWaiting', { time: new Date(team.oldestWaitingSince).toLocaleString() })}` : ''}
        </p>
      )}
      <Field label={t('teams.name')} value={name} required maxLength={60} onChange={(event) => setName(event.target.value)} />
      <div className="field">
        <label htmlFor={`assignment-${team?.id ?? 'new'}`}>{t('teams.assignment')}</label>
        <select id={`assignment-${team?.id ?? 'new'}`} value={assignment} onChange={(event) => setAssignment(event.target.value as AssignmentMode)}>
          {ASSIGNMENT_MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(`teams.assignment.${mode}`)}
            </option>
          ))}
        </select>
      </div>
      <Field label={t('teams.keywords')} hint={t('teams.keywordsHint')} value={keywords} onChange={(event) => setKeywords(event.target.value)} />
      <label className="row small">
        <input type="checkbox" checked={reassign} onChange={(event) => setReassign(event.target.checked)} />
        {t('teams.reassignOnOffline')}
      </label>
      <fieldset className="row wrap">
        <legend>{t('teams.members')}</legend>
        {agents.map((agent) => (
          <label key={agent.userId} className="row small">
            <input
              type="checkbox"
              checked={members.includes(agent.userId)}
              onChange={(event) => setMembers(event.target.checked ? [...members, agent.userId] : members.filter((id) => id !== agent.userId))}
            />
            {agent.fullName ?? agent.email}
          </label>
        ))}
      </fieldset>
      {save.isError && <ErrorNotice error={save.error} />}
      {remove.isError && <ErrorNotice error={remove.error} />}
      {done && !save.isPending && (
        <p role="status" className="muted">
          {done}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {team ? t('common.save') : t('teams.create')}
        </button>
        {team && (
          <button type="button" className="button-secondary" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {t('teams.remove')}
          </button>
        )}
      </div>
    </form>
  );
}

function AgentsCard({ agents, input }: { agents: Agent[]; input: { clientId?: string } }) {
  const t = useT();
  const queryClient = useQueryClient();
  const limit = useMutation({
    mutationFn: ({ userId, maxOpen }: { userId: string; maxOpen: number | null }) => api().teams.setAgentLimit.mutate({ ...input, userId, maxOpen }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: teamsKeys.agents(input.clientId ?? null) }),
  });
  return (
    <section className="card stack" aria-label={t('teams.agents.title')}>
      <h2>{t('teams.agents.title')}</h2>
      <p className="muted">{t('teams.agents.help')}</p>
      <table className="table">
        <tbody>
          {agents.map((agent) => (
            <tr key={agent.userId} data-testid={`agent-${agent.email}`}>
              <td>{agent.fullName ?? agent.email}</td>
              <td>{t(`availability.${agent.availability}`)}</td>
              <td>{t('teams.agents.open', { count: agent.open })}</td>
              <td>
                <input
                  type="number"
                  min={0}
                  max={1000}
                  aria-label={`${t('teams.agents.limit')}: ${agent.fullName ?? agent.email}`}
                  placeholder={t('teams.agents.noLimit')}
                  defaultValue={agent.maxOpen ?? ''}
                  onBlur={(event) => {
                    const value = event.target.value.trim();
                    const maxOpen = value === '' ? null : Number(value);
                    if (maxOpen !== agent.maxOpen) limit.mutate({ userId: agent.userId, maxOpen });
                  }}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {limit.isError && <ErrorNotice error={limit.error} />}
    </section>
  );
}
