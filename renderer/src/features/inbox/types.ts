// The inbox's data as the server sends it (rows with ISO dates; the same shapes as live events).
export type { ConversationView, MessageView } from '#server/features/whatsapp/liveEvents.js';
import type { ConversationStatus } from '#shared/domain/statuses.js';
import type { TestFilterValue } from '#shared/domain/testConversations.js';

export type StatusTab = ConversationStatus | 'all';
export type AssignedScope = 'any' | 'me' | 'unassigned';
/** `tests`: show, hide or only show the test phone's conversations (absent: show). */
export type ListFilters = {
  status: StatusTab;
  assigned: AssignedScope;
  search: string;
  tests?: TestFilterValue;
  /** Only conversations with this label. */
  labelId?: string;
  /** Only one business number's conversations (phone_number_id), one team's. */
  phoneNumberId?: string;
  teamId?: string;
};
