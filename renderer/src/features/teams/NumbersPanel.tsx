// /admin/numbers: the client's WhatsApp numbers (inboxes): names, default teams, further numbers
// with their own credentials or further sandbox numbers, removal of the further ones, and each
// number's own business hours (the client's hours form, scoped to the number).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { NumberKind } from '#shared/teams/teamVocabulary.js';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { BusinessHoursForm } from './BusinessHoursForm';
import { useNumbers, useTeams } from './useTeamsData';

type WhatsAppNumber = RouterOutputs['numbers']['list'][number];
type Team = RouterOutputs['teams']['list'][number];

export function NumbersPanel({ input }: { input: { clientId?: string } }) {
  const t = useT();
  const numbers = useNumbers(input);
  const teams = useTeams(input);
  if (numbers.isError) return <ErrorNotice error={numbers.error} onRetry={() => void numbers.refetch()} />;
  if (!numbers.data || !teams.data) return <p>{t('common.loading')}</p>;
  return (
    <section className="card stack" aria-label={t('numbers.title')}>
      <h2>{t('numbers.title')}</h2>
      <p className="muted">{t('numbers.help')}</p>
      {numbers.data.map((number) => (
        <div key={number.id} className="stack">
          <NumberRow number={number} teams={teams.data} input={input} />
          <details data-testid={`number-hours-${number.phoneNumberId}`}>
            <summary>{t('hours.numberTitle')}</summary>
            <BusinessHoursForm input={input} scope={number.phoneNumberId} />
          </details>
        </div>
      ))}
      <NewNumberForm teams={teams.data} input={input} />
    </section>
  );
}

function TeamSelect({ id, value, teams, onChange }: { id: string; value: string; teams: Team[]; onChange(value: string): void }) {
  const t = useT();
  return (
    <div className="field">
      <label htmlFor={id}>{t('numbers.defaultTeam')}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        <option value="">{t('numbers.noTeam')}</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </select>
    </div>
  );
}

function NumberRow({ number, teams, input }: { number: WhatsAppNumber; teams: Team[]; input: { clientId?: string } }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [name, setName] = useState(number.displayName);
  const [team, setTeam] = useState(number.defaultTeamId ?? '');
  // null: every flow of the client; else only these start on this number.
  const [flowIds, setFlowIds] = useState<string[] | null>(number.flowIds);
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => api().flows.list.query() });
  const [saved, setSaved] = useState(false);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['numbers'] });
  const save = useMutation({
    mutationFn: () => api().numbers.update.mutate({ ...input, id: number.id, displayName: name, defaultTeamId: team || null, flowIds }),
    onSuccess: () => {
      setSaved(true);
      void refresh();
    },
  });
  const remove = useMutation({ mutationFn: () => api().numbers.remove.mutate({ ...input, id: number.id }), onSuccess: () => void refresh() });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label={number.displayName} data-testid={`number-${number.phoneNumberId}`}>
      <p className="small muted">
        {t(`numbers.kind.${number.kind}`)} · {number.displayPhone ?? number.phoneNumberId}
        {number.main ? ` · ${t('numbers.main')}` : ''}
      </p>
      <Field label={t('numbers.displayName')} value={name} required maxLength={80} onChange={(event) => setName(event.target.value)} />
      <TeamSelect id={`number-team-${number.id}`} value={team} teams={teams} onChange={setTeam} />
      {flows.data && flows.data.length > 0 && (
        <fieldset className="row wrap">
          <legend>{t('numbers.flows')}</legend>
          <label className="row small">
            <input type="checkbox" checked={flowIds === null} onChange={(event) => setFlowIds(event.target.checked ? null : [])} />
            {t('numbers.allFlows')}
          </label>
          {flowIds !== null &&
            flows.data.map((flow) => (
              <label key={flow.id} className="row small">
                <input
                  type="checkbox"
                  checked={flowIds.includes(flow.id)}
                  onChange={(event) => setFlowIds(event.target.checked ? [...flowIds, flow.id] : flowIds.filter((id) => id !== flow.id))}
                />
                {flow.name}
              </label>
            ))}
        </fieldset>
      )}
      {save.isError && <ErrorNotice error={save.error} />}
      {remove.isError && <ErrorNotice error={remove.error} />}
      {saved && !save.isPending && (
        <p role="status" className="muted">
          {t('numbers.saved')}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        {!number.main && (
          <button type="button" className="button-secondary" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {t('numbers.remove')}
          </button>
        )}
      </div>
    </form>
  );
}

function NewNumberForm({ teams, input }: { teams: Team[]; input: { clientId?: string } }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<NumberKind>('sandbox');
  const [draft, setDraft] = useState({ displayName: '', phoneNumberId: '', accessToken: '', appSecret: '', team: '' });
  const [added, setAdded] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () =>
      api().numbers.create.mutate({
        ...input,
        kind,
        displayName: draft.displayName,
        defaultTeamId: draft.team || null,
        ...(kind === 'meta' ? { phoneNumberId: draft.phoneNumberId, accessToken: draft.accessToken, appSecret: draft.appSecret } : {}),
      }),
    onSuccess: (created) => {
      setAdded(t('numbers.added', { name: created.displayName }));
      setDraft({ displayName: '', phoneNumberId: '', accessToken: '', appSecret: '', team: '' });
      void queryClient.invalidateQueries({ queryKey: ['numbers'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAdded(null);
    create.mutate();
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('numbers.add')} data-testid="number-new">
      <h3>{t('numbers.add')}</h3>
      <div className="row" role="radiogroup">
        {(['sandbox', 'meta'] as const).map((option) => (
          <label key={option} className="row small">
            <input type="radio" name="number-kind" checked={kind === option} onChange={() => setKind(option)} />
            {t(`numbers.kind.${option}`)}
          </label>
        ))}
      </div>
      <Field
        label={t('numbers.displayName')}
        value={draft.displayName}
        required
        maxLength={80}
        onChange={(event) => setDraft({ ...draft, displayName: event.target.value })}
      />
      {kind === 'meta' && (
        <>
          <Field
            label={t('numbers.phoneNumberId')}
            value={draft.phoneNumberId}
            required
            inputMode="numeric"
            onChange={(event) => setDraft({ ...draft, phoneNumberId: event.target.value })}
          />
          <Field
            label={t('numbers.accessToken')}
            type="password"
            value={draft.accessToken}
            required
            autoComplete="off"
            onChange={(event) => setDraft({ ...draft, accessToken: event.target.value })}
          />
          <Field
            label={t('numbers.appSecret')}
            type="password"
            value={draft.appSecret}
            required
            autoComplete="off"
            onChange={(event) => setDraft({ ...draft, appSecret: event.target.value })}
          />
        </>
      )}
      <TeamSelect id="number-team-new" value={draft.team} teams={teams} onChange={(team) => setDraft({ ...draft, team })} />
      {create.isError && <ErrorNotice error={create.error} />}
      {added && !create.isPending && (
        <p role="status" className="muted">
          {added}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button-primary" disabled={create.isPending}>
          {t('numbers.add')}
        </button>
      </div>
    </form>
  );
}
