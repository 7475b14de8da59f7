// "Only the assigned person replies", on the server. An agent may send in a conversation only when
// it is assigned to them or to nobody; sending to an unassigned conversation (the bot's, one handed
// off and awaiting a person, a snoozed or resolved one) takes it: it becomes theirs, in the human
// state, so the bot and colleagues stand aside (a flow running in it is paused or cancelled, as the
// client's takeover policy says). Admins and owners may always send (they supervise) and take nothing.
// The claim is a guarded UPDATE (changeConversationStatus), so of two agents racing for the same
// conversation one wins and the other is told it is someone else's.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { UserFacingError } from '#server/app/userFacingError.js';
import { roleAtLeast } from '#shared/domain/roles.js';
import type { UserRole } from '#shared/domain/statuses.js';
import { ConversationNotFoundError } from '../whatsapp/index.js';
import { afterStatusChange, changeStatusInTx } from './changeConversationStatus.js';
import { ConversationChangedMeanwhileError } from './conversationTransition.js';

export class NotYourConversationError extends UserFacingError {
  override name = 'NotYourConversationError';
}

export type Replier = { clientId: string; conversationId: string; userId: string; role: UserRole };

export async function claimForReply(app: AppContext, replier: Replier): Promise<void> {
  if (roleAtLeast(replier.role, 'admin')) return;
  const { clientId, conversationId, userId } = replier;
  // Judged on the very row the guarded write is conditional on; a lost race is read again once:
  // the winner's row then says whose the conversation is.
  const precondition = (current: { status: string; assignedTo: string | null }) => {
    if (current.assignedTo !== null && current.assignedTo !== userId) {
      throw new NotYourConversationError('this conversation is assigned to someone else: only they reply; ask an admin to transfer it to you');
    }
    return current.status !== 'humano'; // already theirs: nothing to take
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const outcome = await app.db.tenant(clientId, (tx) =>
        changeStatusInTx(app, tx, { clientId, conversationId, status: 'humano', assignedTo: userId, precondition }),
      );
      await afterStatusChange(app, outcome);
      return;
    } catch (error) {
      if (!(error instanceof ConversationChangedMeanwhileError) || attempt >= 2) throw error;
    }
  }
}

/** The same rule for resending a failed message: it is a reply in that message's conversation. */
export async function claimMessageConversationForReply(app: AppContext, replier: Omit<Replier, 'conversationId'> & { messageId: string }): Promise<void> {
  if (roleAtLeast(replier.role, 'admin')) return;
  const { messages } = app.db.t;
  const [message] = await app.db.tenant(replier.clientId, (tx) =>
    tx
      .select({ conversationId: messages.conversationId })
      .from(messages)
      .where(and(eq(messages.id, replier.messageId), eq(messages.clientId, replier.clientId))),
  );
  if (!message) throw new ConversationNotFoundError('message not found');
  await claimForReply(app, { ...replier, conversationId: message.conversationId });
}
