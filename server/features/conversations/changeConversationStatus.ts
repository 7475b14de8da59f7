// Who handles a conversation: the bot (`bot`, `fluxo_inicial`), a person (`humano` with the agent
// in assigned_to), or nobody yet (`transferido`: a bot or flow handed off and a person is awaited).
// Flows and the AI reply call this too, to hand off.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import { UserFacingError } from '../../app/userFacingError.js';
import type { ConversationStatus } from '../../../shared/domain/statuses.js';
import { conversationView, publishConversation } from './liveEvents.js';

export class ConversationChangeError extends UserFacingError {
  override name = 'ConversationChangeError';
}

export async function changeConversationStatus(app: AppContext, input: {
  clientId: string; conversationId: string; status: ConversationStatus; assignedTo: string | null;
}) {
  const { conversations, userProfiles } = app.db.t;
  const updated = await app.db.tenant(input.clientId, async (tx) => {
    if (input.assignedTo) {
      // Only an active member of this client can be assigned.
      const [member] = await tx.select({ id: userProfiles.id, active: userProfiles.isActive }).from(userProfiles)
        .where(and(eq(userProfiles.id, input.assignedTo), eq(userProfiles.clientId, input.clientId)));
      if (!member || !member.active) throw new ConversationChangeError('that user is not an active member of this client');
    }
    const [row] = await tx.update(conversations)
      .set({ status: input.status, assignedTo: input.assignedTo, lastUpdate: new Date() })
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.clientId, input.clientId)))
      .returning();
    if (!row) throw new ConversationChangeError('conversation not found');
    return row;
  });
  publishConversation(app, updated);
  return conversationView(updated);
}
