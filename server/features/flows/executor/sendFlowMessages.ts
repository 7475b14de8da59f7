import type { AppContext } from '#server/app/appContext.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import { enqueueOutbound } from '#server/features/whatsapp/index.js';

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
 * The same, inside the caller's transaction (enqueueOutbound joins it). Only refusals decided before
 * anything is written (limits, closed window) are skipped; a database error aborts the step.
 */
export async function queueFlowMessages(
  app: AppContext,
  clientId: string,
  conversationId: string,
  contents: OutboundContent[],
  answering?: string,
): Promise<void> {
  for (const [index, content] of contents.entries()) {
    try {
      await enqueueOutbound(app, { clientId, conversationId, content, answering: answering ? { messageId: answering, step: `flow/${index}` } : null });
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      app.log.warn({ err: error, clientId, conversationId, kind: content.kind }, 'a flow message could not be queued');
    }
  }
}
