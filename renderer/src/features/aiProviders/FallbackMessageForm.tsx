// The message the AI reply sends when it cannot answer (no provider connected, every model failed):
// the customer gets it and a person takes over. Empty: with no provider, messages wait for a person.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { aiProviderKeys } from './aiProviderKeys';

export function FallbackMessageForm({ input, clientId }: { input: { clientId?: string }; clientId: string | null }) {
  const t = useT();
  const ids = useId();
  const queryClient = useQueryClient();
  const current = useQuery({ queryKey: aiProviderKeys.fallback(clientId), queryFn: () => api().aiProviders.fallbackMessage.query(input) });
  const [text, setText] = useState('');
  const [saved, setSaved] = useState(false);
  // The text starts again from the saved message whenever it changes (loaded, saved, refetched with
  // news), adjusted while rendering rather than one render later in an effect.
  const [loaded, setLoaded] = useState<typeof current.data>(undefined);
  if (current.data && current.data !== loaded) {
    setLoaded(current.data);
    setText(current.data.message ?? '');
  }
  const save = useMutation({
    mutationFn: () => api().aiProviders.setFallbackMessage.mutate({ ...input, message: text.trim() || null }),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: aiProviderKeys.fallback(clientId) });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  if (current.isError) return <ErrorNotice error={current.error} onRetry={() => void current.refetch()} />;
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={`${ids}-title`} data-testid="fallback-message-form">
      <h2 id={`${ids}-title`}>{t('aiProviders.fallback.title')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-text`}>{t('aiProviders.fallback.label')}</label>
        <textarea
          id={`${ids}-text`}
          rows={3}
          maxLength={1000}
          value={text}
          disabled={current.isPending}
          aria-describedby={`${ids}-hint`}
          onChange={(event) => {
            setText(event.target.value);
            setSaved(false);
          }}
        />
        <p id={`${ids}-hint`} className="field-hint">
          {t('aiProviders.fallback.hint')}
        </p>
      </div>
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending || current.isPending}>
          {t('aiProviders.fallback.save')}
        </button>
        {saved && <span role="status">{t('aiProviders.fallback.saved')}</span>}
      </div>
      {save.isError && <ErrorNotice error={save.error} />}
    </form>
  );
}
