// The words that stop and restart a customer's business-initiated messages, and the confirmations
// sent back (per client; stored apart from the bot configuration). Keywords are matched as the
// whole message, ignoring case and accents.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from '../useAdminClient';

type Settings = RouterOutputs['whatsapp']['optOut']['settings'];
type Draft = { optOutKeywords: string; optInKeywords: string; optOutReply: string; optInReply: string };

const words = (text: string) =>
  text
    .split(',')
    .map((word) => word.trim())
    .filter(Boolean);
const draftOf = (settings: Settings): Draft => ({
  optOutKeywords: settings.optOutKeywords.join(', '),
  optInKeywords: settings.optInKeywords.join(', '),
  optOutReply: settings.optOutReply,
  optInReply: settings.optInReply,
});

export function OptOutPanel() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const key = ['whatsapp', 'optOut', 'settings', clientId];
  const settings = useQuery({ queryKey: key, queryFn: () => api().whatsapp.optOut.settings.query(input) });
  const [draft, setDraft] = useState<Draft | null>(null);
  const [loaded, setLoaded] = useState<Settings | undefined>(undefined);
  const [saved, setSaved] = useState(false);
  // The form starts again from the server's answer whenever it changes (loaded, saved, reset).
  if (settings.data && settings.data !== loaded) {
    setLoaded(settings.data);
    setDraft(draftOf(settings.data));
  }
  const save = useMutation({
    mutationFn: (value: Parameters<ReturnType<typeof api>['whatsapp']['optOut']['saveSettings']['mutate']>[0]['settings']) =>
      api().whatsapp.optOut.saveSettings.mutate({ ...input, settings: value }),
    onSuccess: (data) => {
      setSaved(true);
      queryClient.setQueryData(key, data);
    },
  });
  if (settings.isPending || !draft) return <p>{t('common.loading')}</p>;
  if (settings.isError) return <ErrorNotice error={settings.error} onRetry={() => void settings.refetch()} />;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate({
      optOutKeywords: words(draft.optOutKeywords),
      optInKeywords: words(draft.optInKeywords),
      optOutReply: draft.optOutReply,
      optInReply: draft.optInReply,
    });
  };
  const area = (name: 'optOutReply' | 'optInReply', label: string) => (
    <div className="field">
      <label htmlFor={`opt-out-${name}`}>{label}</label>
      <textarea id={`opt-out-${name}`} rows={3} value={draft[name]} required onChange={(event) => setDraft({ ...draft, [name]: event.target.value })} />
    </div>
  );
  return (
    <form className="card stack" onSubmit={submit} aria-label={t('optOut.title')} data-testid="opt-out-form">
      <h2>{t('optOut.title')}</h2>
      <p className="muted">{t('optOut.help')}</p>
      <Field
        label={t('optOut.stopWords')}
        hint={t('optOut.wordsHint')}
        value={draft.optOutKeywords}
        required
        onChange={(event) => setDraft({ ...draft, optOutKeywords: event.target.value })}
      />
      {area('optOutReply', t('optOut.stopReply'))}
      <Field
        label={t('optOut.startWords')}
        hint={t('optOut.wordsHint')}
        value={draft.optInKeywords}
        required
        onChange={(event) => setDraft({ ...draft, optInKeywords: event.target.value })}
      />
      {area('optInReply', t('optOut.startReply'))}
      {save.isError && <ErrorNotice error={save.error} />}
      {saved && !save.isPending && (
        <p role="status" className="muted">
          {t('admin.saved')}
        </p>
      )}
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('common.save')}
        </button>
        {settings.data.customized && (
          <button type="button" className="button-secondary" disabled={save.isPending} onClick={() => save.mutate(null)}>
            {t('optOut.reset')}
          </button>
        )}
      </div>
    </form>
  );
}
