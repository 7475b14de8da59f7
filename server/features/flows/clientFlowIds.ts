import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';

/** Ids of the client's flows: the targets a jump-to-flow block may name. */
export async function clientFlowIds(app: AppContext, tx: Tx, clientId: string): Promise<Set<string>> {
  const { interactiveFlows } = app.db.t;
  const rows = await tx.select({ id: interactiveFlows.id }).from(interactiveFlows).where(eq(interactiveFlows.clientId, clientId));
  return new Set(rows.map((row) => row.id));
}
