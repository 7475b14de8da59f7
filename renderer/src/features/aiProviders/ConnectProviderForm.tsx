// The "Connect a model provider" form: kind, key (write-only), base URL for an OpenAI-compatible
// server, "Test connection" (the provider's model list, or why not in plain words), the model
// picked from that list, and save (which also makes it the provider the AI reply uses).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { AI_PROVIDER_KINDS, OLLAMA_BASE_URL, type AiProviderKind } from '#shared/domain/aiProviders.js';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { aiProviderKeys } from './aiProviderKeys';

type Connection = RouterOutputs['aiProviders']['list']['connections'][number];
type TestResult = RouterOutputs['aiProviders']['testConnection'];

type Props = {
  input: { clientId?: string };
  /** The connection being changed (its kind, base URL and model prefilled), or none for a new one. */
  editing: Connection | null;
  onDone(kind: AiProviderKind): void;
  onCancel?(): void;
};

export function ConnectProviderForm({ input, editing, onDone, onCancel }: Props) {
  const t = useT();
  const ids = useId();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<AiProviderKind>(editing?.kind ?? 'openai');
  const [apiKey, setApiKey] = useState('');
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? '');
  const [model, setModel] = useState(editing?.model ?? '');
  const [result, setResult] = useState<TestResult | null>(null);
  const [missingModel, setMissingModel] = useState(false);
  const custom = kind === 'openai_compatible';
  const values = () => ({
    ...input,
    kind,
    ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
    ...(custom && baseUrl.trim() ? { baseUrl: baseUrl.trim() } : {}),
  });

  const test = useMutation({
    mutationFn: () => api().aiProviders.testConnection.mutate(values()),
    onSuccess: (answer) => {
      setResult(answer);
      if (answer.ok && answer.models.length && !answer.models.includes(model)) setModel(answer.models[0]!);
    },
  });
  const save = useMutation({
    mutationFn: () => api().aiProviders.save.mutate({ ...values(), model: model.trim() }),
    onSuccess: async () => {
      setApiKey('');
      await queryClient.invalidateQueries({ queryKey: aiProviderKeys.all });
      onDone(kind);
    },
  });
  const changeKind = (next: AiProviderKind) => {
    setKind(next);
    setResult(null);
    setModel(editing?.kind === next ? (editing.model ?? '') : '');
    test.reset();
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setMissingModel(!model.trim());
    if (model.trim()) save.mutate();
  };
  const models = result?.ok ? result.models : [];
  const keyHint = editing?.kind === kind ? editing.keyHint : null;
  const keyLabel = custom ? t('aiProviders.form.apiKeyOptional') : keyHint ? t('aiProviders.form.apiKeyKeep', { hint: keyHint }) : t('aiProviders.form.apiKey');

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby={`${ids}-title`} autoComplete="off" data-testid="connect-provider-form">
      <h2 id={`${ids}-title`}>{t('aiProviders.form.title')}</h2>
      <div className="field">
        <label htmlFor={`${ids}-kind`}>{t('aiProviders.form.kind')}</label>
        <select id={`${ids}-kind`} value={kind} onChange={(event) => changeKind(event.target.value as AiProviderKind)}>
          {AI_PROVIDER_KINDS.map((option) => (
            <option key={option} value={option}>
              {t(`aiProviders.kind.${option}` as MessageKey)}
            </option>
          ))}
        </select>
      </div>
      {custom && (
        <div className="field">
          <label htmlFor={`${ids}-url`}>{t('aiProviders.form.baseUrl')}</label>
          <input
            id={`${ids}-url`}
            type="url"
            inputMode="url"
            spellCheck={false}
            placeholder={OLLAMA_BASE_URL}
            value={baseUrl}
            aria-describedby={`${ids}-url-hint`}
            onChange={(event) => {
              setBaseUrl(event.target.value);
              setResult(null);
            }}
          />
          <p id={`${ids}-url-hint`} className="field-hint">
            {t('aiProviders.form.baseUrlHint')}
          </p>
        </div>
      )}
      <div className="field">
        <label htmlFor={`${ids}-key`}>{keyLabel}</label>
        <input
          id={`${ids}-key`}
          type="password"
          autoComplete="new-password"
          spellCheck={false}
          value={apiKey}
          onChange={(event) => {
            setApiKey(event.target.value);
            setResult(null);
          }}
        />
      </div>
      <div className="row">
        <button type="button" className="button-secondary" disabled={test.isPending} onClick={() => test.mutate()}>
          {test.isPending ? t('aiProviders.form.testing') : t('aiProviders.form.test')}
        </button>
      </div>
      {result?.ok === true && (
        <p role="status" className="notice" data-testid="test-ok">
          {t('aiProviders.form.testOk', { count: result.models.length })}
        </p>
      )}
      {result?.ok === false && (
        <div className="notice notice-error" role="alert" data-testid="test-failed">
          <span>{t(`aiProviders.fail.${result.code}` as MessageKey)}</span>
          <span className="small">{t('aiProviders.fail.details', { reason: result.reason })}</span>
        </div>
      )}
      {test.isError && <ErrorNotice error={test.error} />}
      <div className="field">
        <label htmlFor={`${ids}-model`}>{t('aiProviders.form.model')}</label>
        {models.length > 0 ? (
          <select id={`${ids}-model`} value={model} onChange={(event) => setModel(event.target.value)}>
            {!models.includes(model) && model && <option value={model}>{model}</option>}
            {models.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={`${ids}-model`}
            spellCheck={false}
            placeholder={t('aiProviders.form.modelPick')}
            value={model}
            onChange={(event) => setModel(event.target.value)}
            aria-describedby={`${ids}-model-hint`}
          />
        )}
        <p id={`${ids}-model-hint`} className="field-hint">
          {t('aiProviders.form.modelHint')}
        </p>
        {missingModel && <p className="field-error">{t('aiProviders.form.needModel')}</p>}
      </div>
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('aiProviders.form.save')}
        </button>
        {onCancel && (
          <button type="button" className="button-secondary" onClick={onCancel}>
            {t('aiProviders.form.cancel')}
          </button>
        )}
      </div>
      {save.isError && <ErrorNotice error={save.error} />}
    </form>
  );
}
