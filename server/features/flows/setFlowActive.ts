import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { loadFlowRow } from './loadFlowRow.js';
import { assertNoTriggerConflict } from './triggerConflicts.js';

/**
 * Turns a published flow's triggers on again, or off (publishing turns them on: publishFlow).
 * Only a published flow can be active (triggers start its published version), and never with
 * keywords another active flow has (CONFLICT naming it). `warnings` stays for callers that print it.
 */
export async function setFlowActive(app: AppContext, clientId: string, flowId: string, active: boolean): Promise<{ warnings: string[] }> {
  const { interactiveFlows } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const row = await loadFlowRow(app.db, tx, clientId, flowId);
    if (active && !row.publishedVersionId) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'publish the flow before activating it' });
    if (active) await assertNoTriggerConflict(app, tx, clientId, row);
    await tx
      .update(interactiveFlows)
      .set({ isActive: active, updatedAt: new Date() })
      .where(and(eq(interactiveFlows.id, flowId), eq(interactiveFlows.clientId, clientId)));
    return { warnings: [] };
  });
}
