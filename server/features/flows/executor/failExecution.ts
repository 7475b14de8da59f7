import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { moveConversationFrom } from '#server/features/conversations/index.js';
import { publishConversation } from '#server/features/whatsapp/index.js';
import type { ExecutionRow } from './advanceExecution.js';

/** Ends an execution that cannot go on, and gives its conversation back to the bot. */
export async function failExecution(app: AppContext, execution: ExecutionRow, reason: string, now: Date): Promise<void> {
  const { flowExecutions } = app.db.t;
  const conversation = await app.db.tenant(execution.clientId, async (tx) => {
    await tx
      .update(flowExecutions)
      .set({ status: 'failed', completedAt: now, resumeAt: null, expiresAt: null, errorDetails: { reason }, updatedAt: now })
      .where(and(eq(flowExecutions.id, execution.id), eq(flowExecutions.clientId, execution.clientId)));
    if (!execution.conversationId) return null;
    return moveConversationFrom(app, tx, { clientId: execution.clientId, conversationId: execution.conversationId }, ['fluxo_inicial'], 'bot', {
      lastUpdate: now,
    });
  });
  if (conversation) publishConversation(app, conversation);
}
