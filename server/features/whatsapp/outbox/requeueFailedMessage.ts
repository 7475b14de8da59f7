// An agent retries a failed outbound message: it is queued again and really sent again (a new
// wamid; the old one is kept in metadata). The 24-hour window is checked again for free text.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { JsonObject, JsonValue } from '#server/db/json-types.js';
import { publishMessage } from '../liveEvents.js';
import { customerServiceWindow } from '#shared/whatsapp/customerServiceWindow.js';
import { storedOutboundContent } from './describeOutbound.js';
import { ConversationNotFoundError, WindowClosedError } from './enqueueOutbound.js';
import { outboxSignal } from './outboxSignal.js';
import { assertAcceptsBusinessMessages } from '../consent/customerConsent.js';

export class NotRetryableError extends UserFacingError {
  override name = 'NotRetryableError';
}

export async function requeueFailedMessage(app: AppContext, clientId: string, messageId: string, retriedBy: string | null) {
  const { messages, conversations } = app.db.t;
  const row = await app.db.tenant(clientId, async (tx) => {
    const [message] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.id, messageId), eq(messages.clientId, clientId)));
    if (!message) throw new ConversationNotFoundError('message not found');
    if (message.direction !== 'outgoing') throw new NotRetryableError('only messages sent from here can be retried');
    if (message.status !== 'failed') throw new NotRetryableError(`only a failed message can be retried (this one is ${message.status})`);
    const content = storedOutboundContent(message.metadata);
    if (!content) throw new NotRetryableError('this message has no stored content to send again');
    const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, message.conversationId));
    if (content.kind === 'template' && conversation) await assertAcceptsBusinessMessages(app, tx, conversation);
    if (content.kind !== 'template' && !customerServiceWindow(conversation?.lastInboundAt).open) {
      throw new WindowClosedError('the 24-hour window is closed: only a template can be sent until the customer writes again');
    }
    const previous = Array.isArray(message.metadata.previousAttempts) ? message.metadata.previousAttempts : [];
    const attempt: JsonValue = { wamid: message.wamid, error: message.errorDetails, retriedAt: new Date().toISOString(), retriedBy };
    // An attachment is uploaded to Meta again: the failure may have been about the uploaded copy.
    const media = message.metadata.media;
    const freshMedia: JsonObject =
      media && typeof media === 'object' && !Array.isArray(media) && typeof media.file === 'string'
        ? { media: { ...media, uploadedId: null, uploadedAt: null } }
        : {};
    const [updated] = await tx
      .update(messages)
      .set({
        status: 'queued',
        wamid: null,
        errorDetails: null,
        sendAttempts: 0,
        nextAttemptAt: new Date(),
        sendStartedAt: null,
        metadata: { ...message.metadata, ...freshMedia, statusTimes: {}, previousAttempts: [...previous, attempt] },
      })
      .where(eq(messages.id, message.id))
      .returning();
    return updated!;
  });
  publishMessage(app, row, false);
  outboxSignal(app).wake();
  return row;
}
