// /campaigns/<campaign id>?: the client's campaigns and the wizard (template, audience, variables,
// preview, cost estimate, reply flow, schedule); with an id, one campaign's live progress.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getRouteApi, Link, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useMe } from '../auth/useMe';
import { roleAtLeast } from '#shared/domain/roles.js';

const route = getRouteApi('/campaigns/{-$campaignId}');

export default function CampaignsScreen() {
  const { campaignId } = route.useParams();
  return <div className="page stack campaigns-page">{campaignId ? <CampaignProgress key={campaignId} campaignId={campaignId} /> : <CampaignList />}</div>;
}

function CampaignList() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const isAdmin = roleAtLeast(useMe().data?.role ?? null, 'admin');
  const [creating, setCreating] = useState(false);
  const list = useQuery({ queryKey: ['campaigns', 'list'], queryFn: () => api().campaigns.list.query() });
  return (
    <>
      <div className="row">
        <h1 className="grow">{t('campaigns.title')}</h1>
        {isAdmin && (
          <button type="button" onClick={() => setCreating((open) => !open)}>
            {t('campaigns.new')}
          </button>
        )}
      </div>
      {creating && <CampaignWizard />}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {list.data?.length === 0 && <p className="muted">{t('campaigns.empty')}</p>}
      <ul className="plain-list stack">
        {(list.data ?? []).map((campaign) => (
          <li key={campaign.id} className="card row">
            <Link className="grow" to="/campaigns/{-$campaignId}" params={{ campaignId: campaign.id }}>
              {campaign.name}
            </Link>
            <span>{t(`campaigns.status.${campaign.status}`)}</span>
            <span className="muted small">{formatDateTime(campaign.createdAt, language)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function CampaignWizard() {
  const t = useT();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [name, setName] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [labelId, setLabelId] = useState('');
  const [optedInOnly, setOptedInOnly] = useState(true);
  const [variables, setVariables] = useState<string[]>([]);
  const [replyFlowId, setReplyFlowId] = useState('');
  // The number it is sent from ('': the main number); each recipient's conversation is the one with that number.
  const [numberId, setNumberId] = useState('');
  const [scheduledAt, setScheduledAt] = useState('');
  const templates = useQuery({ queryKey: ['campaigns', 'templates'], queryFn: () => api().whatsapp.templates.list.query({ status: 'APPROVED' }) });
  const labels = useQuery({ queryKey: ['contacts', 'labels'], queryFn: () => api().contacts.labels.list.query() });
  const attributes = useQuery({ queryKey: ['contacts', 'attributes'], queryFn: () => api().contacts.attributes.list.query() });
  const flows = useQuery({ queryKey: ['campaigns', 'flows'], queryFn: () => api().flows.startable.query() });
  const numbers = useQuery({ queryKey: ['campaigns', 'numbers'], queryFn: () => api().numbers.list.query() });
  const template = (templates.data ?? []).find((row) => row.id === templateId);
  const body = (template?.components ?? [])
    .map((c) => (c && typeof c === 'object' && 'text' in c && String((c as { type?: unknown }).type).toUpperCase() === 'BODY' ? String(c.text) : ''))
    .join('');
  const count = Math.max(0, ...[...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((match) => Number(match[1])));
  const mapped = Array.from({ length: count }, (_, index) => variables[index] ?? 'name');
  const draft = { templateId, audience: { ...(labelId ? { labelIds: [labelId] } : {}), optedInOnly }, variables: mapped };
  const ready = Boolean(templateId);
  const estimate = useQuery({ queryKey: ['campaigns', 'estimate', draft], queryFn: () => api().campaigns.estimate.query(draft), enabled: ready });
  const preview = useQuery({ queryKey: ['campaigns', 'preview', draft], queryFn: () => api().campaigns.preview.query({ ...draft, limit: 3 }), enabled: ready });
  const create = useMutation({
    mutationFn: () =>
      api().campaigns.create.mutate({
        ...draft,
        name: name.trim(),
        ...(replyFlowId ? { replyFlowId } : {}),
        ...(numberId ? { numberId } : {}),
        ...(scheduledAt ? { scheduledAt: new Date(scheduledAt).toISOString() } : {}),
      }),
    onSuccess: async (campaign) => {
      await queryClient.invalidateQueries({ queryKey: ['campaigns'] });
      await navigate({ to: '/campaigns/{-$campaignId}', params: { campaignId: campaign.id } });
    },
  });
  const sources = ['name', 'phone', ...(attributes.data ?? []).map((attribute) => `attr:${attribute.key}`)];
  const sourceLabel = (source: string) =>
    source === 'name'
      ? t('campaigns.source.name')
      : source === 'phone'
        ? t('campaigns.source.phone')
        : ((attributes.data ?? []).find((attribute) => `attr:${attribute.key}` === source)?.label ?? source);

  return (
    <form
      className="card stack"
      aria-label={t('campaigns.new')}
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}>
      <div className="field">
        <label htmlFor="campaign-name">{t('campaigns.name')}</label>
        <input id="campaign-name" value={name} onChange={(event) => setName(event.target.value)} maxLength={120} required />
      </div>
      <div className="field">
        <label htmlFor="campaign-template">{t('campaigns.template')}</label>
        <select id="campaign-template" value={templateId} onChange={(event) => setTemplateId(event.target.value)}>
          <option value="">{t('campaigns.pickTemplate')}</option>
          {(templates.data ?? []).map((row) => (
            <option key={row.id} value={row.id}>
              {row.name} ({row.language})
            </option>
          ))}
        </select>
        {templates.data?.length === 0 && <p className="field-hint">{t('campaigns.noTemplates')}</p>}
      </div>
      {mapped.map((source, index) => (
        <div className="field" key={index}>
          <label htmlFor={`campaign-variable-${index}`}>{t('campaigns.variable', { n: index + 1 })}</label>
          <select
            id={`campaign-variable-${index}`}
            value={source}
            onChange={(event) => setVariables(mapped.map((value, i) => (i === index ? event.target.value : value)))}>
            {sources.map((option) => (
              <option key={option} value={option}>
                {sourceLabel(option)}
              </option>
            ))}
          </select>
        </div>
      ))}
      <div className="field">
        <label htmlFor="campaign-label">{t('campaigns.audience')}</label>
        <select id="campaign-label" value={labelId} onChange={(event) => setLabelId(event.target.value)}>
          <option value="">{t('campaigns.allContacts')}</option>
          {(labels.data ?? []).map((label) => (
            <option key={label.id} value={label.id}>
              {label.name}
            </option>
          ))}
        </select>
      </div>
      <label>
        <input type="checkbox" checked={optedInOnly} onChange={(event) => setOptedInOnly(event.target.checked)} /> {t('campaigns.optedInOnly')}
      </label>
      {(numbers.data ?? []).filter((number) => number.kind === 'meta').length > 1 && (
        <div className="field">
          <label htmlFor="campaign-number">{t('campaigns.number')}</label>
          <select id="campaign-number" value={numberId} onChange={(event) => setNumberId(event.target.value)}>
            <option value="">{t('campaigns.mainNumber')}</option>
            {(numbers.data ?? [])
              .filter((number) => number.kind === 'meta' && !number.main)
              .map((number) => (
                <option key={number.id} value={number.phoneNumberId}>
                  {number.displayName}
                </option>
              ))}
          </select>
        </div>
      )}
      <div className="field">
        <label htmlFor="campaign-flow">{t('campaigns.replyFlow')}</label>
        <select id="campaign-flow" value={replyFlowId} onChange={(event) => setReplyFlowId(event.target.value)}>
          <option value="">{t('campaigns.noFlow')}</option>
          {(flows.data ?? []).map((flow) => (
            <option key={flow.id} value={flow.id}>
              {flow.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="campaign-schedule">{t('campaigns.schedule')}</label>
        <input id="campaign-schedule" type="datetime-local" value={scheduledAt} onChange={(event) => setScheduledAt(event.target.value)} />
      </div>
      {estimate.data && (
        <p data-testid="campaign-estimate">
          {t('campaigns.estimate', { recipients: estimate.data.recipients, category: estimate.data.category, cost: estimate.data.cost })}
        </p>
      )}
      {estimate.isError && <ErrorNotice error={estimate.error} />}
      {preview.data && preview.data.length > 0 && (
        <section className="stack" aria-label={t('campaigns.preview')}>
          <h3>{t('campaigns.preview')}</h3>
          {preview.data.map((row) => (
            <p key={row.contactId} className="card small">
              <strong>{row.name ?? row.phone}</strong> {row.text ?? t('campaigns.previewProblem', { problem: row.problem ?? '' })}
            </p>
          ))}
        </section>
      )}
      <button type="submit" disabled={!ready || !name.trim() || create.isPending}>
        {t('campaigns.send')}
      </button>
      {create.isError && <ErrorNotice error={create.error} />}
    </form>
  );
}

const FIGURES = ['recipients', 'pending', 'sent', 'delivered', 'read', 'replied', 'failed', 'skipped', 'optedOutAfter'] as const;

function CampaignProgress({ campaignId }: { campaignId: string }) {
  const t = useT();
  const isAdmin = roleAtLeast(useMe().data?.role ?? null, 'admin');
  const queryClient = useQueryClient();
  const data = useQuery({
    queryKey: ['campaigns', 'get', campaignId],
    queryFn: () => api().campaigns.get.query({ id: campaignId }),
    refetchInterval: 1000,
  });
  const control = useMutation({
    mutationFn: (action: 'pause' | 'resume' | 'cancel') => api().campaigns[action].mutate({ id: campaignId }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['campaigns'] }),
  });
  if (data.isError) return <ErrorNotice error={data.error} onRetry={() => void data.refetch()} />;
  if (!data.data) return <p className="muted">{t('common.loading')}</p>;
  const { campaign, progress } = data.data;
  const reasons = { ...progress.failedByReason, ...progress.skippedByReason };
  return (
    <>
      <Link to="/campaigns/{-$campaignId}" params={{ campaignId: undefined }}>
        {t('campaigns.back')}
      </Link>
      <h1>{campaign.name}</h1>
      <p data-testid="campaign-status" data-status={campaign.status}>
        {t(`campaigns.status.${campaign.status}`)}
      </p>
      {isAdmin && (
        <div className="row">
          {(campaign.status === 'running' || campaign.status === 'scheduled') && (
            <button type="button" className="button-secondary" onClick={() => control.mutate('pause')}>
              {t('campaigns.pause')}
            </button>
          )}
          {campaign.status === 'paused' && (
            <button type="button" className="button-secondary" onClick={() => control.mutate('resume')}>
              {t('campaigns.resume')}
            </button>
          )}
          {['running', 'scheduled', 'paused'].includes(campaign.status) && (
            <button type="button" className="button-danger" onClick={() => control.mutate('cancel')}>
              {t('campaigns.cancel')}
            </button>
          )}
        </div>
      )}
      {control.isError && <ErrorNotice error={control.error} />}
      <dl className="campaign-figures" data-testid="campaign-progress">
        {FIGURES.map((figure) => (
          <div key={figure} data-figure={figure} data-value={progress[figure]}>
            <dt>{t(`campaigns.progress.${figure}`)}</dt>
            <dd>{progress[figure]}</dd>
          </div>
        ))}
      </dl>
      {Object.keys(reasons).length > 0 && (
        <section aria-label={t('campaigns.reasons')}>
          <h2>{t('campaigns.reasons')}</h2>
          <ul className="plain-list">
            {Object.entries(reasons).map(([reason, count]) => (
              <li key={reason}>{t('campaigns.reason', { reason, count })}</li>
            ))}
          </ul>
        </section>
      )}
    </>
  );
}
