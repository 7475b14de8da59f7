// The platform's gateway settings: USD→BRL rate, default model, fallback chain, response cache.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';

export function GatewayConfigPanel() {
  const t = useT();
  const queryClient = useQueryClient();
  const config = useQuery({ queryKey: ['gateway', 'config'], queryFn: () => api().gateway.config.get.query() });
  const [draft, setDraft] = useState({ usdToBrlRate: '', defaultModel: '', fallbackChain: '', cacheEnabled: true, cacheTtlSeconds: '' });
  const [saved, setSaved] = useState(false);
  // The form starts again from the server's configuration whenever it changes (loaded, saved,
  // refetched with news), adjusted while rendering rather than one render later in an effect.
  const [loaded, setLoaded] = useState<typeof config.data>(undefined);
  if (config.data && config.data !== loaded) {
    setLoaded(config.data);
    setDraft({
      usdToBrlRate: config.data.usdToBrlRate,
      defaultModel: config.data.defaultModel ?? '',
      fallbackChain: config.data.fallbackChain.join(', '),
      cacheEnabled: config.data.cacheEnabled,
      cacheTtlSeconds: String(config.data.cacheTtlSeconds),
    });
  }
  const save = useMutation({
    mutationFn: () =>
      api().gateway.config.update.mutate({
        usdToBrlRate: draft.usdToBrlRate.trim(),
        cacheEnabled: draft.cacheEnabled,
        cacheTtlSeconds: Number(draft.cacheTtlSeconds),
        ...(draft.defaultModel.trim() ? { defaultModel: draft.defaultModel.trim() } : {}),
        fallbackChain: draft.fallbackChain
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      }),
    onSuccess: async () => {
      setSaved(true);
      await queryClient.invalidateQueries({ queryKey: ['gateway', 'config'] });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  if (config.isError) return <ErrorNotice error={config.error} onRetry={() => void config.refetch()} />;
  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="gateway-title">
      <h2 id="gateway-title">{t('platform.tab.gateway')}</h2>
      <div className="row">
        <Field
          label={t('platform.gateway.rate')}
          required
          inputMode="decimal"
          value={draft.usdToBrlRate}
          onChange={(event) => setDraft({ ...draft, usdToBrlRate: event.target.value })}
        />
        <Field
          label={t('platform.gateway.defaultModel')}
          value={draft.defaultModel}
          onChange={(event) => setDraft({ ...draft, defaultModel: event.target.value })}
        />
      </div>
      <Field
        label={t('platform.gateway.fallbackChain')}
        value={draft.fallbackChain}
        onChange={(event) => setDraft({ ...draft, fallbackChain: event.target.value })}
      />
      <div className="row">
        <label className="checkbox">
          <input type="checkbox" checked={draft.cacheEnabled} onChange={(event) => setDraft({ ...draft, cacheEnabled: event.target.checked })} />{' '}
          {t('platform.gateway.cacheEnabled')}
        </label>
        <Field
          label={t('platform.gateway.cacheTtl')}
          inputMode="numeric"
          value={draft.cacheTtlSeconds}
          onChange={(event) => setDraft({ ...draft, cacheTtlSeconds: event.target.value })}
        />
      </div>
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending || !config.data}>
          {t('platform.gateway.save')}
        </button>
        {saved && <span role="status">{t('admin.saved')}</span>}
      </div>
      {save.isError && <ErrorNotice error={save.error} />}
    </form>
  );
}
