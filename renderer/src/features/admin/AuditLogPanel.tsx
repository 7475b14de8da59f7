// The audit log with filters (action, result, dates), newest first, in pages. The platform
// administrator reads the chosen client's log (audit.listAll); a client's admins read their own.
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useAdminClient } from './useAdminClient';

type Filters = { action?: string; status?: 'success' | 'failure'; from?: string; to?: string };

export function AuditLogPanel() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const { input, clientId, isPlatformAdmin } = useAdminClient();
  const [filters, setFilters] = useState<Filters>({});
  const [draft, setDraft] = useState({ action: '', status: '', from: '', to: '' });
  const log = useInfiniteQuery({
    queryKey: ['audit', clientId, filters],
    initialPageParam: undefined as string | undefined,
    queryFn: ({ pageParam }) => {
      const query = { ...filters, cursor: pageParam, limit: 50 };
      return isPlatformAdmin && clientId ? api().audit.listAll.query({ ...query, clientId }) : api().audit.list.query({ ...input, ...query });
    },
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFilters({
      ...(draft.action.trim() ? { action: draft.action.trim() } : {}),
      ...(draft.status ? { status: draft.status as 'success' | 'failure' } : {}),
      // Whole local days: from the start of "from" to the end of "to".
      ...(draft.from ? { from: new Date(`${draft.from}T00:00:00`).toISOString() } : {}),
      ...(draft.to ? { to: new Date(`${draft.to}T23:59:59.999`).toISOString() } : {}),
    });
  };
  const rows = log.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <section className="card stack" aria-labelledby="audit-title">
      <h2 id="audit-title">{t('admin.tab.audit')}</h2>
      <form className="row" onSubmit={submit} aria-label={t('admin.tab.audit')}>
        <label className="field">
          {t('admin.audit.filterAction')}
          <input value={draft.action} onChange={(event) => setDraft({ ...draft, action: event.target.value })} />
        </label>
        <label className="field">
          {t('admin.audit.filterStatus')}
          <select value={draft.status} onChange={(event) => setDraft({ ...draft, status: event.target.value })}>
            <option value="">{t('admin.audit.any')}</option>
            <option value="success">{t('admin.audit.success')}</option>
            <option value="failure">{t('admin.audit.failure')}</option>
          </select>
        </label>
        <label className="field">
          {t('admin.audit.from')}
          <input type="date" value={draft.from} onChange={(event) => setDraft({ ...draft, from: event.target.value })} />
        </label>
        <label className="field">
          {t('admin.audit.to')}
          <input type="date" value={draft.to} onChange={(event) => setDraft({ ...draft, to: event.target.value })} />
        </label>
        <button type="submit" className="button-secondary">
          {t('spend.period.apply')}
        </button>
      </form>
      {log.isError && <ErrorNotice error={log.error} onRetry={() => void log.refetch()} />}
      {log.isSuccess && rows.length === 0 && <p className="muted">{t('admin.audit.none')}</p>}
      {rows.length > 0 && (
        <table className="data-table" data-testid="audit-log">
          <thead>
            <tr>
              <th>{t('admin.audit.when')}</th>
              <th>{t('admin.audit.who')}</th>
              <th>{t('admin.audit.action')}</th>
              <th>{t('admin.audit.resource')}</th>
              <th>{t('admin.audit.status')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} data-action={row.action} data-status={row.status}>
                <td>{formatDateTime(String(row.createdAt), language)}</td>
                <td>
                  {row.userEmail ?? '—'}
                  {row.userRole ? <span className="muted small"> · {row.userRole}</span> : null}
                </td>
                <td>
                  <code>{row.action}</code>
                </td>
                <td className="small">
                  {row.resourceType ?? ''}
                  {row.resourceId ? ` ${row.resourceId}` : ''}
                </td>
                <td className={row.status === 'failure' ? 'strong-warn' : undefined} title={row.errorMessage ?? undefined}>
                  {t(row.status === 'failure' ? 'admin.audit.failure' : 'admin.audit.success')}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {log.hasNextPage && (
        <button type="button" className="button-secondary" disabled={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
          {t('admin.audit.more')}
        </button>
      )}
    </section>
  );
}
