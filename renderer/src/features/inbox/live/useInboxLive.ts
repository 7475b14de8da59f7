// The live stream (tRPC subscription over SSE) applied to the inbox's caches: new and changed
// messages, conversations moving between lists. A dropped stream shows "Reconnecting…", retries
// with a growing delay, and catches up by refetching once it is back (see connect below).
import { useQueryClient, type InfiniteData, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';
import { useConnectionState } from '#renderer/app/useConnectionState';
import { useT, type Translate } from '#renderer/i18n/useI18n';
import { notify } from '#renderer/notifications/notify';
import { useSession } from '#renderer/session/useSession';
import { CANNED_RESPONSES_CHANGED } from '#shared/cannedResponses/cannedResponseRules.js';
import { cannedResponsesKeys } from '../composer/cannedResponsesQuery';
import { inboxKeys } from '../inboxKeys';
import type { ConversationView, ListFilters, MessageView } from '../types';
import { matchesFilters, patchConversationPages, patchMessagePages, type ListPage, type MessagePage } from './cachePatches';

type LiveMessage = { type: string; payload: unknown; at: string };

/** Last known status per conversation, to notice the moment one starts waiting for a person. */
const knownStatus = new Map<string, string>();

export function useInboxLive(myUserId: string) {
  const queryClient = useQueryClient();
  const signedIn = useSession((state) => state.signedIn);
  const t = useT();
  useEffect(() => {
    if (!signedIn) return;
    const setConnection = useConnectionState.getState().set;
    let countsTimer: ReturnType<typeof setTimeout> | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let subscription: { unsubscribe(): void } | null = null;
    let failures = 0;
    let stopped = false;
    const refreshCountsSoon = () => {
      if (countsTimer) return;
      countsTimer = setTimeout(() => {
        countsTimer = null;
        // The counts (tabs, badge) are one small query each: refetched at most once a second. The
        // lists themselves are patched from the events, never refetched page by page.
        void queryClient.invalidateQueries({ queryKey: inboxKeys.waiting });
        void queryClient.invalidateQueries({ queryKey: inboxKeys.allCounts });
      }, 1000);
    };
    // After a drop we open a fresh stream (not a resume: a restarted server numbers its events
    // anew) and, once it is open, refetch what is on screen. Events from the moment the stream
    // opened come live; everything before is in the refetch; ids dedupe the overlap. The first
    // stream refetches too: lists cached from an earlier visit to the inbox missed what happened
    // while the person was on another screen (no stream then), and are too fresh to refetch alone.
    const connect = () => {
      subscription = api().conversations.live.subscribe(
        {},
        {
          onStarted: () => {
            failures = 0;
            setConnection('live');
            void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
          },
          onData: (event) => {
            const message = event.data as LiveMessage;
            applyLiveMessage(queryClient, message, myUserId, t);
            if (message.type === 'conversation.updated') refreshCountsSoon();
          },
          onConnectionStateChange: (state) => {
            if (state.state === 'connecting' && state.error) reconnect();
          },
          // The server ends the stream with UNAUTHORIZED when the session ends (signed out
          // elsewhere, deactivated): sign out here too instead of retrying.
          onError: (error) => (errorCode(error) === 'UNAUTHORIZED' ? useSession.getState().signOut() : reconnect()),
        },
      );
    };
    const reconnect = () => {
      if (stopped || retryTimer) return;
      setConnection('reconnecting');
      subscription?.unsubscribe();
      subscription = null;
      const delay = Math.min(10_000, 500 * 2 ** failures++);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        if (!stopped) connect();
      }, delay);
    };
    connect();
    return () => {
      stopped = true;
      subscription?.unsubscribe();
      if (countsTimer) clearTimeout(countsTimer);
      if (retryTimer) clearTimeout(retryTimer);
      setConnection('idle');
    };
  }, [signedIn, myUserId, queryClient, t]);
}

export function applyLiveMessage(queryClient: QueryClient, message: LiveMessage, myUserId: string, t: Translate) {
  if (message.type === 'resync') {
    void queryClient.invalidateQueries({ queryKey: inboxKeys.all });
    return;
  }
  if (message.type === CANNED_RESPONSES_CHANGED) {
    // A colleague changed the team's canned responses: every composer reloads the list.
    void queryClient.invalidateQueries({ queryKey: cannedResponsesKeys.all });
    return;
  }
  if (message.type === 'message.created' || message.type === 'message.updated') {
    const row = message.payload as MessageView;
    queryClient.setQueryData<InfiniteData<MessagePage>>(inboxKeys.messages(row.conversationId), (data) =>
      data ? { ...data, pages: patchMessagePages(data.pages, row) } : data,
    );
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
      data ? { ...data, pages: data.pages.map((page) => ({ ...page, conversation: row })) } : data,
    );
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
