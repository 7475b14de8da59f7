import type { AppContext } from '#server/app/appContext.js';
import { flowDocumentAt } from './flowDocumentAt.js';
import { loadFlowRow, type FlowRow } from './loadFlowRow.js';
import { updateFlowDraft } from './updateFlowDraft.js';

/** Makes an earlier version the draft again (a normal, conflict-checked draft save). */
export async function restoreFlowVersion(app: AppContext, clientId: string, flowId: string, versionId: string, expectedRevision: number): Promise<FlowRow> {
  const document = await app.db.tenant(clientId, async (tx) => flowDocumentAt(app, tx, await loadFlowRow(app.db, tx, clientId, flowId), versionId));
  return updateFlowDraft(app, clientId, flowId, { expectedRevision, document, secretsFrom: document });
}
