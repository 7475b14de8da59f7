// In the conversation thread: the conversation's labels and its private notes (agents only, kept
// apart from the messages: nothing here is ever sent to the customer).
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import './contacts.css';

export function ThreadContactPanel({ conversationId }: { conversationId: string }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const labels = useQuery({ queryKey: ['contacts', 'labels'], queryFn: () => api().contacts.labels.list.query() });
  const notes = useQuery({ queryKey: ['contacts', 'notes', conversationId], queryFn: () => api().contacts.conversationNotes.query({ conversationId }) });
  const current = useQuery({
    queryKey: ['contacts', 'conversationLabels', conversationId],
    queryFn: () => api().contacts.conversationLabels.query({ conversationId }),
  });
  const [changed, setChosen] = useState<string[] | null>(null);
  const chosen = changed ?? current.data?.labelIds ?? [];
  const setLabels = useMutation({
    mutationFn: (ids: string[]) => api().contacts.setConversationLabels.mutate({ conversationId, labelIds: ids }),
    onSuccess: async (result) => {
      setChosen(result.labelIds);
      await queryClient.invalidateQueries({ queryKey: ['inbox', 'list'] });
    },
  });
  const addNote = useMutation({
    mutationFn: () => api().contacts.addNote.mutate({ conversationId, body: note.trim() }),
    onSuccess: async () => {
      setNote('');
      await queryClient.invalidateQueries({ queryKey: ['contacts', 'notes', conversationId] });
    },
  });
  return (
    <details className="thread-contact-panel" data-testid="thread-notes">
      <summary>
        {t('contact.notes')} ({notes.data?.length ?? 0}) · {t('contacts.labels')}
      </summary>
      <div className="row">
        {(labels.data ?? []).map((label) => (
          <label key={label.id} className="label-chip" style={{ borderColor: label.color }}>
            <input
              type="checkbox"
              checked={chosen.includes(label.id)}
              disabled={setLabels.isPending}
              onChange={(event) => setLabels.mutate(event.target.checked ? [...chosen, label.id] : chosen.filter((id) => id !== label.id))}
            />{' '}
            {label.name}
          </label>
        ))}
      </div>
      {setLabels.isError && <ErrorNotice error={setLabels.error} />}
      <p className="muted small">{t('contact.notesHelp')}</p>
      <ul className="plain-list stack">
        {(notes.data ?? []).map((row) => (
          <li key={row.id} className="contact-note" data-testid="thread-note">
            <span className="muted small">
              {row.authorName ?? ''} · {formatDateTime(row.createdAt, language)}
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
    </details>
  );
}
