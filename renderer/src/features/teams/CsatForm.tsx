// The satisfaction survey: on or off, asking for a comment, the question.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';

type Draft = { enabled: boolean; askComment: boolean; question: string };

export function CsatForm({ input }: { input: { clientId?: string } }) {
  const t = useT();
  const queryClient = useQueryClient();
  const key = ['teams', 'csat', input.clientId ?? null];
  const settings = useQuery({ queryKey: key, queryFn: () => api().teams.csatSettings.query(input) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (value: Draft) => api().teams.setCsatSettings.mutate({ ...input, ...value }),
    onSuccess: (data) => {
      setSaved(true);
      queryClient.setQueryData(key, data);
    },
  });
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />;
  if (!settings.data) return <p>{t('common.loading')}</p>;
  const value = draft ?? { enabled: settings.data.enabled, askComment: settings.data.askComment, question: settings.data.question };
  const set = (changes: Partial<Draft>) => {
    setSaved(false);
    setDraft({ ...value, ...changes });
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate(value);
  };
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('csat.title')} data-testid="csat-form">
      <h2>{t('csat.title')}</h2>
      <p className="muted">{t('csat.help')}</p>
      <label className="row small">
        <input type="checkbox" checked={value.enabled} onChange={(event) => set({ enabled: event.target.checked })} />
        {t('csat.enabled')}
      </label>
      <label className="row small">
        <input type="checkbox" checked={value.askComment} onChange={(event) => set({ askComment: event.target.checked })} />
        {t('csat.askComment')}
      </label>
      <Field label={t('csat.question')} value={value.question} required maxLength={1024} onChange={(event) => set({ question: event.target.value })} />
      {save.isError && <ErrorNotice error={save.error} />}
      {saved && !save.isPending && (
        <p role="status" className="muted">
          {t('csat.saved')}
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
