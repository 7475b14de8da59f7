// The client's business hours (scope '*'): timezone, Monday–Friday, Saturday and Sunday openings,
// holidays and the away message. Numbers' own hours are set through the API (teams.setBusinessHours).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { Schedule, Weekday } from '#shared/teams/businessHours.js';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';

type Span = { from: string; to: string; open: boolean };
type Draft = { enabled: boolean; timezone: string; weekdays: Span; saturday: Span; sunday: Span; holidays: string; awayMessage: string };

const WEEKDAY_KEYS: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const spanOf = (schedule: Schedule | null, day: Weekday, fallback: Span): Span => {
  if (!schedule) return fallback;
  const first = schedule.weekly[day]?.[0];
  return first ? { from: first.from, to: first.to, open: true } : { ...fallback, open: false };
};

export function BusinessHoursForm({ input }: { input: { clientId?: string } }) {
  const t = useT();
  const queryClient = useQueryClient();
  const key = ['teams', 'businessHours', input.clientId ?? null];
  const hours = useQuery({ queryKey: key, queryFn: () => api().teams.businessHours.query(input) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
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
        scope: '*',
        enabled: value.enabled,
        schedule: { timezone: value.timezone, weekly, holidays },
        awayMessage: value.awayMessage || null,
      });
    },
    onSuccess: () => {
      setSaved(true);
      void queryClient.invalidateQueries({ queryKey: key });
    },
  });
  if (hours.isError) return <ErrorNotice error={hours.error} onRetry={() => void hours.refetch()} />;
  if (!hours.data) return <p>{t('common.loading')}</p>;
  const current = hours.data.find((row) => row.scope === '*') ?? null;
  const value: Draft = draft ?? {
    enabled: current?.enabled ?? false,
    timezone: current?.schedule.timezone ?? 'America/Sao_Paulo',
    weekdays: spanOf(current?.schedule ?? null, 'mon', { from: '09:00', to: '18:00', open: true }),
    saturday: spanOf(current?.schedule ?? null, 'sat', { from: '09:00', to: '13:00', open: false }),
    sunday: spanOf(current?.schedule ?? null, 'sun', { from: '09:00', to: '13:00', open: false }),
    holidays: current?.schedule.holidays.join(', ') ?? '',
    awayMessage: current?.awayMessage ?? '',
  };
  const set = (changes: Partial<Draft>) => {
    setSaved(false);
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
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('hours.title')} data-testid="business-hours-form">
      <h2>{t('hours.title')}</h2>
      <p className="muted">{t('hours.help')}</p>
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
        <label htmlFor="hours-away">{t('hours.awayMessage')}</label>
        <textarea id="hours-away" rows={2} value={value.awayMessage} onChange={(event) => set({ awayMessage: event.target.value })} />
      </div>
      {save.isError && <ErrorNotice error={save.error} />}
      {saved && !save.isPending && (
        <p role="status" className="muted">
          {t('hours.saved')}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
      </div>
    </form>
  );
}
