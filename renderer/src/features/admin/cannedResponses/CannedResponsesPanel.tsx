// The team's canned responses: search, add, edit and delete (edit and delete only where the
// server says this person may: their own, or any for admins). Changes are published live, so
// every agent's composer has the new list without reloading.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { cannedResponsesKeys, cannedResponsesQuery, type CannedResponseRow } from '#renderer/features/inbox/composer/cannedResponsesQuery';
import { useAdminClient } from '../useAdminClient';
import { CannedResponseForm, type CannedDraft } from './CannedResponseForm';

export function CannedResponsesPanel() {
  const t = useT();
  const language = useI18n((state) => state.language);
  const { input, clientId } = useAdminClient();
  const queryClient = useQueryClient();
  const list = useQuery(cannedResponsesQuery(clientId, input));
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  // A new form after each successful add (its fields start empty again).
  const [formKey, setFormKey] = useState(0);
  const refresh = () => queryClient.invalidateQueries({ queryKey: cannedResponsesKeys.all });

  const create = useMutation({
    mutationFn: (draft: CannedDraft) => api().cannedResponses.create.mutate({ ...input, ...draft }),
    onSuccess: async (row) => {
      setStatus(t('canned.created', { shortcut: row.shortcut }));
      setFormKey((key) => key + 1);
      create.reset();
      await refresh();
    },
  });
  const update = useMutation({
    mutationFn: (draft: CannedDraft & { id: string }) => api().cannedResponses.update.mutate({ ...input, ...draft }),
    onSuccess: async (row) => {
      setStatus(t('canned.updated', { shortcut: row.shortcut }));
      setEditing(null);
      await refresh();
    },
  });
  const remove = useMutation({
    mutationFn: (id: string) => api().cannedResponses.delete.mutate({ ...input, id }),
    onSuccess: (row) => setStatus(t('canned.deleted', { shortcut: row.shortcut })),
    onSettled: async () => {
      setConfirming(null);
      await refresh();
    },
  });

  const needle = search.trim().toLowerCase().replace(/^\//, '');
  const rows = (list.data ?? []).filter((row) => !needle || row.shortcut.includes(needle) || row.content.toLowerCase().includes(needle));
  const startEditing = (row: CannedResponseRow) => {
    update.reset();
    setConfirming(null);
    setEditing(row.id);
  };

  return (
    <section className="stack canned-panel" aria-label={t('canned.title')}>
      <p className="muted">
        {t('canned.help')} {t('canned.rights')}
      </p>
      <CannedResponseForm
        key={formKey}
        testId="canned-new"
        title={t('canned.new')}
        initial={{ shortcut: '', content: '' }}
        submitLabel={t('canned.add')}
        pending={create.isPending}
        error={create.error}
        onSubmit={(draft) => {
          setStatus(null);
          create.mutate(draft);
        }}
      />
      {status && (
        <p className="notice" role="status" data-testid="canned-status">
          {status}
        </p>
      )}
      {list.isError && <ErrorNotice error={list.error} onRetry={() => void list.refetch()} />}
      {remove.isError && <ErrorNotice error={remove.error} />}
      {list.isPending && (
        <p className="muted" role="status">
          {t('common.loading')}
        </p>
      )}
      {list.data && list.data.length > 0 && (
        <input
          type="search"
          className="search"
          placeholder={t('canned.search')}
          aria-label={t('canned.search')}
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
      )}
      {list.data?.length === 0 && (
        <p className="muted" data-testid="canned-empty">
          {t('canned.empty')}
        </p>
      )}
      {list.data && list.data.length > 0 && rows.length === 0 && <p className="muted">{t('canned.noMatch', { search })}</p>}
      <ul className="plain-list stack" data-testid="canned-list" aria-label={t('canned.title')}>
        {rows.map((row) => (
          <li key={row.id} className="card canned-item" data-testid="canned-response" data-shortcut={row.shortcut}>
            {editing === row.id ? (
              <CannedResponseForm
                testId="canned-edit"
                title={t('canned.editing', { shortcut: row.shortcut })}
                initial={row}
                submitLabel={t('canned.save')}
                pending={update.isPending}
                error={update.error}
                onSubmit={(draft) => {
                  setStatus(null);
                  update.mutate({ id: row.id, ...draft });
                }}
                onCancel={() => setEditing(null)}
              />
            ) : (
              <div className="stack">
                <div className="row canned-item-head">
                  <strong className="mono">/{row.shortcut}</strong>
                  <span className="muted small grow">
                    {row.authorName ? `${t('canned.by', { name: row.authorName })} · ` : ''}
                    {formatDateTime(row.updatedAt, language)}
                  </span>
                  {row.mayChange && confirming !== row.id && (
                    <>
                      <button type="button" className="button-secondary" onClick={() => startEditing(row)} aria-label={`${t('canned.edit')} /${row.shortcut}`}>
                        {t('canned.edit')}
                      </button>
                      <button
                        type="button"
                        className="button-danger"
                        onClick={() => setConfirming(row.id)}
                        aria-label={`${t('canned.delete')} /${row.shortcut}`}>
                        {t('canned.delete')}
                      </button>
                    </>
                  )}
                </div>
                <p className="canned-content">{row.content}</p>
                {confirming === row.id && (
                  <div className="row canned-confirm" role="group" aria-label={t('canned.deleteConfirm', { shortcut: row.shortcut })}>
                    <span className="grow">{t('canned.deleteConfirm', { shortcut: row.shortcut })}</span>
                    <button type="button" className="button-secondary" autoFocus onClick={() => setConfirming(null)}>
                      {t('common.cancel')}
                    </button>
                    <button type="button" className="button-danger" disabled={remove.isPending} onClick={() => remove.mutate(row.id)}>
                      {t('canned.deleteYes')}
                    </button>
                  </div>
                )}
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
