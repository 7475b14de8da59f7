// The test phone follows the same live stream as the inbox (conversations.live): a new or changed
// message (a reply, a status sent → delivered → read) or a changed conversation refreshes the
// customers list and the open thread, so replies appear without reloading. A dropped stream is
// reopened with a growing delay, and what is on screen is refetched once it is back.
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api } from '#renderer/api/api';
import { errorCode } from '#renderer/api/errorMessage';
import { useConnectionState } from '#renderer/app/useConnectionState';
import { useSession } from '#renderer/session/useSession';
import { inboxKeys } from '#renderer/features/inbox/inboxKeys';
import { testPhoneKeys, type TestCustomer } from '../testPhoneApi';

type LiveMessage = { type: string; payload: unknown };

export function useTestPhoneLive() {
  const queryClient = useQueryClient();
  const signedIn = useSession((state) => state.signedIn);
  useEffect(() => {
    if (!signedIn) return;
    const setConnection = useConnectionState.getState().set;
    let subscription: { unsubscribe(): void } | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let failures = 0;
    let stopped = false;
    const connect = (afterDrop: boolean) => {
      subscription = api().conversations.live.subscribe(
        {},
        {
          onStarted: () => {
            failures = 0;
            setConnection('live');
            if (afterDrop) void queryClient.invalidateQueries({ queryKey: testPhoneKeys.all });
          },
          onData: (event) => applyLiveMessage(queryClient, event.data as LiveMessage),
          onConnectionStateChange: (state) => {
            if (state.state === 'connecting' && state.error) reconnect();
          },
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
        if (!stopped) connect(true);
      }, delay);
    };
    connect(false);
    return () => {
      stopped = true;
      subscription?.unsubscribe();
      if (retryTimer) clearTimeout(retryTimer);
      setConnection('idle');
    };
  }, [signedIn, queryClient]);
}

const conversationIdOf = (payload: unknown): string | null => {
  if (typeof payload !== 'object' || payload === null) return null;
  const row = payload as { conversationId?: unknown; id?: unknown };
  return typeof row.conversationId === 'string' ? row.conversationId : null;
};

/** Refetches only what the event touches: the thread of that conversation's test customer. */
export function applyLiveMessage(queryClient: QueryClient, message: LiveMessage) {
  if (message.type === 'resync') {
    void queryClient.invalidateQueries({ queryKey: testPhoneKeys.all });
    return;
  }
  // The inbox is not listening while the test phone is open: what it has cached is out of date
  // (marked only; it refetches when it opens again, instead of showing the old list for a while).
  void queryClient.invalidateQueries({ queryKey: inboxKeys.all, refetchType: 'none' });
  const customers = queryClient.getQueryData<TestCustomer[]>(testPhoneKeys.customers) ?? [];
  if (message.type === 'message.created' || message.type === 'message.updated') {
    const conversationId = conversationIdOf(message.payload);
    const customer = customers.find((candidate) => candidate.conversationId === conversationId);
    if (customer) {
      void queryClient.invalidateQueries({ queryKey: testPhoneKeys.thread(customer.id) });
      // A new message changes the list's order, last time and unread counts.
      if (message.type === 'message.created') void queryClient.invalidateQueries({ queryKey: testPhoneKeys.customers });
    } else if (customers.some((candidate) => candidate.conversationId === null)) {
      // The first message of a new test customer: its conversation is not known yet.
      void queryClient.invalidateQueries({ queryKey: testPhoneKeys.all });
    }
    return;
  }
  if (message.type === 'conversation.updated') {
    const row = message.payload as { id?: unknown };
    if (customers.some((candidate) => candidate.conversationId === row.id || candidate.conversationId === null)) {
      void queryClient.invalidateQueries({ queryKey: testPhoneKeys.customers });
    }
  }
}
