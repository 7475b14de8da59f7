// The test customer reads the chat: every business message still sent or delivered gets a `read`
// status webhook (through the real route, like Meta's). With `open`, the chat stays open: messages
// delivered afterwards are read at once, until `open: false`.
import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { chatKey, sandboxState } from './sandboxGraphClient.js';
import { onNumber, sandboxNumberOf } from '../whatsapp/index.js';
import { deliverSandboxWebhook, statusEvent } from './sandboxWebhook.js';
import { findTestCustomer } from './testCustomers.js';

const MAX_PER_WEBHOOK = 100;

export async function testPhoneMarkRead(app: AppContext, clientId: string, input: { customerId: string; open?: boolean }): Promise<{ read: number }> {
  const customer = await findTestCustomer(app, clientId, input.customerId);
  const key = chatKey(clientId, customer.waId);
  if (input.open === true) sandboxState(app).openChats.add(key);
  if (input.open === false) sandboxState(app).openChats.delete(key);
  const number = await sandboxNumberOf(app, clientId);
  const { conversations, messages } = app.db.t;
  const unread = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ wamid: messages.wamid, id: messages.id })
      .from(messages)
      .innerJoin(conversations, eq(conversations.id, messages.conversationId))
      .where(
        and(
          eq(messages.clientId, clientId),
          eq(conversations.clientId, clientId),
          eq(conversations.phone, customer.phone),
          onNumber(conversations, number.phoneNumberId),
          eq(messages.direction, 'outgoing'),
          inArray(messages.status, ['sent', 'delivered']),
          isNotNull(messages.wamid),
        ),
      ),
  );
  for (let start = 0; start < unread.length; start += MAX_PER_WEBHOOK) {
    await deliverSandboxWebhook(app, number, {
      statuses: unread.slice(start, start + MAX_PER_WEBHOOK).map((row) => statusEvent(row.wamid!, 'read', customer.waId, row.id)),
    });
  }
  return { read: unread.length };
}
