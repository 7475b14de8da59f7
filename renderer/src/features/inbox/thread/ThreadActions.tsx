import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import type { Me } from '#renderer/features/auth/useMe';
import { inboxKeys } from '../inboxKeys';
import { SendToTeam } from '#renderer/features/teams';
import { applyLiveMessage } from '../live/useInboxLive';
import type { ConversationView } from '../types';
import { roleAtLeast } from '#shared/domain/roles.js';
import { canTransition } from '#shared/domain/conversationLifecycle.js';

/** Take over, transfer, return to the bot, assign, mark read: what an agent does with a chat. */
export function ThreadActions({ conversation, me }: { conversation: ConversationView; me: Me }) {
  const t = useT();
  const queryClient = useQueryClient();
  const canAct = me.isPlatformAdmin || roleAtLeast(me.role, 'agent');
  // The team directory (names and roles, no emails) is open to every member, so agents can hand a
  // chat to a colleague, not only admins.
  const members = useQuery({ queryKey: inboxKeys.members, queryFn: () => api().users.directory.query(), enabled: canAct, staleTime: 5 * 60_000 });
  // The answer is applied at once (the live event will say the same thing a moment later).
  const apply = (row: ConversationView) =>
    applyLiveMessage(queryClient, { type: 'conversation.updated', payload: row, at: new Date().toISOString() }, me.userId, t);
  const action = useMutation({
    mutationFn: async (kind: { type: 'takeOver' | 'transfer' | 'returnToBot' | 'markRead' } | { type: 'assign'; userId: string }) => {
      const conversationId = conversation.id;
      const conversations = api().conversations;
      switch (kind.type) {
        case 'takeOver':
          return conversations.takeOver.mutate({ conversationId });
        case 'transfer':
          return conversations.transfer.mutate({ conversationId });
        case 'returnToBot':
          return conversations.returnToBot.mutate({ conversationId });
        case 'assign':
          return conversations.assign.mutate({ conversationId, userId: kind.userId });
        case 'markRead':
          return (await conversations.markRead.mutate({ conversationId })).conversation;
      }
    },
    onSuccess: apply,
    // Refused (the chat changed meanwhile): fetch it as it is now.
    onError: (error) => {
      if (errorCode(error) === 'CONFLICT') void queryClient.invalidateQueries({ queryKey: inboxKeys.messages(conversation.id) });
    },
  });
  if (!canAct)
    return (
      <p className="small muted" role="note">
        {t('inbox.actions.viewerOnly')}
      </p>
    );
  const mine = conversation.status === 'humano' && conversation.assignedTo === me.userId;
  // Only the moves the state machine allows from the status shown (shared/domain/conversationLifecycle.ts).
  const can = (to: Parameters<typeof canTransition>[1]) => conversation.status !== to && canTransition(conversation.status, to);
  return (
    <div className="thread-actions" role="group" aria-label={t('inbox.actions.label')}>
      {!mine && (conversation.status === 'humano' || can('humano')) && (
        <button type="button" className="button-primary" onClick={() => action.mutate({ type: 'takeOver' })} disabled={action.isPending}>
          {t('inbox.actions.takeOver')}
        </button>
      )}
      {can('transferido') && (
        <button type="button" className="button-secondary" onClick={() => action.mutate({ type: 'transfer' })} disabled={action.isPending}>
          {t('inbox.actions.transfer')}
        </button>
      )}
      {can('bot') && (
        <button type="button" className="button-secondary" onClick={() => action.mutate({ type: 'returnToBot' })} disabled={action.isPending}>
          {t('inbox.actions.returnToBot')}
        </button>
      )}
      {conversation.unreadCount > 0 && (
        <button type="button" className="button-secondary" onClick={() => action.mutate({ type: 'markRead' })} disabled={action.isPending}>
          {t('inbox.actions.markRead')}
        </button>
      )}
      {members.data && (
        <label className="row small">
          {t('inbox.actions.assign')}
          <select
            value={conversation.assignedTo ?? ''}
            onChange={(event) => event.target.value && action.mutate({ type: 'assign', userId: event.target.value })}
            disabled={action.isPending}>
            <option value="">{t('inbox.actions.assignNobody')}</option>
            {members.data
              .filter((member) => member.role !== 'viewer')
              .map((member) => (
                <option key={member.id} value={member.id}>
                  {member.id === me.userId ? t('inbox.actions.assignMe', { name: member.name }) : member.name}
                </option>
              ))}
          </select>
        </label>
      )}
      <SendToTeam conversationId={conversation.id} teamId={conversation.teamId} onSent={(row) => apply(row)} />
      {action.isError && (errorCode(action.error) === 'CONFLICT' ? <p role="alert">{t('inbox.lifecycle.refused')}</p> : <ErrorNotice error={action.error} />)}
    </div>
  );
}
