// "Only the assigned person replies", on the server. An agent may send in a conversation only when
// it is assigned to them or to nobody; sending to an unassigned conversation (the bot's, or one
// handed off and awaiting a person) takes it: it becomes theirs, in the human state, so the bot and
// colleagues stand aside. Admins and owners may always send (they supervise) and take nothing.
// The claim is one conditional UPDATE, so two agents racing for the same conversation cannot both win.
import { and, eq, isNull, ne, or } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import { UserFacingError } from '../../app/userFacingError.js';
import { roleAtLeast } from '../../../shared/domain/roles.js';
import type { UserRole } from '../../../shared/domain/statuses.js';
import { ConversationNotFoundError } from '../whatsapp/outbox/enqueueOutbound.js';
import { publishConversation } from './liveEvents.js';

export class NotYourConversationError extends UserFacingError {
  override name = 'NotYourConversationError';
}

export type Replier = { clientId: string; conversationId: string; userId: string; role: UserRole };

export async function claimForReply(app: AppContext, replier: Replier): Promise<void> {
  if (roleAtLeast(replier.role, 'admin')) return;
  const { conversations } = app.db.t;
  const { clientId, conversationId, userId } = replier;
  const outcome = await app.db.tenant(clientId, async (tx) => {
    const [claimed] = await tx.update(conversations).set({ status: 'humano', assignedTo: userId, lastUpdate: new Date() })
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId),
        or(isNull(conversations.assignedTo), and(eq(conversations.assignedTo, userId), ne(conversations.status, 'humano')))))
      .returning();
    if (claimed) return { claimed };
    const [found] = await tx.select({ assignedTo: conversations.assignedTo }).from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId)));
    return { found: found ?? null };
  });
  if ('claimed' in outcome) {
    publishConversation(app, outcome.claimed!);
    return;
  }
  if (!outcome.found) throw new ConversationNotFoundError('conversation not found');
  if (outcome.found.assignedTo !== userId) {
    throw new NotYourConversationError('this conversation is assigned to someone else: only they reply; ask an admin to transfer it to you');
  }
}

/** The same rule for resending a failed message: it is a reply in that message's conversation. */
export async function claimMessageConversationForReply(app: AppContext, replier: Omit<Replier, 'conversationId'> & { messageId: string }): Promise<void> {
  if (roleAtLeast(replier.role, 'admin')) return;
  const { messages } = app.db.t;
  const [message] = await app.db.tenant(replier.clientId, (tx) => tx.select({ conversationId: messages.conversationId }).from(messages)
    .where(and(eq(messages.id, replier.messageId), eq(messages.clientId, replier.clientId))));
  if (!message) throw new ConversationNotFoundError('message not found');
  await claimForReply(app, { ...replier, conversationId: message.conversationId });
}
