// What the test phone shows of one test customer's chat: oldest first, with the stored content the
// inbox renders (interactive buttons and list rows included in metadata) and the ticks.
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { messageView, onNumber, sandboxNumberOf } from '../whatsapp/index.js';
import { findTestCustomer } from './testCustomers.js';

const TICKS = new Set(['queued', 'sent', 'delivered', 'read', 'failed']);
type Tick = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

export async function testPhoneThread(app: AppContext, clientId: string, input: { customerId: string; limit?: number }) {
  const customer = await findTestCustomer(app, clientId, input.customerId);
  // The test phone writes to the sandbox number: its chat there (the customer may have others).
  const number = await sandboxNumberOf(app, clientId);
  const { conversations, messages } = app.db.t;
  const rows = await app.db.tenant(clientId, async (tx) => {
    const [conversation] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, customer.phone), onNumber(conversations, number.phoneNumberId)));
    if (!conversation) return [];
    return (
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, clientId), eq(messages.conversationId, conversation.id)))
        // WhatsApp's timestamps have seconds only: within one second, the order they were stored in.
        .orderBy(desc(messages.timestamp), desc(messages.createdAt), desc(messages.id))
        .limit(input.limit ?? 100)
    );
  });
  return {
    messages: rows.reverse().map((row) => {
      const view = messageView(row);
      return {
        id: view.id,
        fromCustomer: row.direction === 'incoming',
        type: view.type,
        content: view.content,
        status: row.direction === 'outgoing' && TICKS.has(row.status) ? (row.status as Tick) : null,
        timestamp: view.timestamp,
        wamid: view.wamid,
        // For rendering like the inbox (MessageContent): buttons, list rows, media.
        conversationId: view.conversationId,
        metadata: view.metadata,
        mediaUrl: view.mediaUrl,
        mediaType: view.mediaType,
        errorDetails: view.errorDetails,
      };
    }),
  };
}
