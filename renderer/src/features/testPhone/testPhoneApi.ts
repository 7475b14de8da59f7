// The test phone's side of the testPhone.* API (server/features/sandbox): the contract's shapes,
// one place for its react-query keys (live events find what to refresh here), and the calls.
import { api } from '../../api/api';

export type TestCustomer = { id: string; name: string; phone: string; conversationId: string | null; lastMessageAt: string | null; unread: number };
export type PhoneMessageStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';
export type PhoneMessage = {
  id: string;
  fromCustomer: boolean;
  type: string;
  /** The stored message content the inbox uses (text summary, or an object with the type's data). */
  content: unknown;
  /** The stored metadata (buttons, list rows, location...), when the server sends it. */
  metadata?: unknown;
  status: PhoneMessageStatus | null;
  timestamp: string;
  wamid: string | null;
};
export type CustomerMessage =
  | { type: 'text'; text: string }
  | { type: 'button_reply'; id: string; title: string; contextWamid?: string }
  | { type: 'list_reply'; id: string; title: string; description?: string; contextWamid?: string }
  | { type: 'image'; dataBase64: string; mimeType: string; caption?: string }
  | { type: 'audio'; dataBase64: string; mimeType: string }
  | { type: 'location'; latitude: number; longitude: number; name?: string; address?: string };

type TestPhoneClient = {
  customers: {
    list: { query(): Promise<TestCustomer[]> };
    create: { mutate(input: { name: string; phone: string }): Promise<{ id: string; name: string; phone: string }> };
    remove: { mutate(input: { id: string }): Promise<unknown> };
  };
  clear: { mutate(): Promise<unknown> };
  thread: { query(input: { customerId: string; limit?: number }): Promise<{ messages: PhoneMessage[] }> };
  send: { mutate(input: { customerId: string; message: CustomerMessage }): Promise<{ wamid: string }> };
  markRead: { mutate(input: { customerId: string }): Promise<unknown> };
};

export const testPhoneKeys = {
  all: ['testPhone'] as const,
  customers: ['testPhone', 'customers'] as const,
  threads: ['testPhone', 'thread'] as const,
  thread: (customerId: string) => ['testPhone', 'thread', customerId] as const,
};

/** The most messages the phone shows (the newest ones): a test conversation is short. */
export const THREAD_LIMIT = 200;

/**
 * testPhone.* through the app's tRPC client, typed by the contract above (the procedures are the
 * same; the contract keeps this feature's types independent of the server router's inference).
 */
export const testPhoneApi = () => (api() as unknown as { testPhone: TestPhoneClient }).testPhone;
