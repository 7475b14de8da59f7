// Business hours of the client (scope '*') or of one of its numbers (scope = its phone number id,
// which wins over the client's): timezone, Monday–Friday, Saturday and Sunday openings, holidays,
// and what happens outside them: the away message (on a handoff) and, when chosen, a flow that a
// customer's message starts. A number without hours of its own follows the client's (its form
// starts from them); its own hours can be dropped to follow the client's again.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import type { Schedule, Weekday } from '#shared/teams/businessHours.js';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';

type Span = { from: string; to: string; open: boolean };
type Draft = {
  enabled: boolean;
  timezone: string;
  weekdays: Span;
  saturday: Span;
  sunday: Span;
  holidays: string;
  awayMessage: string;
  /** Outside the hours: only the away message (''), or this flow starts on a customer's message. */
  awayFlowId: string;
};

const WEEKDAY_KEYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const spanOf = (schedule: Schedule | null, day: Weekday, fallback: Span): Span => {
  if (!schedule) return fallback;
  const first = schedule.weekly[day]?.[0];
  return first ? { from: first.from, to: first.to, open: true } : { ...fallback, open: false };
};

export function BusinessHoursForm({ input, scope = '*' }: { input: { clientId?: string }; scope?: string }) {
  const t = useT();
  const queryClient = useQueryClient();
  const idPrefix = useId();
  const key = ['teams', 'businessHours', input.clientId ?? null];
  const hours = useQuery({ queryKey: key, queryFn: () => api().teams.businessHours.query(input) });
  const flows = useQuery({ queryKey: ['flows', 'list'], queryFn: () => api().flows.list.query() });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState<'saved' | 'removed' | null>(null);
  const save = useMutation({
    mutationFn: (value: Draft) => {
      const spans = (span: Span) => (span.open ? [{ from: span.from, to: span.to }] : []);
      const weekly = Object.fromEntries([
        ...WEEKDAY_KEYS.map((day) => [day, spans(value.weekdays)]),
        ['sat', spans(value.saturday)],
        ['sun', spans(value.sunday)],
      ]) as Schedule['weekly'];
      const holidays = value.holidays
        .split(',')
        .map((day) => day.trim())
        .filter(Boolean);
      return api().teams.setBusinessHours.mutate({
        ...input,
        scope,
        enabled: value.enabled,
        schedule: { timezone: value.timezone, weekly, holidays },
        awayMessage: value.awayMessage || null,
        awayFlowId: value.awayFlowId || null,
      });
    },
    onSuccess: () => {
      setSaved('saved');
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  const remove = useMutation({
    mutationFn: () => api().teams.removeBusinessHours.mutate({ ...input, scope }),
    onSuccess: () => {
      setSaved('removed');
      setDraft(null);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  if (hours.isError) return <ErrorNotice error={hours.error} onRetry={() => void hours.refetch()} />;
  if (!hours.data) return <p>{t('common.loading')}</p>;
  const own = hours.data.find((row) => row.scope === scope) ?? null;
  // A number without hours of its own follows the client's: its form starts from them.
  const current = own ?? (scope === '*' ? null : (hours.data.find((row) => row.scope === '*') ?? null));
  const forNumber = scope !== '*';
  const value: Draft = draft ?? {
    enabled: current?.enabled ?? false,
    timezone: current?.schedule.timezone ?? 'America/Sao_Paulo',
    weekdays: spanOf(current?.schedule ?? null, 'mon', { from: '09:00', to: '18:00', open: true }),
    saturday: spanOf(current?.schedule ?? null, 'sat', { from: '09:00', to: '13:00', open: false }),
    sunday: spanOf(current?.schedule ?? null, 'sun', { from: '09:00', to: '13:00', open: false }),
    holidays: current?.schedule.holidays.join(', ') ?? '',
    awayMessage: current?.awayMessage ?? '',
    awayFlowId: current?.awayFlowId ?? '',
  };
  const set = (changes: Partial<Draft>) => {
    setSaved(null);
    setDraft({ ...value, ...changes });
  };
  const spanRow = (name: 'weekdays' | 'saturday' | 'sunday', label: string) => (
    <fieldset className="row wrap">
      <legend>{label}</legend>
      <label className="row small">
        <input type="checkbox" checked={!value[name].open} onChange={(event) => set({ [name]: { ...value[name], open: !event.target.checked } })} />
        {t('hours.closed')}
      </label>
      <label className="row small">
        {t('hours.from')}
        <input
          type="time"
          value={value[name].from}
          disabled={!value[name].open}
          onChange={(event) => set({ [name]: { ...value[name], from: event.target.value } })}
        />
      </label>
      <label className="row small">
        {t('hours.to')}
        <input
          type="time"
          value={value[name].to}
          disabled={!value[name].open}
          onChange={(event) => set({ [name]: { ...value[name], to: event.target.value } })}
        />
      </label>
    </fieldset>
  );
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(value);
  };
  const title = forNumber ? t('hours.numberTitle') : t('hours.title');
  return (
    <form className="card stack" onSubmit={submit} aria-label={title} data-testid={forNumber ? `business-hours-form-${scope}` : 'business-hours-form'}>
      {forNumber ? <h3>{title}</h3> : <h2>{title}</h2>}
      <p className="muted">{t('hours.help')}</p>
      {forNumber && (
        <p className="small muted" data-testid="business-hours-source">
          {own ? t('hours.numberOwn') : t('hours.numberFollows')}
        </p>
      )}
      <label className="row small">
        <input type="checkbox" checked={value.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
        {t('hours.enabled')}
      </label>
      <Field label={t('hours.timezone')} value={value.timezone} required onChange={(event) => set({ timezone: event.target.value })} />
      {spanRow('weekdays', t('hours.weekdays'))}
      {spanRow('saturday', t('hours.saturday'))}
      {spanRow('sunday', t('hours.sunday'))}
      <Field label={t('hours.holidays')} hint={t('hours.holidaysHint')} value={value.holidays} onChange={(event) => set({ holidays: event.target.value })} />
      <div className="field">
        <label htmlFor={`${idPrefix}-away`}>{t('hours.awayMessage')}</label>
        <textarea id={`${idPrefix}-away`} rows={2} value={value.awayMessage} onChange={(event) => set({ awayMessage: event.target.value })} />
      </div>
      <fieldset className="stack">
        <legend>{t('hours.outside')}</legend>
        <label className="row small">
          <input type="radio" name={`${idPrefix}-outside`} checked={value.awayFlowId === ''} onChange={() => set({ awayFlowId: '' })} />
          {t('hours.outsideMessage')}
        </label>
        <label className="row small">
          <input
            type="radio"
            name={`${idPrefix}-outside`}
            checked={value.awayFlowId !== ''}
            disabled={!flows.data?.length}
            onChange={() => set({ awayFlowId: flows.data?.[0]?.id ?? '' })}
          />
          {t('hours.outsideFlow')}
        </label>
        {value.awayFlowId !== '' && (
          <div className="field">
            <label htmlFor={`${idPrefix}-flow`}>{t('hours.flow')}</label>
            <select id={`${idPrefix}-flow`} value={value.awayFlowId} onChange={(event) => set({ awayFlowId: event.target.value })}>
              {(flows.data ?? []).map((flow) => (
                <option key={flow.id} value={flow.id}>
                  {flow.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </fieldset>
      {save.isError && <ErrorNotice error={save.error} />}
      {remove.isError && <ErrorNotice error={remove.error} />}
      {saved && !save.isPending && !remove.isPending && (
        <p role="status" className="muted">
          {saved === 'saved' ? t('hours.saved') : t('hours.numberRemoved')}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        {forNumber && own && (
          <button type="button" className="button-secondary" disabled={remove.isPending} onClick={() => remove.mutate()}>
            {t('hours.useClientHours')}
          </button>
        )}
      </div>
    </form>
  );
}
