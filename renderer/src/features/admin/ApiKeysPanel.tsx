// API keys for the OpenAI-compatible endpoint (/v1, scope ai:use) and the REST API (/api/v1), limited
// to the scopes picked (none picked: all): create (the key is shown once), list, revoke.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { API_SCOPES, type ApiScope } from '#shared/domain/apiScopes.js';
import { useAdminClient } from './useAdminClient';

export function ApiKeysPanel() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const keys = useQuery({ queryKey: ['apiKeys', 'list', clientId], queryFn: () => api().apiKeys.list.query(input) });
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ApiScope[]>([]);
  const [created, setCreated] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => api().apiKeys.create.mutate({ ...input, name, scopes: scopes.length ? scopes : null }),
    onSuccess: async (key) => {
      setCreated(key.key);
      setName('');
      setScopes([]);
      await queryClient.invalidateQueries({ queryKey: ['apiKeys'] });
    },
  });
  const revoke = useMutation({
    mutationFn: (id: string) => api().apiKeys.revoke.mutate({ ...input, id }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['apiKeys'] }),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <section className="card stack" aria-labelledby="api-keys-title">
      <h2 id="api-keys-title">{t('admin.tab.apiKeys')}</h2>
      <p className="muted small">{t('admin.apiKeys.help')}</p>
      <form className="stack" onSubmit={submit}>
        <Field label={t('admin.apiKeys.name')} required value={name} onChange={(event) => setName(event.target.value)} />
        <fieldset>
          <legend>{t('admin.apiKeys.scopes')}</legend>
          <p className="muted small">{t('admin.apiKeys.scopesHelp')}</p>
          <div className="row wrap">
            {API_SCOPES.map((scope) => (
              <label key={scope} className="row small">
                <input
                  type="checkbox"
                  checked={scopes.includes(scope)}
                  onChange={() => setScopes((current) => (current.includes(scope) ? current.filter((item) => item !== scope) : [...current, scope]))}
                />
                <code>{scope}</code>
              </label>
            ))}
          </div>
        </fieldset>
        <div>
          <button type="submit" className="button-primary" disabled={create.isPending}>
            {t('admin.apiKeys.create')}
          </button>
        </div>
      </form>
      {create.isError && <ErrorNotice error={create.error} />}
      {created && (
        <p className="notice mono" role="status" data-testid="new-api-key">
          {t('admin.apiKeys.created', { key: created })}
        </p>
      )}
      {keys.isError && <ErrorNotice error={keys.error} />}
      {keys.data?.length === 0 && <p className="muted">{t('admin.apiKeys.none')}</p>}
      <ul className="stack plain-list" data-testid="api-keys">
        {keys.data?.map((key) => (
          <li key={key.id} className="row">
            <span>
              <strong>{key.name}</strong> <code>{key.prefix}…</code>{' '}
              <span className="small">{key.scopes ? key.scopes.join(', ') : t('admin.apiKeys.allScopes')}</span>{' '}
              <span className="muted small">
                {key.lastUsedAt ? t('admin.apiKeys.lastUsed', { date: formatDateTime(String(key.lastUsedAt), language) }) : t('admin.apiKeys.never')}
              </span>
              {key.revokedAt && <span className="status-pill"> {t('admin.apiKeys.revoked')}</span>}
            </span>
            {!key.revokedAt && (
              <button type="button" className="button-secondary" onClick={() => revoke.mutate(key.id)}>
                {t('admin.apiKeys.revoke')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
