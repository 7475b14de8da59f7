import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { ConversationPriority } from '#shared/domain/statuses.js';
import { ConversationNotFoundError, conversationView, publishConversation } from '../whatsapp/index.js';

/** Idempotent: setting the priority it has changes nothing (and sends no live event). */
export async function setConversationPriority(app: AppContext, clientId: string, conversationId: string, priority: ConversationPriority) {
  const { conversations } = app.db.t;
  const outcome = await app.db.tenant(clientId, async (tx) => {
    const where = and(eq(conversations.id, conversationId), eq(conversations.clientId, clientId));
    const [changed] = await tx
      .update(conversations)
      .set({ priority })
      .where(and(where, ne(conversations.priority, priority)))
      .returning();
    if (changed) return { row: changed, changed: true };
    const [row] = await tx.select().from(conversations).where(where);
    return row ? { row, changed: false } : null;
  });
  if (!outcome) throw new ConversationNotFoundError('conversation not found');
  if (outcome.changed) publishConversation(app, outcome.row);
  return conversationView(outcome.row);
}
