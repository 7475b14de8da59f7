import { and, eq } from 'drizzle-orm';
import type { AppContext } from '../../../app/appContext.js';
import { publishConversation } from '../../conversations/liveEvents.js';
import type { ExecutionRow } from './advanceExecution.js';

/** Ends an execution that cannot go on, and gives its conversation back to the bot. */
export async function failExecution(app: AppContext, execution: ExecutionRow, reason: string, now: Date): Promise<void> {
  const { flowExecutions, conversations } = app.db.t;
  const conversation = await app.db.tenant(execution.clientId, async (tx) => {
    await tx.update(flowExecutions).set({ status: 'failed', completedAt: now, resumeAt: null, expiresAt: null, errorDetails: { reason }, updatedAt: now })
      .where(and(eq(flowExecutions.id, execution.id), eq(flowExecutions.clientId, execution.clientId)));
    if (!execution.conversationId) return null;
    const [row] = await tx.update(conversations).set({ status: 'bot', lastUpdate: now })
      .where(and(eq(conversations.id, execution.conversationId), eq(conversations.clientId, execution.clientId), eq(conversations.status, 'fluxo_inicial')))
      .returning();
    return row ?? null;
  });
  if (conversation) publishConversation(app, conversation);
}
