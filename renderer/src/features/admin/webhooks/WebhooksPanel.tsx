// Event webhooks: register a URL and its events (the signing secret is shown once), enable,
// disable, rotate the secret, send a test event, delete; and the delivery log with redeliver.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { Field } from '#renderer/ui/Field';
import { useAdminClient } from '../useAdminClient';

type Endpoint = RouterOutputs['webhooks']['list'][number];
type EventType = RouterOutputs['webhooks']['events'][number]['type'];

export function WebhooksPanel() {
  const t = useT();
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const endpoints = useQuery({ queryKey: ['webhooks', 'list', clientId], queryFn: () => api().webhooks.list.query(input) });
  const catalogue = useQuery({ queryKey: ['webhooks', 'events', clientId], queryFn: () => api().webhooks.events.query(input) });
  const [url, setUrl] = useState('');
  const [description, setDescription] = useState('');
  const [events, setEvents] = useState<EventType[]>(['message.received']);
  const [secret, setSecret] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['webhooks'] });
  const create = useMutation({
    mutationFn: () => api().webhooks.create.mutate({ ...input, url, events, description: description.trim() || null }),
    onSuccess: async (created) => {
      setSecret(created.secret);
      setUrl('');
      setDescription('');
      await refresh();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  const toggle = (type: EventType) => setEvents((current) => (current.includes(type) ? current.filter((item) => item !== type) : [...current, type]));
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="webhooks-title">
        <h2 id="webhooks-title">{t('webhooks.title')}</h2>
        <p className="muted small">{t('webhooks.help')}</p>
        <form className="stack" onSubmit={submit} data-testid="webhook-form">
          <Field
            label={t('webhooks.url')}
            required
            type="url"
            value={url}
            onChange={(event) => setUrl(event.target.value)}
            placeholder={t('webhooks.urlPlaceholder')}
          />
          <Field label={t('webhooks.description')} value={description} onChange={(event) => setDescription(event.target.value)} />
          <fieldset className="stack">
            <legend>{t('webhooks.events')}</legend>
            <div className="row wrap">
              {catalogue.data?.map((event) => (
                <label key={event.type} className="row small">
                  <input type="checkbox" checked={events.includes(event.type)} onChange={() => toggle(event.type)} />
                  <code>{event.type}</code>
                  {!event.emitted && <span className="muted">{t('webhooks.notYet')}</span>}
                </label>
              ))}
            </div>
          </fieldset>
          <div>
            <button type="submit" className="button-primary" disabled={create.isPending}>
              {t('webhooks.create')}
            </button>
          </div>
        </form>
        {create.isError && <ErrorNotice error={create.error} />}
        {secret && (
          <p className="notice mono" role="status" data-testid="webhook-secret">
            {t('webhooks.secret', { secret })}
          </p>
        )}
        {endpoints.isError && <ErrorNotice error={endpoints.error} />}
        {endpoints.data?.length === 0 && <p className="muted">{t('webhooks.none')}</p>}
        <ul className="stack plain-list" data-testid="webhook-endpoints">
          {endpoints.data?.map((endpoint) => (
            <EndpointRow key={endpoint.id} endpoint={endpoint} onSecret={setSecret} onChanged={refresh} />
          ))}
        </ul>
      </section>
      <DeliveryLog />
    </div>
  );
}

function EndpointRow({ endpoint, onSecret, onChanged }: { endpoint: Endpoint; onSecret: (secret: string) => void; onChanged: () => Promise<void> }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const { input } = useAdminClient();
  const act = useMutation({
    mutationFn: async (action: 'enable' | 'disable' | 'rotate' | 'test' | 'remove') => {
      const target = { ...input, id: endpoint.id };
      if (action === 'enable' || action === 'disable') await api().webhooks.update.mutate({ ...target, isActive: action === 'enable' });
      if (action === 'rotate') onSecret((await api().webhooks.rotateSecret.mutate(target)).secret);
      if (action === 'test') await api().webhooks.sendTest.mutate(target);
      if (action === 'remove') await api().webhooks.remove.mutate(target);
    },
    onSettled: onChanged,
  });
  const date = (value: unknown) => formatDateTime(String(value), language);
  return (
    <li className="stack card" data-testid="webhook-endpoint">
      <div className="row wrap">
        <strong className="mono">{endpoint.url}</strong>
        <span className={`status-pill ${endpoint.isActive ? 'humano' : ''}`}>{endpoint.isActive ? t('webhooks.active') : t('webhooks.disabled')}</span>
        {endpoint.description && <span className="muted">{endpoint.description}</span>}
      </div>
      <div className="small">
        {endpoint.events.map((event) => (
          <code key={event}>{event} </code>
        ))}
      </div>
      {endpoint.disabledReason && <p className="notice small">{t('webhooks.disabledReason', { reason: endpoint.disabledReason })}</p>}
      {endpoint.failingSince && endpoint.isActive && <p className="muted small">{t('webhooks.failingSince', { date: date(endpoint.failingSince) })}</p>}
      {endpoint.previousSecretUntil && <p className="muted small">{t('webhooks.overlap', { date: date(endpoint.previousSecretUntil) })}</p>}
      <div className="row wrap">
        {endpoint.isActive ? (
          <>
            <button type="button" className="button-secondary" onClick={() => act.mutate('test')}>
              {t('webhooks.sendTest')}
            </button>
            <button type="button" className="button-secondary" onClick={() => act.mutate('disable')}>
              {t('webhooks.disable')}
            </button>
          </>
        ) : (
          <button type="button" className="button-secondary" onClick={() => act.mutate('enable')}>
            {t('webhooks.enable')}
          </button>
        )}
        <button type="button" className="button-secondary" onClick={() => act.mutate('rotate')}>
          {t('webhooks.rotate')}
        </button>
        <button type="button" className="button-secondary" onClick={() => act.mutate('remove')}>
          {t('webhooks.remove')}
        </button>
      </div>
      {act.isError && <ErrorNotice error={act.error} />}
    </li>
  );
}

function DeliveryLog() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const log = useQuery({
    queryKey: ['webhooks', 'deliveries', clientId],
    queryFn: () => api().webhooks.deliveries.query({ ...input, limit: 50 }),
    refetchInterval: 5_000,
  });
  const redeliver = useMutation({
    mutationFn: (deliveryId: string) => api().webhooks.redeliver.mutate({ ...input, deliveryId }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['webhooks', 'deliveries'] }),
  });
  return (
    <section className="card stack" aria-labelledby="webhook-log-title">
      <div className="row">
        <h2 id="webhook-log-title">{t('webhooks.log')}</h2>
        <button type="button" className="button-secondary" onClick={() => void log.refetch()}>
          {t('webhooks.log.refresh')}
        </button>
      </div>
      {log.isError && <ErrorNotice error={log.error} />}
      {redeliver.isError && <ErrorNotice error={redeliver.error} />}
      {log.data?.items.length === 0 && <p className="muted">{t('webhooks.log.none')}</p>}
      {!!log.data?.items.length && (
        <table className="data-table" data-testid="webhook-deliveries">
          <thead>
            <tr>
              <th>{t('webhooks.log.when')}</th>
              <th>{t('webhooks.log.event')}</th>
              <th>{t('webhooks.log.status')}</th>
              <th>{t('webhooks.log.attempts')}</th>
              <th>{t('webhooks.log.code')}</th>
              <th>{t('webhooks.log.latency')}</th>
              <th>{t('webhooks.log.details')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {log.data.items.map((row) => (
              <tr key={row.id} data-testid="webhook-delivery">
                <td>{formatDateTime(String(row.createdAt), language)}</td>
                <td>
                  <code>{row.eventType}</code>
                </td>
                <td data-testid="webhook-delivery-status">{t(`webhooks.status.${row.status}`)}</td>
                <td>{row.attempts}</td>
                <td>{row.lastStatusCode ?? '—'}</td>
                <td>{row.lastLatencyMs === null ? '—' : t('webhooks.log.ms', { ms: row.lastLatencyMs })}</td>
                <td className="small mono">{row.lastError ?? row.lastResponseExcerpt ?? ''}</td>
                <td>
                  {row.status !== 'pending' && (
                    <button type="button" className="button-secondary" onClick={() => redeliver.mutate(row.id)}>
                      {t('webhooks.log.redeliver')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
