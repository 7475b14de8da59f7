import { useInfiniteQuery, useMutation, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useEffect, useMemo } from 'react';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';
import { useT } from '#renderer/i18n/useI18n';
import { ErrorNotice } from '#renderer/ui/ErrorNotice';
import type { Me } from '#renderer/features/auth/useMe';
import { isTestConversation, TestBadge } from '#renderer/features/testPhone';
import { Composer } from '../composer/Composer';
import { inboxKeys } from '../inboxKeys';
import { chronological, patchMessagePages, type MessagePage } from '../live/cachePatches';
import { MessageHistory } from './MessageHistory';
import { LifecycleActions } from './LifecycleActions';
import { OptOutBadge } from './OptOutBadge';
import { ThreadContactPanel } from '#renderer/features/contacts';
import { StartFlowButton } from './StartFlowButton';
import { ThreadActions } from './ThreadActions';
import { useWindowState, WindowBanner } from './WindowBanner';
import { roleAtLeast } from '#shared/domain/roles.js';

export function ConversationThread({ conversationId, me }: { conversationId: string; me: Me }) {
  const t = useT();
  const queryClient = useQueryClient();
  const query = useInfiniteQuery({
    queryKey: inboxKeys.messages(conversationId),
    queryFn: ({ pageParam }) => api().conversations.messages.query({ conversationId, cursor: pageParam, limit: 50 }),
    initialPageParam: null as string | null,
    getNextPageParam: (page) => page.nextCursor,
  });
  const messages = useMemo(() => chronological(query.data?.pages ?? []), [query.data]);
  const conversation = query.data?.pages[0]?.conversation;
  const canAct = me.isPlatformAdmin || roleAtLeast(me.role, 'agent');
  const window = useWindowState(conversation?.lastInboundAt ?? null);

  // Opening a conversation with unread messages reads them (agents only; viewers just look).
  const unread = conversation?.unreadCount ?? 0;
  useEffect(() => {
    if (unread > 0 && canAct)
      void api()
        .conversations.markRead.mutate({ conversationId })
        .catch(() => undefined);
  }, [conversationId, unread, canAct]);

  const retry = useMutation({
    mutationFn: (messageId: string) => api().conversations.retryMessage.mutate({ messageId }),
    onSuccess: (row) =>
      queryClient.setQueryData<InfiniteData<MessagePage>>(inboxKeys.messages(conversationId), (data) =>
        data ? { ...data, pages: patchMessagePages(data.pages, row) } : data,
      ),
  });

  if (query.isError) {
    return (
      <div className="page">
        {errorCode(query.error) === 'NOT_FOUND' ? (
          <p role="alert">{t('inbox.notFound')}</p>
        ) : (
          <ErrorNotice error={query.error} onRetry={() => void query.refetch()} />
        )}
      </div>
    );
  }
  if (!conversation)
    return (
      <p className="page muted" role="status">
        {t('common.loading')}
      </p>
    );
  const name = conversation.name || conversation.phone;
  const mine = conversation.status === 'humano' && conversation.assignedTo === me.userId;
  return (
    <section className="thread" aria-labelledby="thread-title" data-testid="thread" data-status={conversation.status}>
      <header className="thread-header">
        <div className="grow">
          <h1 id="thread-title">{name}</h1>
          <p className="small muted">
            {isTestConversation(conversation) && (
              <>
                <TestBadge />{' '}
              </>
            )}
            {conversation.phone} · <span data-testid="thread-status">{t(`inbox.status.${conversation.status}`)}</span>
            {' · '}
            {conversation.assignedTo === me.userId ? t('inbox.assignedToMe') : conversation.assignedTo ? t('inbox.assignedToColleague') : t('inbox.unassigned')}
          </p>
        </div>
        <div className="thread-controls">
          <ThreadActions conversation={conversation} me={me} />
          {canAct && <LifecycleActions conversation={conversation} me={me} />}
          {canAct && <StartFlowButton key={conversation.id} conversation={conversation} />}
        </div>
      </header>
      <WindowBanner lastInboundAt={conversation.lastInboundAt} />
      <OptOutBadge conversationId={conversationId} version={conversation.lastUpdate} canAct={canAct} />
      {canAct && <ThreadContactPanel key={conversationId} conversationId={conversationId} />}
      <MessageHistory
        messages={messages}
        label={t('inbox.history.label', { name })}
        hasOlder={query.hasNextPage}
        loadingOlder={query.isFetchingNextPage}
        loadOlder={() => void query.fetchNextPage()}
        onRetry={canAct ? (messageId) => retry.mutate(messageId) : undefined}
        retrying={retry.isPending ? (retry.variables ?? null) : null}
        retryError={retry.isError && retry.variables ? { messageId: retry.variables, error: retry.error } : null}
      />
      {canAct && <Composer key={conversationId} conversationId={conversationId} windowOpen={window.open} canReply={mine} />}
    </section>
  );
}
