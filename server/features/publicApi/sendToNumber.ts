// POST /api/v1/messages: a text, media or template message to a phone number. Text and media need
// the customer's 24-hour window (so a conversation with them); a template may start a conversation
// with a number that never wrote, which is created here (with its contact) first. A customer has a
// conversation per business number: `numberId` names the number (else the client's main number).
import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { emitDomainEvent } from '#server/app/domainEvents.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { conversationView, enqueueOutbound, onMainNumber, onNumber, resolveNumber } from '../whatsapp/index.js';
import { ApiError } from './apiError.js';

export async function sendToNumber(app: AppContext, clientId: string, phone: string, content: OutboundContent, numberId?: string) {
  const { conversations, clientesWhatsapp } = app.db.t;
  const conversationId = await app.db.tenant(clientId, async (tx) => {
    const phoneNumberId = await resolveNumber(app, tx, clientId, numberId);
    const [found] = await tx
      .select({ id: conversations.id })
      .from(conversations)
      .where(
        and(
          eq(conversations.clientId, clientId),
          eq(conversations.phone, phone),
          numberId ? onNumber(conversations, phoneNumberId) : onMainNumber(conversations, phoneNumberId),
        ),
      )
      // The main number's own conversation before a number-less one.
      .orderBy(desc(conversations.numberKey))
      .limit(1);
    if (found) return found.id;
    if (content.kind !== 'template') {
      throw new ApiError(
        422,
        'precondition_failed',
        `${phone} has never written to this business number, so there is no 24-hour window: only a template can start the conversation`,
      );
    }
    const [customer] = await tx
      .insert(clientesWhatsapp)
      .values({ clientId, telefone: phone })
      .onConflictDoUpdate({ target: [clientesWhatsapp.clientId, clientesWhatsapp.telefone], set: { telefone: phone } })
      .returning();
    const [created] = await tx
      .insert(conversations)
      .values({ clientId, phone, phoneNumberId, clienteWhatsappId: customer!.id, status: 'bot', lastUpdate: new Date() })
      .onConflictDoNothing()
      .returning();
    if (!created) {
      const [raced] = await tx
        .select({ id: conversations.id })
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone), onNumber(conversations, phoneNumberId)));
      return raced!.id;
    }
    await emitDomainEvent(app, tx, {
      clientId,
      type: 'conversation.created',
      data: { conversation: conversationView(created) },
      orderingKey: created.id,
    });
    return created.id;
  });
  const { messageId } = await enqueueOutbound(app, { clientId, conversationId, content, sentBy: null });
  return { messageId, conversationId, status: 'queued' as const };
}
