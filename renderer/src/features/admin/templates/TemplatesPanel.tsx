// Message templates (the only way to write to a customer outside the 24-hour window): the client's
// templates with Meta's review status and reasons, a sync that brings them in line with Meta's
// (whatsapp.templates.sync), and the form that submits a new one for review.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import type { MessageKey } from '#renderer/i18n/catalog';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useAdminClient } from '../useAdminClient';
import { componentTexts } from './templateDraft';
import { TemplateForm } from './TemplateForm';

const STATUSES = ['APPROVED', 'PENDING', 'REJECTED', 'PAUSED', 'DISABLED', 'DELETED'] as const;
const CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'];

export function TemplatesPanel() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const [status, setStatus] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const templates = useQuery({
    queryKey: ['whatsapp', 'templates', clientId, status],
    queryFn: () => api().whatsapp.templates.list.query({ ...input, ...(status ? { status } : {}) }),
  });
  const sync = useMutation({
    mutationFn: () => api().whatsapp.templates.sync.mutate(input),
    onSuccess: async (result) => {
      setNotice(t('admin.templates.synced', { count: result.synced }));
      await queryClient.invalidateQueries({ queryKey: ['whatsapp', 'templates'] });
    },
  });
  return (
    <div className="stack">
      <section className="card stack" aria-labelledby="templates-title">
        <div className="row">
          <h2 id="templates-title" className="grow">
            {t('admin.tab.templates')}
          </h2>
          <div className="field template-status-filter">
            <label htmlFor="template-status">{t('admin.templates.status')}</label>
            <select id="template-status" value={status} onChange={(event) => setStatus(event.target.value)}>
              <option value="">{t('admin.audit.any')}</option>
              {STATUSES.map((value) => (
                <option key={value} value={value}>
                  {t(`admin.templates.status.${value}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <button
            type="button"
            className="button-secondary"
            disabled={sync.isPending}
            onClick={() => {
              setNotice(null);
              sync.mutate();
            }}>
            {t('admin.templates.sync')}
          </button>
        </div>
        <p className="muted small">{t('admin.templates.help')}</p>
        {notice && (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
        {sync.isError && <ErrorNotice error={sync.error} />}
        {templates.isError && <ErrorNotice error={templates.error} onRetry={() => void templates.refetch()} />}
        {templates.isPending && <p aria-busy="true">{t('common.loading')}</p>}
        {templates.data?.length === 0 && <p className="muted">{t('admin.templates.none')}</p>}
        {templates.data && templates.data.length > 0 && (
          <table className="data-table" data-testid="templates">
            <thead>
              <tr>
                <th>{t('admin.templates.name')}</th>
                <th>{t('admin.templates.language')}</th>
                <th>{t('admin.templates.category')}</th>
                <th>{t('admin.templates.status')}</th>
                <th>{t('admin.templates.body')}</th>
                <th>{t('admin.templates.updated')}</th>
              </tr>
            </thead>
            <tbody>
              {templates.data.map((template) => {
                const texts = componentTexts(template.components);
                const known = (STATUSES as readonly string[]).includes(template.status);
                return (
                  <tr key={template.id} data-template={`${template.name}:${template.language}`} data-status={template.status}>
                    <td>
                      <code>{template.name}</code>
                    </td>
                    <td>{template.language}</td>
                    <td>{CATEGORIES.includes(template.category) ? t(`admin.templates.category.${template.category}` as MessageKey) : template.category}</td>
                    <td>
                      <span className={`status-pill template-${template.status.toLowerCase()}`}>
                        {known ? t(`admin.templates.status.${template.status}` as MessageKey) : template.status}
                      </span>
                      {template.rejectedReason && (
                        <div className="small strong-warn">{t('admin.templates.rejectedReason', { reason: template.rejectedReason })}</div>
                      )}
                    </td>
                    <td className="small">
                      {texts.header && <strong>{texts.header} · </strong>}
                      {texts.body ?? '—'}
                      {texts.buttons.length > 0 && <div className="muted">{texts.buttons.map((text) => `[${text}]`).join(' ')}</div>}
                    </td>
                    <td className="small">{formatDateTime(template.updatedAt, language)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <TemplateForm onCreated={(name) => setNotice(t('admin.templates.created', { name }))} />
    </div>
  );
}
