// Published versions never change, so their parsed documents are cached per server: a busy flow
// does not re-parse and re-validate its JSON for every customer message.
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tx } from '#server/db/tables.js';
import { readStoredFlowDocument } from '#shared/flows/upgradeFlowDocument.js';
import type { EngineFlow } from './engine/flowPorts.js';
import { isUuid } from '#shared/domain/isUuid.js';

const CACHE_MAX = 500;
const versionCache = perApp((_app: AppContext) => new Map<string, EngineFlow & { clientId: string }>());

/** The cached version, without touching the database (the common case on a busy flow). */
export function cachedFlowVersion(app: AppContext, clientId: string, versionId: string): EngineFlow | null {
  const cached = versionCache(app).get(versionId);
  return cached && cached.clientId === clientId ? cached : null;
}

export async function loadFlowVersion(app: AppContext, tx: Tx, clientId: string, versionId: string): Promise<EngineFlow | null> {
  if (!isUuid(versionId)) return null;
  const cache = versionCache(app);
  const cached = cache.get(versionId);
  if (cached && cached.clientId === clientId) return cached;
  const { flowVersions } = app.db.t;
  const [row] = await tx
    .select()
    .from(flowVersions)
    .where(and(eq(flowVersions.id, versionId), eq(flowVersions.clientId, clientId)));
  if (!row) return null;
  const flow = { clientId, flowId: row.flowId, versionId: row.id, name: row.name, document: readStoredFlowDocument(row.document, row.schemaVersion) };
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(versionId, flow);
  return flow;
}

/** The published version of a flow (null when it was never published). */
export async function loadPublishedFlow(app: AppContext, tx: Tx, clientId: string, flowId: string): Promise<EngineFlow | null> {
  if (!isUuid(flowId)) return null;
  const { interactiveFlows } = app.db.t;
  const [row] = await tx
    .select({ versionId: interactiveFlows.publishedVersionId })
    .from(interactiveFlows)
    .where(and(eq(interactiveFlows.id, flowId), eq(interactiveFlows.clientId, clientId)));
  return row?.versionId ? loadFlowVersion(app, tx, clientId, row.versionId) : null;
}
