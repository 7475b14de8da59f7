// The model registry and its prices (USD per million tokens). Editing a price changes the cost of
// the next call the gateway makes with that model.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';

type Model = RouterOutputs['gateway']['registry']['list'][number];

export function ModelRegistryPanel() {
  const t = useT();
  const models = useQuery({ queryKey: ['gateway', 'registry'], queryFn: () => api().gateway.registry.list.query() });
  return (
    <section className="card stack" aria-labelledby="models-title">
      <h2 id="models-title">{t('platform.tab.models')}</h2>
      {models.isError && <ErrorNotice error={models.error} />}
      <table className="data-table" data-testid="model-registry">
        <thead>
          <tr>
            <th>{t('platform.models.model')}</th>
            <th>{t('platform.models.input')}</th>
            <th>{t('platform.models.output')}</th>
            <th>{t('platform.models.cached')}</th>
            <th>{t('platform.models.active')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {models.data?.map((model) => (
            <ModelRow key={model.id} model={model} />
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ModelRow({ model }: { model: Model }) {
  const t = useT();
  const queryClient = useQueryClient();
  const [prices, setPrices] = useState({
    input: model.inputPricePerMillion,
    output: model.outputPricePerMillion,
    cached: model.cachedInputPricePerMillion ?? '',
  });
  const save = useMutation({
    mutationFn: (isActive: boolean) =>
      api().gateway.registry.upsert.mutate({
        provider: model.provider,
        modelName: model.modelName,
        gatewayIdentifier: model.gatewayIdentifier,
        capabilities: model.capabilities as Record<string, string | number | boolean>,
        contextWindow: model.contextWindow,
        maxOutputTokens: model.maxOutputTokens,
        description: model.description,
        isActive,
        inputPricePerMillion: clean(prices.input),
        outputPricePerMillion: clean(prices.output),
        cachedInputPricePerMillion: prices.cached ? clean(prices.cached) : null,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['gateway', 'registry'] }),
  });
  const label = `${model.provider}/${model.modelName}`;
  return (
    <tr data-model={model.gatewayIdentifier}>
      <td>
        {label}
        {save.isError && <ErrorNotice error={save.error} />}
      </td>
      <td>
        <input
          className="price-input"
          aria-label={`${t('platform.models.input')} ${label}`}
          inputMode="decimal"
          value={prices.input}
          onChange={(event) => setPrices({ ...prices, input: event.target.value })}
        />
      </td>
      <td>
        <input
          className="price-input"
          aria-label={`${t('platform.models.output')} ${label}`}
          inputMode="decimal"
          value={prices.output}
          onChange={(event) => setPrices({ ...prices, output: event.target.value })}
        />
      </td>
      <td>
        <input
          className="price-input"
          aria-label={`${t('platform.models.cached')} ${label}`}
          inputMode="decimal"
          value={prices.cached}
          onChange={(event) => setPrices({ ...prices, cached: event.target.value })}
        />
      </td>
      <td>
        <input
          type="checkbox"
          aria-label={`${t('platform.models.active')} ${label}`}
          checked={model.isActive}
          onChange={(event) => save.mutate(event.target.checked)}
        />
      </td>
      <td>
        <button type="button" className="button-secondary" disabled={save.isPending} onClick={() => save.mutate(model.isActive)}>
          {t('platform.models.save')}
        </button>
      </td>
    </tr>
  );
}

/** The server keeps up to 10 decimals; "2.5000000000" and "2.5" are the same price. */
const clean = (value: string) =>
  value
    .trim()
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
