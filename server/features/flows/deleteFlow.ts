import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { moveConversationFrom } from '#server/features/conversations/index.js';
import { ACTIVE_EXECUTION_STATUSES } from './executor/executionStatuses.js';
import { loadFlowRow } from './loadFlowRow.js';

/**
 * Deletes a flow with its versions and executions. Conversations it was running are given back
 * to the bot first, so nobody is left in `fluxo_inicial` with no flow behind it.
 */
export async function deleteFlow(app: AppContext, clientId: string, flowId: string): Promise<void> {
  const { interactiveFlows, flowExecutions } = app.db.t;
  await app.db.tenant(clientId, async (tx) => {
    await loadFlowRow(app.db, tx, clientId, flowId);
    const running = await tx
      .select({ conversationId: flowExecutions.conversationId })
      .from(flowExecutions)
      .where(and(eq(flowExecutions.flowId, flowId), eq(flowExecutions.clientId, clientId), inArray(flowExecutions.status, [...ACTIVE_EXECUTION_STATUSES])));
    const ids = running.map((row) => row.conversationId).filter((id): id is string => id !== null);
    for (const conversationId of ids) await moveConversationFrom(app, tx, { clientId, conversationId }, ['fluxo_inicial'], 'bot');
    await tx.delete(interactiveFlows).where(and(eq(interactiveFlows.id, flowId), eq(interactiveFlows.clientId, clientId)));
  });
}
