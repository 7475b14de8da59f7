import type { AppContext } from '#server/app/appContext.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import type { Tx } from '#server/db/tables.js';
import { announceOutboundBatch, enqueueOutbound, insertOutboundBatch } from '#server/features/whatsapp/index.js';

/**
 * Queues a step's messages in order, after its state is committed. A message WhatsApp would refuse
 * (window closed) is logged and the rest still go: one bad message must not swallow the others.
 */
export async function sendFlowMessages(app: AppContext, clientId: string, conversationId: string, contents: OutboundContent[]): Promise<void> {
  for (const content of contents) {
    try {
      await enqueueOutbound(app, { clientId, conversationId, content });
    } catch (error) {
      app.log.warn({ err: error, clientId, conversationId, kind: content.kind }, 'a flow message could not be queued');
    }
  }
}

/**
 * The same, in the caller's transaction, as one batch (a handful of statements whatever the number
 * of messages). Only refusals decided before anything is written (limits, closed window) are
 * skipped; a database error aborts the step. The caller marks `answering` answered.
 */
export async function queueFlowMessages(
  app: AppContext,
  tx: Tx,
  target: { clientId: string; conversationId: string },
  contents: OutboundContent[],
  answering?: string,
): Promise<void> {
  const batch = await insertOutboundBatch(app, tx, { ...target, contents, replyKeys: answering ? { messageId: answering, prefix: 'flow/' } : null });
  for (const { content, error } of batch.refused) app.log.warn({ err: error, ...target, kind: content.kind }, 'a flow message could not be queued');
  announceOutboundBatch(app, batch); // deferred by the live events and the outbox signal to the step's commit
}
