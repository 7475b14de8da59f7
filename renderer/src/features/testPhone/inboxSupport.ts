// What the inbox needs to know about test conversations (conversations.list's `isTest` and its
// test filter), in one place.
import type { TestFilterValue } from './TestFilter';

export const isTestConversation = (conversation: { isTest?: boolean }): boolean => conversation.isTest === true;

/** conversations.list's input for the filter (nothing when showing all: the server's default). */
export const testFilterInput = (value: TestFilterValue | undefined): { tests?: 'hide' | 'only' } =>
  value === 'hide' || value === 'only' ? { tests: value } : {};
