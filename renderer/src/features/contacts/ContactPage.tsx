// One contact: profile, consent (with its source and time), attribute values, labels, private
// notes (agents only, never sent) and every conversation.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import { useMe } from '../auth/useMe';
import { roleAtLeast } from '#shared/domain/roles.js';

export function ContactPage({ contactId }: { contactId: string }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const me = useMe().data;
  const isAgent = roleAtLeast(me?.role ?? null, 'agent');
  const queryClient = useQueryClient();
  const page = useQuery({ queryKey: ['contacts', 'get', contactId], queryFn: () => api().contacts.get.query({ id: contactId }) });
  const labels = useQuery({ queryKey: ['contacts', 'labels'], queryFn: () => api().contacts.labels.list.query() });
  const [note, setNote] = useState('');
  const [values, setValues] = useState<Record<string, string>>({});
  const refresh = () => queryClient.invalidateQueries({ queryKey: ['contacts'] });
  const setLabels = useMutation({ mutationFn: (labelIds: string[]) => api().contacts.setLabels.mutate({ contactId, labelIds }), onSuccess: refresh });
  const addNote = useMutation({
    mutationFn: () => api().contacts.addNote.mutate({ contactId, body: note.trim() }),
    onSuccess: async () => {
      setNote('');
      await refresh();
    },
  });
  const save = useMutation({
    mutationFn: () => api().contacts.save.mutate({ id: contactId, attributes: values }),
    onSuccess: async () => {
      setValues({});
      await refresh();
    },
  });
  if (page.isError) return <ErrorNotice error={page.error} onRetry={() => void page.refetch()} />;
  if (!page.data) return <p className="muted">{t('common.loading')}</p>;
  const { contact, definitions, notes, conversations } = page.data;
  const has = new Set(contact.labels.map((label) => label.id));
  const when = (iso: string | null) => (iso ? formatDateTime(iso, language) : '');
  return (
    <>
      <Link to="/contacts/{-$contactId}" params={{ contactId: undefined }}>
        {t('contacts.back')}
      </Link>
      <h1 data-testid="contact-name">{contact.name ?? contact.phone}</h1>
      <p className="mono">{contact.phone}</p>
      <section className="card stack" aria-label={t('contact.consent')}>
        <h2>{t('contact.consent')}</h2>
        <p data-testid="contact-consent">
          {contact.status === 'opted_out'
            ? t('contact.optedOut', { when: when(contact.consent.optedOutAt), source: contact.consent.optOutSource ?? '' })
            : contact.consent.optedInAt
              ? t('contact.optedIn', { when: when(contact.consent.optedInAt), source: contact.consent.optInSource ?? '' })
              : t('contact.noOptIn')}
        </p>
      </section>
      <section className="card stack" aria-label={t('contacts.labels')}>
        <h2>{t('contacts.labels')}</h2>
        <div className="row">
          {(labels.data ?? []).map((label) => (
            <label key={label.id} className="label-chip" style={{ borderColor: label.color }}>
              <input
                type="checkbox"
                checked={has.has(label.id)}
                disabled={!isAgent || setLabels.isPending}
                onChange={(event) => setLabels.mutate(event.target.checked ? [...has, label.id] : [...has].filter((id) => id !== label.id))}
              />{' '}
              {label.name}
            </label>
          ))}
        </div>
        {setLabels.isError && <ErrorNotice error={setLabels.error} />}
      </section>
      {definitions.length > 0 && (
        <section className="card stack" aria-label={t('contact.attributes')}>
          <h2>{t('contact.attributes')}</h2>
          {definitions.map((definition) => (
            <div className="field" key={definition.key}>
              <label htmlFor={`attr-${definition.key}`}>{definition.label}</label>
              {definition.type === 'list' ? (
                <select
                  id={`attr-${definition.key}`}
                  disabled={!isAgent}
                  value={values[definition.key] ?? contact.attributes[definition.key] ?? ''}
                  onChange={(event) => setValues({ ...values, [definition.key]: event.target.value })}>
                  <option value="">—</option>
                  {(definition.options ?? []).map((option) => (
                    <option key={option}>{option}</option>
                  ))}
                </select>
              ) : (
                <input
                  id={`attr-${definition.key}`}
                  type={definition.type === 'date' ? 'date' : 'text'}
                  inputMode={definition.type === 'number' ? 'decimal' : undefined}
                  disabled={!isAgent}
                  value={values[definition.key] ?? contact.attributes[definition.key] ?? ''}
                  onChange={(event) => setValues({ ...values, [definition.key]: event.target.value })}
                />
              )}
            </div>
          ))}
          {isAgent && (
            <button type="button" onClick={() => save.mutate()} disabled={save.isPending || Object.keys(values).length === 0}>
              {t('contact.save')}
            </button>
          )}
          {save.isError && <ErrorNotice error={save.error} />}
        </section>
      )}
      {isAgent && (
        <section className="card stack" aria-label={t('contact.notes')}>
          <h2>{t('contact.notes')}</h2>
          <p className="muted small">{t('contact.notesHelp')}</p>
          <ul className="plain-list stack" data-testid="contact-notes">
            {notes.map((row) => (
              <li key={row.id} className="contact-note">
                <span className="muted small">
                  {row.authorName ?? ''} · {when(row.createdAt)}
                </span>
                <p>{row.body}</p>
              </li>
            ))}
          </ul>
          <form
            className="row"
            onSubmit={(event) => {
              event.preventDefault();
              if (note.trim()) addNote.mutate();
            }}>
            <input className="grow" aria-label={t('contact.note')} value={note} onChange={(event) => setNote(event.target.value)} maxLength={4000} />
            <button type="submit" disabled={addNote.isPending || !note.trim()}>
              {t('contact.addNote')}
            </button>
          </form>
          {addNote.isError && <ErrorNotice error={addNote.error} />}
        </section>
      )}
      <section className="card stack" aria-label={t('contact.conversations')}>
        <h2>{t('contact.conversations')}</h2>
        {conversations.length === 0 && <p className="muted">{t('contact.noConversations')}</p>}
        <ul className="plain-list stack">
          {conversations.map((conversation) => (
            <li key={conversation.id} className="row">
              <span className="grow">{conversation.lastMessage ?? ''}</span>
              <span className="muted small">{when(conversation.lastUpdate)}</span>
              <Link to="/inbox/{-$conversationId}" params={{ conversationId: conversation.id }}>
                {t('contact.openConversation')}
              </Link>
            </li>
          ))}
        </ul>
      </section>
    </>
  );
}
