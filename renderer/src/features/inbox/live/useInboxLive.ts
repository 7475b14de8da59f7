// The live stream (tRPC subscription over SSE) applied to the inbox's caches: new and changed
// messages, conversations moving between lists. tRPC resumes from the last event id after a
// dropped connection; on top of that, every reconnect refetches what is on screen, so nothing is
// missed even if the server restarted (dedupe by id keeps replays from doubling anything).
import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '../../../api/api';
import { useConnectionState } from '../../../app/useConnectionState';
import { useT, type Translate } from '../../../i18n/useI18n';
import { notify } from '../../../notifications/notify';
import { useSession } from '../../../session/useSession';
import { inboxKeys } from '../inboxKeys';
import type { ConversationView, ListFilters, MessageView } from '../types';
import { matchesFilters, patchConversationPages, patchMessagePages, type ListPage, type MessagePage } from './cachePatches';

type LiveMessage = { type: string; payload: unknown; at: string };

/** Last known status per conversation, to notice the moment one starts waiting for a person. */
const knownStatus = new Map<string, string>();

export function useInboxLive(myUserId: string) {
  const queryClient = useQueryClient();
  const token = useSession((state) => state.token);
  const t = useT();
  useEffect(() => {
    if (!token) return;
    const setConnection = useConnectionState.getState().set;
    let hadError = false;
    let countsTimer: ReturnType<typeof setTimeout> | null = null;
    const refreshCountsSoon = () => {
      if (countsTimer) return;
      countsTimer = setTimeout(() => {
        countsTimer = null;
        void queryClient.invalidateQueries({ queryKey: inboxKeys.waiting });
      }, 1000);
    };
    const subscription = api().conversations.live.subscribe({}, {
      onStarted: () => setConnection('live'),
      onData: (event) => {
        const message = event.data as LiveMessage;
        applyLiveMessage(queryClient, message, myUserId, t);
        if (message.type === 'conversation.updated') refreshCountsSoon();
      },
      onConnectionStateChange: (state) => {
        if (state.state === 'connecting' && state.error) {
          hadError = true;
          setConnection('reconnecting');
        } else if (state.state === 'pending') {
          setConnection('live');
          if (hadError) {
            hadError = false;
            // Catch up on anything the resumed stream cannot give back.
            void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
          }
        }
      },
      onError: () => setConnection('reconnecting'),
    });
    return () => {
      subscription.unsubscribe();
      if (countsTimer) clearTimeout(countsTimer);
      setConnection('idle');
    };
  }, [token, myUserId, queryClient, t]);
}

export function applyLiveMessage(queryClient: QueryClient, message: LiveMessage, myUserId: string, t: Translate) {
  if (message.type === 'resync') {
    void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
    return;
  }
  if (message.type === 'message.created' || message.type === 'message.updated') {
    const row = message.payload as MessageView;
    queryClient.setQueryData<InfiniteData<MessagePage>>(inboxKeys.messages(row.conversationId), (data) =>
      data ? { ...data, pages: patchMessagePages(data.pages, row) } : data);
    return;
  }
  if (message.type === 'conversation.updated') {
    const row = message.payload as ConversationView;
    for (const [key] of queryClient.getQueriesData({ queryKey: inboxKeys.lists })) {
      const filters = key[2] as ListFilters;
      const belongs = matchesFilters(row, filters, myUserId);
      if (belongs === null) {
        void queryClient.invalidateQueries({ queryKey: key, exact: true });
        continue;
      }
      queryClient.setQueryData<InfiniteData<ListPage>>(key, (data) => (data ? { ...data, pages: patchConversationPages(data.pages, row, belongs) } : data));
    }
    queryClient.setQueryData<InfiniteData<MessagePage>>(inboxKeys.messages(row.id), (data) =>
      data ? { ...data, pages: data.pages.map((page) => ({ ...page, conversation: row })) } : data);
    const before = knownStatus.get(row.id);
    knownStatus.set(row.id, row.status);
    if (row.status === 'transferido' && before !== 'transferido') {
      notify({ title: t('inbox.notify.waiting', { name: row.name || row.phone }), body: row.lastMessage ?? '', conversationId: row.id });
    }
  }
}

export const rememberStatuses = (rows: ConversationView[]) => {
  for (const row of rows) knownStatus.set(row.id, row.status);
};
