import type { FlowTriggerType } from '#shared/domain/statuses.js';
import type { AppContext } from '#server/app/appContext.js';
import { createFlow } from './createFlow.js';
import { draftDocumentOf, loadFlowRow, type FlowRow } from './loadFlowRow.js';

/** A new inactive flow with a copy of the draft and keywords; the QR code stays with the original (it is unique). */
export async function duplicateFlow(app: AppContext, clientId: string, flowId: string, options: { name?: string; userId?: string | null }): Promise<FlowRow> {
  const source = await app.db.tenant(clientId, (tx) => loadFlowRow(app.db, tx, clientId, flowId));
  return createFlow(app, clientId, {
    name: options.name ?? `${source.name} (cópia)`,
    description: source.description,
    triggerType: source.triggerType as FlowTriggerType,
    triggerKeywords: source.triggerKeywords,
    triggerQrCode: null,
    document: draftDocumentOf(source),
    secretsFrom: draftDocumentOf(source),
    createdBy: options.userId ?? null,
  });
}
