// Outside business hours, a chosen flow (business_hours.away_flow_id, of the conversation's number or
// the client): a customer's message to the bot starts it, once per episode of the conversation. The
// conversation row is claimed first (away_flow_started_at set when it is unset or older than the
// episode's opened_at), in its own transaction, so a retry or a second message never starts it twice.
import { and, eq, isNull, lt, or } from 'drizzle-orm';
import type { Responder } from '#server/app/responder.js';
import { awayFlowAt } from '#server/features/teams/index.js';
import { startFlowManually } from './startFlowManually.js';

export const businessHoursFlowResponder: Responder = {
  name: 'business-hours-flow',
  wants: async ({ app, clientId, conversation, message }, tx) =>
    conversation.status === 'bot' && (await awayFlowAt(app, tx, clientId, conversation.phoneNumberId, message.createdAt)) !== null,
  async respond({ app, clientId, conversation, message }) {
    if (conversation.status !== 'bot') return false;
    const { conversations } = app.db.t;
    const flowId = await app.db.tenant(clientId, async (tx) => {
      const chosen = await awayFlowAt(app, tx, clientId, conversation.phoneNumberId, message.createdAt);
      if (!chosen) return null;
      const now = new Date();
      const [claimed] = await tx
        .update(conversations)
        .set({ awayFlowStartedAt: now })
        .where(
          and(
            eq(conversations.id, conversation.id),
            eq(conversations.clientId, clientId),
            eq(conversations.status, 'bot'),
            or(isNull(conversations.awayFlowStartedAt), isNull(conversations.openedAt), lt(conversations.awayFlowStartedAt, conversations.openedAt)),
          ),
        )
        .returning({ id: conversations.id });
      return claimed ? chosen : null;
    });
    if (!flowId) return false;
    try {
      await startFlowManually(app, clientId, { flowId, conversationId: conversation.id });
      return true;
    } catch (error) {
      // A flow deactivated or unpublished since it was chosen: the bot answers instead (the episode's one try is spent).
      app.log.warn({ err: error, conversationId: conversation.id, flowId }, 'the business-hours flow could not start; the message goes to the next responder');
      return false;
    }
  },
};
