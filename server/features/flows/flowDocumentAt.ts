import { TRPCError } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { loadFlowVersion } from './loadFlowVersion.js';
import { draftDocumentOf, type FlowRow } from './loadFlowRow.js';

/** The draft, or one of this flow's versions, as a current-version document. */
export async function flowDocumentAt(app: AppContext, tx: Tx, flow: FlowRow, which: string): Promise<FlowDocument> {
  if (which === 'draft') return draftDocumentOf(flow);
  const version = await loadFlowVersion(app, tx, flow.clientId, which);
  if (!version || version.flowId !== flow.id) throw new TRPCError({ code: 'NOT_FOUND', message: 'version not found for this flow' });
  return version.document;
}
