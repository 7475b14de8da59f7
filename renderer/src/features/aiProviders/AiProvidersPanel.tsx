// Settings → AI (/admin/ai): the client's provider connections (which one the AI reply uses, the
// model, the last 4 characters of a key), with the form to connect, change or disconnect one, and
// the fallback message sent when the AI reply cannot answer.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { AiProviderKind } from '#shared/domain/aiProviders.js';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useAdminClient } from '../admin/useAdminClient';
import { aiProviderKeys } from './aiProviderKeys';
import { ConnectProviderForm } from './ConnectProviderForm';
import { FallbackMessageForm } from './FallbackMessageForm';
import './aiProviders.css';

type Connection = RouterOutputs['aiProviders']['list']['connections'][number];

export function AiProvidersPanel() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const list = useQuery({ queryKey: aiProviderKeys.list(clientId), queryFn: () => api().aiProviders.list.query(input) });
  /** undefined: the form is closed; null: a new connection; a connection: changing it. */
  const [editing, setEditing] = useState<Connection | null | undefined>(undefined);
  const [saved, setSaved] = useState<AiProviderKind | null>(null);
  const remove = useMutation({
    mutationFn: (kind: AiProviderKind) => api().aiProviders.remove.mutate({ ...input, kind }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: aiProviderKeys.all }),
  });
  if (list.isPending) return <p>{t('common.loading')}</p>;
  if (list.isError) return <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />;
  const connected = list.data.connections.filter((connection) => connection.connected);
  const formOpen = editing !== undefined || connected.length === 0;

  return (
    <div className="stack" data-testid="ai-providers">
      <section className="card stack" aria-labelledby="ai-providers-title">
        <h2 id="ai-providers-title">{t('aiProviders.title')}</h2>
        <p className="muted small">{t('aiProviders.help')}</p>
        {connected.length === 0 && (
          <p className="notice" role="status">
            {t('aiProviders.banner.none')}
          </p>
        )}
        <ul className="stack ai-provider-list" aria-label={t('aiProviders.title')}>
          {connected.map((connection) => (
            <li key={connection.kind} className="row" data-testid={`provider-${connection.kind}`}>
              <strong>{t(`aiProviders.kind.${connection.kind}` as MessageKey)}</strong>
              <span className="status-pill humano">{t('aiProviders.connected')}</span>
              {connection.primary && <span className="status-pill bot">{t('aiProviders.inUse')}</span>}
              {connection.model && <span>{t('aiProviders.model', { model: connection.model })}</span>}
              {connection.baseUrl && <code className="small">{connection.baseUrl}</code>}
              <span className="muted small">{connection.keyHint ? t('aiProviders.keyHint', { hint: connection.keyHint }) : t('aiProviders.noKey')}</span>
              <button
                type="button"
                className="button-secondary"
                onClick={() => {
                  setSaved(null);
                  setEditing(connection);
                }}>
                {t('aiProviders.edit')}
              </button>
              <button type="button" className="button-secondary" disabled={remove.isPending} onClick={() => remove.mutate(connection.kind)}>
                {t('aiProviders.remove')}
              </button>
            </li>
          ))}
        </ul>
        {saved && <p role="status">{t('aiProviders.form.saved', { provider: t(`aiProviders.kind.${saved}` as MessageKey) })}</p>}
        {!formOpen && (
          <div className="row">
            <button
              type="button"
              className="button-primary"
              onClick={() => {
                setSaved(null);
                setEditing(null);
              }}>
              {t('aiProviders.connect')}
            </button>
          </div>
        )}
        {remove.isError && <ErrorNotice error={remove.error} />}
      </section>
      {formOpen && (
        <ConnectProviderForm
          key={editing?.kind ?? 'new'}
          input={input}
          editing={editing ?? null}
          onDone={(kind) => {
            setSaved(kind);
            setEditing(undefined);
          }}
          onCancel={connected.length ? () => setEditing(undefined) : undefined}
        />
      )}
      <FallbackMessageForm input={input} clientId={clientId} />
    </div>
  );
}
