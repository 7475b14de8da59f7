// The inbox's data as the server sends it (rows with ISO dates; the same shapes as live events).
export type { ConversationView, MessageView } from '../../../../server/features/conversations/liveEvents';
import type { ConversationStatus } from '../../../../shared/domain/statuses';
import type { TestFilterValue } from '../testPhone';

export type StatusTab = ConversationStatus | 'all';
export type AssignedScope = 'any' | 'me' | 'unassigned';
/** `tests`: show, hide or only show the test phone's conversations (absent: show). */
export type ListFilters = { status: StatusTab; assigned: AssignedScope; search: string; tests?: TestFilterValue };
