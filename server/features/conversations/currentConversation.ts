import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { ConversationNotFoundError } from '../whatsapp/index.js';

/** The conversation's status and person, in the caller's client (another client's is not found). */
export async function currentConversation(app: AppContext, clientId: string, conversationId: string) {
  const { conversations } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .select({ status: conversations.status, assignedTo: conversations.assignedTo })
      .from(conversations)
      .where(and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId))),
  );
  if (!row) throw new ConversationNotFoundError('conversation not found');
  return row;
}
