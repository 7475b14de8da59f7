// The test phone's side of the testPhone.* API (server/features/sandbox): its shapes (inferred from the router),
// one place for its react-query keys (live events find what to refresh here), and the calls.
import { api } from '#renderer/api/api';
import type { RouterInputs, RouterOutputs } from '#renderer/api/createApiClient';

export type TestCustomer = RouterOutputs['testPhone']['customers']['list'][number];
export type PhoneMessage = RouterOutputs['testPhone']['thread']['messages'][number];
export type PhoneMessageStatus = NonNullable<PhoneMessage['status']>;
export type CustomerMessage = RouterInputs['testPhone']['send']['message'];

export const testPhoneKeys = {
  all: ['testPhone'] as const,
  customers: ['testPhone', 'customers'] as const,
  threads: ['testPhone', 'thread'] as const,
  thread: (customerId: string) => ['testPhone', 'thread', customerId] as const,
};

/** The most messages the phone shows (the newest ones): a test conversation is short. */
export const THREAD_LIMIT = 200;

export const testPhoneApi = () => api().testPhone;
