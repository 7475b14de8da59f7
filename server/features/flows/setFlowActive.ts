import { TRPCError } from '@trpc/server';
import { and, eq, ne } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import { normalizeText } from '../../../shared/flows/normalizeText.js';
import { loadFlowRow } from './loadFlowRow.js';

/**
 * Turns a flow's triggers on or off. Only a published flow can be active (triggers start its
 * published version). Keywords another active flow also uses are reported, not refused: the
 * older flow keeps winning them, which the designer should know.
 */
export async function setFlowActive(app: AppContext, clientId: string, flowId: string, active: boolean): Promise<{ warnings: string[] }> {
  const { interactiveFlows } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const row = await loadFlowRow(app.db, tx, clientId, flowId);
    if (active && !row.publishedVersionId) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'publish the flow before activating it' });
    await tx.update(interactiveFlows).set({ isActive: active, updatedAt: new Date() })
      .where(and(eq(interactiveFlows.id, flowId), eq(interactiveFlows.clientId, clientId)));
    if (!active || row.triggerType !== 'keyword') return { warnings: [] };
    const others = await tx.select({ name: interactiveFlows.name, keywords: interactiveFlows.triggerKeywords }).from(interactiveFlows)
      .where(and(eq(interactiveFlows.clientId, clientId), eq(interactiveFlows.isActive, true), eq(interactiveFlows.triggerType, 'keyword'), ne(interactiveFlows.id, flowId)));
    const mine = new Set(row.triggerKeywords.map(normalizeText));
    return {
      warnings: others.flatMap((other) => other.keywords.filter((keyword) => mine.has(normalizeText(keyword)))
        .map((keyword) => `the keyword "${keyword}" also starts the active flow "${other.name}"`)),
    };
  });
}
