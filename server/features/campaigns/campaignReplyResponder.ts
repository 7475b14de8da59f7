// A reply to a campaign can start a chosen flow: the first message a recipient sends after the
// campaign's template (within 7 days, while the bot has the conversation) starts the campaign's
// reply flow, once: the recipient row is claimed (reply_flow_started_at) before the flow starts.
import { and, desc, eq, gt, isNotNull, isNull, lt } from 'drizzle-orm';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import type { Tx } from '#server/db/tables.js';
import { startFlowManually } from '../flows/index.js';

const REPLY_WINDOW_MS = 7 * 24 * 60 * 60 * 1000;

/** The campaign recipient row this message answers and its reply flow, while it has not started one. */
async function awaitedReply({ app, clientId, conversation, message }: InboundMessage, tx: Tx) {
  const { campaignRecipients: r, campaigns } = app.db.t;
  // When the server stored it: WhatsApp's own timestamp has only seconds.
  const at = message.createdAt;
  const [candidate] = await tx
    .select({ id: r.id, flowId: campaigns.replyFlowId })
    .from(r)
    .innerJoin(campaigns, and(eq(campaigns.id, r.campaignId), eq(campaigns.clientId, clientId)))
    .where(
      and(
        eq(r.clientId, clientId),
        eq(r.conversationId, conversation.id),
        eq(r.status, 'queued'),
        isNull(r.replyFlowStartedAt),
        isNotNull(campaigns.replyFlowId),
        lt(r.queuedAt, at),
        gt(r.queuedAt, new Date(at.getTime() - REPLY_WINDOW_MS)),
      ),
    )
    .orderBy(desc(r.queuedAt))
    .limit(1);
  return candidate?.flowId ? { id: candidate.id, flowId: candidate.flowId } : null;
}

export const campaignReplyResponder: Responder = {
  name: 'campaign-reply',
  wants: async (inbound, tx) => inbound.conversation.status === 'bot' && (await awaitedReply(inbound, tx)) !== null,
  async respond(inbound) {
    const { app, clientId, conversation } = inbound;
    if (conversation.status !== 'bot') return false;
    const { campaignRecipients: r } = app.db.t;
    const claimed = await app.db.tenant(clientId, async (tx) => {
      const candidate = await awaitedReply(inbound, tx);
      if (!candidate) return null;
      const [won] = await tx
        .update(r)
        .set({ replyFlowStartedAt: new Date() })
        .where(and(eq(r.id, candidate.id), eq(r.clientId, clientId), isNull(r.replyFlowStartedAt)))
        .returning({ id: r.id });
      return won ? candidate.flowId : null;
    });
    if (!claimed) return false;
    try {
      await startFlowManually(app, clientId, { flowId: claimed, conversationId: conversation.id });
      return true;
    } catch (error) {
      app.log.warn({ err: error, conversationId: conversation.id }, 'a campaign reply flow could not start; the message goes to the next responder');
      return false;
    }
  },
};
