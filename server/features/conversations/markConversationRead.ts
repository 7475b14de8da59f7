// An agent read the conversation: its unread count goes to zero. Blue ticks to the customer only
// when asked (receipt: true): an agent opening a chat by mistake should not look like ignoring the
// customer (the concern that kept Chatwoot from sending them, chatwoot#5982).
import { and, desc, eq } from 'drizzle-orm';
import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import { GraphApiError } from '../whatsapp/index.js';
import { graphClientFor } from '../whatsapp/index.js';
import { classifyMetaError } from '../whatsapp/index.js';
import { conversationView, publishConversation } from '../whatsapp/index.js';

export async function markConversationRead(app: AppContext, clientId: string, input: { conversationId: string; receipt?: boolean; typing?: boolean }) {
  const { conversations, messages } = app.db.t;
  const { conversation, lastInbound } = await app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .update(conversations)
      .set({ unreadCount: 0 })
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.clientId, clientId)))
      .returning();
    if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'conversation not found' });
    const [last] = await tx
      .select({ wamid: messages.wamid })
      .from(messages)
      .where(and(eq(messages.clientId, clientId), eq(messages.conversationId, row.id), eq(messages.direction, 'incoming')))
      .orderBy(desc(messages.timestamp))
      .limit(1);
    return { conversation: row, lastInbound: last?.wamid ?? null };
  });
  publishConversation(app, conversation);
  let receiptSent = false;
  let receiptError: string | null = null;
  if ((input.receipt || input.typing) && lastInbound) {
    // Outside the transaction: never hold the database while calling Meta.
    try {
      await (await graphClientFor(app, clientId, conversation.phoneNumberId)).markRead(lastInbound, { typing: input.typing });
      receiptSent = true;
    } catch (error) {
      receiptError =
        error instanceof GraphApiError
          ? classifyMetaError({ code: error.code, title: error.title, details: error.details, httpStatus: error.httpStatus }).reason
          : (error as Error).message;
    }
  }
  return { conversation: conversationView(conversation), receiptSent, receiptError };
}
