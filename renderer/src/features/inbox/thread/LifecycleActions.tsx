import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';
import { formatDateTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import type { Me } from '#renderer/features/auth/useMe';
import { canTransition } from '#shared/domain/conversationLifecycle.js';
import { CONVERSATION_PRIORITIES, type ConversationPriority } from '#shared/domain/statuses.js';
import { inboxKeys } from '../inboxKeys';
import { applyLiveMessage } from '../live/useInboxLive';
import type { ConversationView } from '../types';

type Action = { type: 'resolve' | 'reopen' } | { type: 'snooze'; until: string | null } | { type: 'priority'; priority: ConversationPriority };

/**
 * Resolve, snooze (until a time or the customer's next message), reopen and priority: offered as
 * the state machine allows from the status shown. A move the server refuses (someone changed the
 * chat meanwhile) says so and shows the chat as it now is.
 */
export function LifecycleActions({ conversation, me }: { conversation: ConversationView; me: Me }) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const queryClient = useQueryClient();
  const [snoozing, setSnoozing] = useState(false);
  const [until, setUntil] = useState('');
  const [untilError, setUntilError] = useState(false);
  const apply = (row: ConversationView) =>
    applyLiveMessage(queryClient, { type: 'conversation.updated', payload: row, at: new Date().toISOString() }, me.userId, t);
  const action = useMutation({
    mutationFn: (kind: Action) => {
      const conversationId = conversation.id;
      const conversations = api().conversations;
      switch (kind.type) {
        case 'resolve':
          return conversations.resolve.mutate({ conversationId });
        case 'reopen':
          return conversations.reopen.mutate({ conversationId });
        case 'snooze':
          return conversations.snooze.mutate({ conversationId, until: kind.until });
        case 'priority':
          return conversations.setPriority.mutate({ conversationId, priority: kind.priority });
      }
    },
    onSuccess: (row) => {
      setSnoozing(false);
      apply(row);
    },
    // Refused: what this screen showed is out of date; fetch the conversation as it is now.
    onError: (error) => {
      if (errorCode(error) === 'CONFLICT') void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(conversation.id) });
    },
  });
  const snoozeAt = () => {
    const time = until ? new Date(until) : null;
    if (!time || Number.isNaN(time.getTime()) || time.getTime() <= Date.now()) return setUntilError(true);
    setUntilError(false);
    action.mutate({ type: 'snooze', until: time.toISOString() });
  };
  const status = conversation.status;
  const setAside = status === 'resolved' || status === 'snoozed';
  return (
    <div className="lifecycle-actions" role="group" aria-label={t('inbox.lifecycle.label')}>
      {status === 'snoozed' && (
        <p className="small muted" data-testid="snoozed-until">
          {conversation.snoozedUntil
            ? t('inbox.lifecycle.snoozedUntil', { time: formatDateTime(conversation.snoozedUntil, language) })
            : t('inbox.lifecycle.snoozedUntilReply')}
        </p>
      )}
      {status === 'resolved' && <p className="small muted">{t('inbox.lifecycle.resolvedNote')}</p>}
      <div className="row">
        {status !== 'resolved' && canTransition(status, 'resolved') && (
          <button type="button" className="button-secondary" onClick={() => action.mutate({ type: 'resolve' })} disabled={action.isPending}>
            {t('inbox.lifecycle.resolve')}
          </button>
        )}
        {setAside && (
          <button type="button" className="button-secondary" onClick={() => action.mutate({ type: 'reopen' })} disabled={action.isPending}>
            {t('inbox.lifecycle.reopen')}
          </button>
        )}
        {canTransition(status, 'snoozed') && !snoozing && (
          <button type="button" className="button-secondary" onClick={() => setSnoozing(true)} disabled={action.isPending}>
            {t('inbox.lifecycle.snooze')}
          </button>
        )}
        <label className="row small">
          {t('inbox.lifecycle.priority')}
          <select
            value={conversation.priority}
            onChange={(event) => action.mutate({ type: 'priority', priority: event.target.value as ConversationPriority })}
            disabled={action.isPending}>
            {CONVERSATION_PRIORITIES.map((priority) => (
              <option key={priority} value={priority}>
                {t(`inbox.lifecycle.priority.${priority}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      {snoozing && (
        <div className="row small" data-testid="snooze-form">
          <label className="row">
            {t('inbox.lifecycle.snoozeUntil')}
            <input type="datetime-local" value={until} onChange={(event) => setUntil(event.target.value)} aria-invalid={untilError || undefined} />
          </label>
          <button type="button" className="button-primary" onClick={snoozeAt} disabled={action.isPending}>
            {t('inbox.lifecycle.snoozeAtTime')}
          </button>
          <button type="button" className="button-secondary" onClick={() => action.mutate({ type: 'snooze', until: null })} disabled={action.isPending}>
            {t('inbox.lifecycle.snoozeUntilReply')}
          </button>
          <button type="button" className="button-secondary" onClick={() => setSnoozing(false)}>
            {t('inbox.lifecycle.snoozeCancel')}
          </button>
          {untilError && <span role="alert">{t('inbox.lifecycle.snoozeNeedsTime')}</span>}
        </div>
      )}
      {action.isError && (errorCode(action.error) === 'CONFLICT' ? <p role="alert">{t('inbox.lifecycle.refused')}</p> : <ErrorNotice error={action.error} />)}
    </div>
  );
}
