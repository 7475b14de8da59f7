// react-query keys of the inbox, in one place so live events can find what to patch.
import type { ListFilters } from './types';

export const inboxKeys = {
  all: ['inbox'] as const,
  lists: ['inbox', 'list'] as const,
  list: (filters: ListFilters) => ['inbox', 'list', filters] as const,
  messages: (conversationId: string) => ['inbox', 'messages', conversationId] as const,
  waiting: ['inbox', 'waiting'] as const,
  counts: (scope: { assigned: string; search: string; tests?: string; phoneNumberId?: string; teamId?: string }) => ['inbox', 'counts', scope] as const,
  allCounts: ['inbox', 'counts'] as const,
  members: ['inbox', 'members'] as const,
  mediaLink: (messageId: string) => ['inbox', 'mediaLink', messageId] as const,
};
