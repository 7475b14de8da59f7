import { and, desc, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { loadFlowRow } from './loadFlowRow.js';

export async function listFlowVersions(app: AppContext, clientId: string, flowId: string) {
  const { flowVersions } = app.db.t;
  return app.db.tenant(clientId, async (tx) => {
    const flow = await loadFlowRow(app.db, tx, clientId, flowId);
    const rows = await tx
      .select({
        id: flowVersions.id,
        version: flowVersions.version,
        name: flowVersions.name,
        publishedBy: flowVersions.publishedBy,
        createdAt: flowVersions.createdAt,
      })
      .from(flowVersions)
      .where(and(eq(flowVersions.flowId, flowId), eq(flowVersions.clientId, clientId)))
      .orderBy(desc(flowVersions.version));
    return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString(), isPublished: row.id === flow.publishedVersionId }));
  });
}
