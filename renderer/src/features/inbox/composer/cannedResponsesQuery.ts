// The client's canned responses (cannedResponses.list), one cache entry per client. Under the
// inbox's keys, so the live stream's resync reloads them with the rest; a
// `cannedResponses.changed` event invalidates them (see live/useInboxLive.ts).
import { api } from '#renderer/api/api';
import type { RouterOutputs } from '#renderer/api/createApiClient';

export type CannedResponseRow = RouterOutputs['cannedResponses']['list'][number];

export const cannedResponsesKeys = {
  all: ['inbox', 'canned'] as const,
  /** `null`: the signed-in member's own client. */
  list: (clientId: string | null) => ['inbox', 'canned', clientId] as const,
};

/** `input` is `{ clientId }` for a platform administrator acting for a client, `{}` otherwise. */
export const cannedResponsesQuery = (clientId: string | null, input: { clientId?: string } = {}) => ({
  queryKey: cannedResponsesKeys.list(clientId),
  queryFn: () => api().cannedResponses.list.query(input),
  staleTime: 60_000,
});
