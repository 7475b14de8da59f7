// Several messages for one conversation in one go: a flow step's replies. insertOutbound per
// message costs five statements each (its reply key, the conversation, the insert, the answered
// mark, the conversation's preview); a step of three replies paid fifteen. Here the batch costs
// four whatever its size: the reply keys read together, the conversation once, one multi-row
// insert, one preview update. Each message still gets its own timestamp (monotonicNow), so the
// outbox sends them in order, and its own reply key, so a re-run after a crash never queues one twice.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import type { Tx } from '#server/db/tables.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { conversationPreview } from '#shared/whatsapp/conversationPreview.js';
import { assertSendable, ConversationNotFoundError, outboundRow, type QueuedOutbound } from './enqueueOutbound.js';
import { publishConversation, publishMessage } from '../liveEvents.js';
import { monotonicNow } from './monotonicNow.js';
import { outboxSignal } from './outboxSignal.js';
import { validateOutbound } from './validateOutbound.js';

export type OutboundBatchInput = {
  clientId: string;
  conversationId: string;
  /** In the order the customer gets them. */
  contents: OutboundContent[];
  /**
   * The customer's message these answer: message `i` gets the reply key `<messageId>/<prefix><i>`
   * (unique per client), so a batch re-run after a crash skips what it already queued. Marking
   * that message answered is the caller's (the flow step does it with its state).
   */
  replyKeys?: { messageId: string; prefix: string } | null;
};

export type OutboundBatch = {
  /** What this call queued, in order (not what an earlier run of the same batch had). */
  queued: QueuedOutbound['message'][];
  /** The conversation with its new preview; null when nothing was queued. */
  conversation: QueuedOutbound['conversation'];
  /** Messages WhatsApp would refuse (limits, closed window, opted out), left out; the rest still go. */
  refused: Array<{ index: number; content: OutboundContent; error: UserFacingError }>;
};

/** In the caller's transaction; announce what it returns once that commits (announceOutboundBatch). */
export async function insertOutboundBatch(app: AppContext, tx: Tx, input: OutboundBatchInput): Promise<OutboundBatch> {
  const { conversations, messages } = app.db.t;
  const keyOf = (index: number) => (input.replyKeys ? `${input.replyKeys.messageId}/${input.replyKeys.prefix}${index}` : null);
  const done = new Set<string>();
  if (input.replyKeys && input.contents.length > 0) {
    const keys = input.contents.map((_, index) => keyOf(index)!);
    const existing = await tx
      .select({ replyKey: messages.replyKey })
      .from(messages)
      .where(and(eq(messages.clientId, input.clientId), inArray(messages.replyKey, keys)));
    for (const row of existing) if (row.replyKey) done.add(row.replyKey);
  }
  const pending = input.contents
    .map((content, index) => ({ content, index, replyKey: keyOf(index) }))
    .filter((item) => !item.replyKey || !done.has(item.replyKey));
  const result: OutboundBatch = { queued: [], conversation: null, refused: [] };
  if (pending.length === 0) return result;

  const [found] = await tx
    .select()
    .from(conversations)
    .where(and(eq(conversations.id, input.conversationId), eq(conversations.clientId, input.clientId)));
  if (!found) throw new ConversationNotFoundError('conversation not found');
  const rows = [];
  for (const { content, index, replyKey } of pending) {
    const now = monotonicNow();
    try {
      validateOutbound(content, { storedFile: false });
      await assertSendable(app, tx, found, content, now);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      result.refused.push({ index, content, error });
      continue;
    }
    rows.push(outboundRow({ clientId: input.clientId, content }, found, randomUUID(), now, replyKey));
  }
  if (rows.length === 0) return result;
  const inserted = await tx.insert(messages).values(rows).returning();
  const byId = new Map(inserted.map((row) => [row.id, row]));
  result.queued = rows.map((row) => byId.get(row.id!)!);
  const last = result.queued.at(-1)!;
  const [updated] = await tx
    .update(conversations)
    .set({ lastMessage: conversationPreview(last.type, last.content), lastUpdate: last.timestamp })
    .where(and(eq(conversations.id, found.id), eq(conversations.clientId, input.clientId)))
    .returning();
  result.conversation = updated ?? null;
  return result;
}

/** After the transaction that inserted the batch committed (or deferred to it): live events, and the sender is woken once. */
export function announceOutboundBatch(app: AppContext, batch: OutboundBatch): void {
  if (!batch.conversation) return;
  for (const message of batch.queued) publishMessage(app, message, true);
  publishConversation(app, batch.conversation);
  outboxSignal(app).wake();
}
