// The one way anything (agents, flows, the AI reply) sends a WhatsApp message: checks Meta's limits
// and the 24-hour window, stores the message `queued`, and wakes the outbox sender, which sends it
// after this returns (never inside the transaction). A send therefore survives a crash between
// "decided to send" and "Meta accepted it": the queued row is picked up again on restart.
import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { publishConversation, publishMessage } from '../liveEvents.js';
import { customerServiceWindow } from '#shared/whatsapp/customerServiceWindow.js';
import { describeOutbound } from './describeOutbound.js';
import { outboxSignal } from './outboxSignal.js';
import { monotonicNow } from './monotonicNow.js';
import { validateOutbound } from './validateOutbound.js';
import { conversationPreview } from '#shared/whatsapp/conversationPreview.js';
import { assertAcceptsBusinessMessages } from '../consent/customerConsent.js';

export type EnqueueOutboundInput = {
  clientId: string;
  conversationId: string;
  content: OutboundContent;
  /** The agent's user id; null/undefined for the bot, a flow or the AI. */
  sentBy?: string | null;
  /** Quote this message (contextual reply). */
  replyToWamid?: string | null;
  /**
   * Media content whose file is stored on this server (under the media root, like inbound media):
   * served to the thread by GET /media/<message id>, uploaded to Meta by the outbox when it sends.
   */
  storedMedia?: StoredMediaFile | null;
  /**
   * The customer's message this answers, and which reply of the answer it is: the row gets the
   * idempotency key `<messageId>/<step>` (unique, so a re-run after a crash never queues it twice)
   * and the inbound message is marked answered in the same transaction. `beforeAnswer`: a reply
   * that goes ahead of the answer (the AI's greeting) is keyed the same way but leaves the message
   * unanswered, so a crash between the two still answers it (the greeting is not queued again).
   */
  answering?: { messageId: string; step: string; beforeAnswer?: boolean } | null;
  /**
   * A voice note the bot synthesised: what it says and how long it lasts, for the agent reading the
   * chat. Stored with the row (a later update would hold the row the sender is about to claim).
   */
  spoken?: { text: string; durationSeconds: number } | null;
};

/** An attachment's file as `metadata.media` records it (the shape inbound media uses). */
export type StoredMediaFile = { file: string; size: number; sha256: string; mimeType: string; filename: string };

export class ConversationNotFoundError extends UserFacingError {
  override name = 'ConversationNotFoundError';
}

/** Free-form content outside the 24-hour window: Meta would refuse it with 131047. */
export class WindowClosedError extends UserFacingError {
  override name = 'WindowClosedError';
}

export type QueuedOutbound = { message: Tables['messages']['$inferSelect']; conversation: Tables['conversations']['$inferSelect'] | null };

export async function enqueueOutbound(app: AppContext, input: EnqueueOutboundInput): Promise<{ messageId: string }> {
  const queued = await app.db.tenant(input.clientId, (tx) => insertOutbound(app, tx, input));
  announceOutbound(app, queued);
  return { messageId: queued.message.id };
}

/** After the transaction that inserted it committed: live events, and the sender is woken. */
export function announceOutbound(app: AppContext, queued: QueuedOutbound): void {
  if (queued.conversation) {
    publishMessage(app, queued.message, true);
    publishConversation(app, queued.conversation);
  }
  outboxSignal(app).wake();
}

/** Marks a customer's message answered (in the caller's transaction, with what answered it). */
export async function markAnswered(app: AppContext, tx: Tx, clientId: string, messageId: string): Promise<void> {
  const { messages } = app.db.t;
  await tx
    .update(messages)
    .set({ answeredAt: new Date() })
    .where(and(eq(messages.id, messageId), eq(messages.clientId, clientId)));
}

/**
 * The insert itself, in the caller's transaction (so a reply commits with what it records, e.g.
 * the AI's answer in the chat memory). `conversation` is null when the reply was already queued.
 */
export async function insertOutbound(app: AppContext, tx: Tx, input: EnqueueOutboundInput): Promise<QueuedOutbound> {
  const storedMedia = input.storedMedia ?? null;
  if (storedMedia && input.content.kind !== 'media') throw new Error('a stored file can only be sent as media content');
  validateOutbound(input.content, { storedFile: storedMedia !== null });
  const messageId = randomUUID();
  const { conversations, messages } = app.db.t;
  const now = monotonicNow();
  const replyKey = input.answering ? `${input.answering.messageId}/${input.answering.step}` : null;

  if (replyKey) {
    const [existing] = await tx
      .select()
      .from(messages)
      .where(and(eq(messages.clientId, input.clientId), eq(messages.replyKey, replyKey)));
    if (existing) return { message: existing, conversation: null };
  }
  const [found] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.clientId, input.clientId)));
  if (!found) throw new ConversationNotFoundError('conversation not found');
  await assertSendable(app, tx, found, input.content, now);
  const [row] = await tx
    .insert(messages)
    .values(outboundRow(input, found, messageId, now, replyKey))
    .returning();
  if (input.answering && !input.answering.beforeAnswer) await markAnswered(app, tx, input.clientId, input.answering.messageId);
  const [updated] = await tx
    .update(conversations)
    .set({ lastMessage: conversationPreview(row!.type, row!.content), lastUpdate: now })
    .where(and(eq(conversations.id, found.id), eq(conversations.clientId, input.clientId)))
    .returning();
  return { message: row!, conversation: updated! };
}

type ConversationRow = Tables['conversations']['$inferSelect'];

/**
 * What Meta would refuse, refused before anything is written: a template to a customer who opted
 * out (a template is how the business starts a conversation), free-form content outside the
 * 24-hour window.
 */
export async function assertSendable(app: AppContext, tx: Tx, conversation: ConversationRow, content: OutboundContent, now: Date): Promise<void> {
  if (content.kind === 'template') {
    await assertAcceptsBusinessMessages(app, tx, conversation);
    return;
  }
  const window = customerServiceWindow(conversation.lastInboundAt, now);
  if (window.open) return;
  throw new WindowClosedError(
    window.closesAt
      ? `the 24-hour window to reply closed at ${window.closesAt.toISOString()}: only a template can be sent until the customer writes again`
      : 'the customer has not written yet, so there is no 24-hour window: only a template can be sent',
  );
}

/** The `queued` row of one outbound message, as the outbox sender expects it. */
export function outboundRow(
  input: Pick<EnqueueOutboundInput, 'clientId' | 'content' | 'sentBy' | 'replyToWamid' | 'storedMedia' | 'spoken'>,
  conversation: ConversationRow,
  messageId: string,
  now: Date,
  replyKey: string | null,
): Tables['messages']['$inferInsert'] & Pick<Tables['messages']['$inferSelect'], 'type' | 'content'> {
  const stored = describeOutbound(input.content);
  const storedMedia = input.storedMedia ?? null;
  let metadata = input.replyToWamid ? { ...stored.metadata, replyToWamid: input.replyToWamid } : stored.metadata;
  if (storedMedia) metadata = { ...metadata, media: { ...storedMedia, storedAt: now.toISOString() } };
  return {
    id: messageId,
    clientId: input.clientId,
    conversationId: conversation.id,
    phone: conversation.phone,
    name: conversation.name,
    content: stored.content,
    type: stored.type,
    direction: 'outgoing',
    status: 'queued',
    timestamp: now,
    metadata,
    mediaUrl: storedMedia ? `/media/${messageId}` : stored.mediaUrl,
    mediaId: stored.mediaId,
    mediaType: stored.mediaType,
    sentBy: input.sentBy ?? null,
    sendAttempts: 0,
    nextAttemptAt: now,
    replyKey,
    ...(input.spoken ? { transcription: input.spoken.text, audioDurationSeconds: Math.ceil(input.spoken.durationSeconds) } : {}),
  };
}
