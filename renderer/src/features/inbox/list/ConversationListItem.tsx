import { memo } from 'react';
import { formatListTime } from '#renderer/i18n/formatters';
import { useI18n, useT } from '#renderer/i18n/useI18n';
import { Link } from '@tanstack/react-router';
import { isTestConversation, TestBadge } from '#renderer/features/testPhone';
import type { ConversationView } from '../types';

/** numberName: the business number's label, when the client has several (numberLabel.ts); null: none shown. */
type Props = { conversation: ConversationView; numberName: string | null; selected: boolean; myUserId: string };

export const ConversationListItem = memo(function ConversationListItem({ conversation, numberName, selected, myUserId }: Props) {
  const t = useT();
  const language = useI18n((state) => state.language);
  const name = conversation.name || conversation.phone;
  return (
    <Link
      to="/inbox/{-$conversationId}"
      params={{ conversationId: conversation.id }}
      className="conversation-item"
      aria-current={selected ? 'true' : undefined}
      data-testid="conversation-item"
      data-conversation-id={conversation.id}
      data-status={conversation.status}
      data-priority={conversation.priority}>
      <span className="conversation-name">{name}</span>
      <span className="conversation-meta">
        <time dateTime={conversation.lastUpdate}>{formatListTime(conversation.lastUpdate, language)}</time>
      </span>
      <span className="conversation-preview">{conversation.lastMessage ?? conversation.phone}</span>
      <span className="conversation-meta">
        {isTestConversation(conversation) && <TestBadge />}
        {numberName && (
          <span className="number-pill" data-testid="conversation-number" title={t('inbox.numberLabel', { name: numberName })}>
            {numberName}
          </span>
        )}
        <span className={`status-pill ${conversation.status}`}>{t(`inbox.tabs.${conversation.status}`)}</span>
        {conversation.priority !== 'normal' && (
          <span className={`priority-pill ${conversation.priority}`} data-testid="priority" title={t('inbox.lifecycle.priority')}>
            {t(`inbox.lifecycle.priority.${conversation.priority}`)}
          </span>
        )}
        {conversation.assignedTo === myUserId && (
          <span aria-label={t('inbox.assignedToMe')} title={t('inbox.assignedToMe')}>
            👤
          </span>
        )}
        {conversation.unreadCount > 0 && (
          <span className="badge" aria-label={t('inbox.unread', { count: conversation.unreadCount })}>
            {conversation.unreadCount}
          </span>
        )}
      </span>
    </Link>
  );
});
