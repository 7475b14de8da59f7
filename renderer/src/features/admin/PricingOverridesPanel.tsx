// A client's own prices per model (they replace the registry's for that client).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from './useAdminClient';

export function PricingOverridesPanel() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const overrides = useQuery({ queryKey: ['gateway', 'pricing', clientId], queryFn: () => api().gateway.pricing.list.query(input) });
  const models = useQuery({ queryKey: ['gateway', 'registry'], queryFn: () => api().gateway.registry.list.query() });
  const [draft, setDraft] = useState({ model: '', promptPrice: '', completionPrice: '', cachedPromptPrice: '' });
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['gateway', 'pricing'] });
  const save = useMutation({
    mutationFn: () =>
      api().gateway.pricing.set.mutate({
        ...input,
        model: draft.model,
        promptPrice: draft.promptPrice,
        completionPrice: draft.completionPrice,
        cachedPromptPrice: draft.cachedPromptPrice || null,
      }),
    onSuccess: async () => {
      setDraft({ model: '', promptPrice: '', completionPrice: '', cachedPromptPrice: '' });
      await refresh();
    },
  });
  const remove = useMutation({ mutationFn: (id: string) => api().gateway.pricing.remove.mutate({ ...input, id }), onSettled: refresh });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };
  return (
    <section className="card stack" aria-labelledby="pricing-title">
      <h2 id="pricing-title">{t('platform.tab.pricing')}</h2>
      <p className="muted small">{t('platform.pricing.help')}</p>
      {overrides.isError && <ErrorNotice error={overrides.error} />}
      {overrides.data?.length === 0 && <p className="muted">{t('platform.pricing.none')}</p>}
      <ul className="stack plain-list" data-testid="pricing-overrides">
        {overrides.data?.map((row) => (
          <li key={row.id} className="row">
            <span>
              {row.provider}/{row.model}: {row.promptPrice} / {row.completionPrice}
              {row.cachedPromptPrice ? ` / ${row.cachedPromptPrice}` : ''} USD
            </span>
            <button type="button" className="button-secondary" onClick={() => remove.mutate(row.id)}>
              {t('common.remove')}
            </button>
          </li>
        ))}
      </ul>
      <form className="row" onSubmit={submit}>
        <div className="field">
          <label htmlFor="pricing-model">{t('platform.pricing.model')}</label>
          <select id="pricing-model" required value={draft.model} onChange={(event) => setDraft({ ...draft, model: event.target.value })}>
            <option value="" />
            {models.data?.map((model) => (
              <option key={model.id} value={model.gatewayIdentifier}>
                {model.gatewayIdentifier}
              </option>
            ))}
          </select>
        </div>
        <Field
          label={t('platform.pricing.prompt')}
          required
          inputMode="decimal"
          value={draft.promptPrice}
          onChange={(event) => setDraft({ ...draft, promptPrice: event.target.value })}
        />
        <Field
          label={t('platform.pricing.completion')}
          required
          inputMode="decimal"
          value={draft.completionPrice}
          onChange={(event) => setDraft({ ...draft, completionPrice: event.target.value })}
        />
        <Field
          label={t('platform.pricing.cached')}
          inputMode="decimal"
          value={draft.cachedPromptPrice}
          onChange={(event) => setDraft({ ...draft, cachedPromptPrice: event.target.value })}
        />
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('platform.pricing.save')}
        </button>
      </form>
      {(save.isError || remove.isError) && <ErrorNotice error={save.error ?? remove.error} />}
    </section>
  );
}
