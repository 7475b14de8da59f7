// Applying live events to what the inbox already shows, without refetching: a conversation moves
// to the top of every list it belongs to (and leaves the ones it no longer matches); a message is
// added once (by id, so a replayed event after a reconnect never duplicates it) or replaced when
// its status changes. Pure functions over the react-query page shapes.
import { isTestConversation } from '#renderer/features/testPhone/inboxSupport';
import type { ConversationView, ListFilters, MessageView } from '../types';

export type ListPage = { items: ConversationView[]; nextCursor: string | null; counts?: unknown };
export type MessagePage = { items: MessageView[]; nextCursor: string | null; conversation?: ConversationView };

/** Whether a conversation belongs in a list with these filters (text search is the server's call: null). */
export function matchesFilters(conversation: ConversationView, filters: ListFilters, myUserId: string): boolean | null {
  // The server decides (search matches message text; labels are not on the conversation's view).
  if (filters.search.trim() || filters.labelId) return null;
  if (filters.status !== 'all' && conversation.status !== filters.status) return false;
  if (filters.assigned === 'me' && conversation.assignedTo !== myUserId) return false;
  if (filters.assigned === 'unassigned' && conversation.assignedTo !== null) return false;
  if (filters.tests === 'hide' && isTestConversation(conversation)) return false;
  if (filters.tests === 'only' && !isTestConversation(conversation)) return false;
  if (filters.phoneNumberId && conversation.phoneNumberId !== filters.phoneNumberId) return false;
  if (filters.teamId && conversation.teamId !== filters.teamId) return false;
  return true;
}

const newer = (a: ConversationView, b: ConversationView) => a.lastUpdate > b.lastUpdate || (a.lastUpdate === b.lastUpdate && a.id > b.id);

export function patchConversationPages(pages: ListPage[], conversation: ConversationView, belongs: boolean): ListPage[] {
  const without = pages.map((page) => ({ ...page, items: page.items.filter((item) => item.id !== conversation.id) }));
  if (!belongs || without.length === 0) return without;
  // Insert by (lastUpdate, id) descending into the loaded pages; beyond the last loaded page it
  // will come with "load more".
  const result = without.map((page) => ({ ...page, items: [...page.items] }));
  for (const page of result) {
    const index = page.items.findIndex((item) => newer(conversation, item));
    if (index >= 0) {
      page.items.splice(index, 0, conversation);
      return result;
    }
  }
  const last = result.at(-1)!;
  if (last.nextCursor === null) last.items.push(conversation);
  return result;
}

export function patchMessagePages(pages: MessagePage[], message: MessageView): MessagePage[] {
  let found = false;
  const replaced = pages.map((page) => ({
    ...page,
    items: page.items.map((item) => {
      if (item.id !== message.id) return item;
      found = true;
      // Events can arrive out of order: never go back to an older version of the row.
      return item.updatedAt > message.updatedAt ? item : message;
    }),
  }));
  if (found || replaced.length === 0) return replaced;
  // Pages are newest first: a new message goes to the front of the first page.
  const [first, ...rest] = replaced;
  return [{ ...first!, items: [message, ...first!.items] }, ...rest];
}

/** Oldest first, for drawing; pages come newest first from the server. */
export function chronological(pages: MessagePage[]): MessageView[] {
  const all = pages.flatMap((page) => page.items);
  const unique = new Map(all.map((message) => [message.id, message]));
  // WhatsApp timestamps have whole seconds: within one, the order of arrival (createdAt) decides.
  return [...unique.values()].sort((a, b) => compare(a.timestamp, b.timestamp) || compare(a.createdAt, b.createdAt) || compare(a.id, b.id));
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
