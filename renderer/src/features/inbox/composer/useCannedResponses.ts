// Canned responses for the composer: the client's shared list from the server (managed on the
// "Canned responses" screen), with the placeholders filled from the open conversation's contact.
// `matchCanned` picks the ones matching what follows "/" in the draft.
import { useQuery, useQueryClient, type InfiniteData } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import { expandPlaceholders } from '#shared/cannedResponses/cannedResponseRules.js';
import { useMe } from '#renderer/features/auth/useMe';
import { inboxKeys } from '../inboxKeys';
import type { MessagePage } from '../live/cachePatches';
import { cannedResponsesQuery } from './cannedResponsesQuery';

/** `text` is ready to send: {{nome}}, {{telefone}}… already replaced for this conversation. */
export type CannedResponse = { id: string; shortcut: string; text: string };

export function useCannedResponses(conversationId: string): CannedResponse[] {
  const clientId = useMe().data?.clientId ?? null;
  const list = useQuery({ ...cannedResponsesQuery(clientId), enabled: clientId !== null });
  const contact = useConversationContact(conversationId);
  return useMemo(
    () =>
      (list.data ?? []).map((row) => ({
        id: row.id,
        shortcut: row.shortcut,
        text: expandPlaceholders(row.content, contact ?? { name: null, phone: null }),
      })),
    [list.data, contact],
  );
}

/** The open conversation's contact, as the thread loaded it (no request of its own). */
function useConversationContact(conversationId: string): { name: string | null; phone: string | null } | undefined {
  const queryClient = useQueryClient();
  const subscribe = useCallback((onChange: () => void) => queryClient.getQueryCache().subscribe(onChange), [queryClient]);
  const read = () => queryClient.getQueryData<InfiniteData<MessagePage>>(inboxKeys.messages(conversationId))?.pages[0]?.conversation;
  const conversation = useSyncExternalStore(subscribe, read);
  return useMemo(() => (conversation ? { name: conversation.name, phone: conversation.phone } : undefined), [conversation]);
}

/** The responses matching what follows a leading "/" (null when the draft is not a shortcut). */
export function matchCanned(draft: string, responses: CannedResponse[]): CannedResponse[] | null {
  const match = /^\/(\S*)$/.exec(draft);
  if (!match) return null;
  const typed = match[1]!.toLowerCase();
  return responses.filter((response) => response.shortcut.toLowerCase().startsWith(typed) || response.text.toLowerCase().includes(typed));
}
