import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { readStoredFlowDocument } from '#shared/flows/upgradeFlowDocument.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { isUuid } from '#shared/domain/isUuid.js';

export type FlowRow = Tables['interactiveFlows']['$inferSelect'];

/** The client's flow, or NOT_FOUND (another client's flow is not found either). */
export async function loadFlowRow(db: Database, tx: Tx, clientId: string, flowId: string): Promise<FlowRow> {
  if (!isUuid(flowId)) throw new TRPCError({ code: 'NOT_FOUND', message: 'flow not found' });
  const { interactiveFlows } = db.t;
  const [row] = await tx
    .select()
    .from(interactiveFlows)
    .where(and(eq(interactiveFlows.id, flowId), eq(interactiveFlows.clientId, clientId)));
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'flow not found' });
  return row;
}

/** The draft as a current-version document (older drafts are upgraded as they are read). */
export function draftDocumentOf(row: FlowRow): FlowDocument {
  return readStoredFlowDocument(
    {
      schemaVersion: row.schemaVersion,
      blocks: row.blocks,
      edges: row.edges,
      startBlockId: row.startBlockId,
      settings: row.settings,
    },
    row.schemaVersion,
  );
}

/** The columns a document is stored in on interactive_flows. */
export function draftColumnsOf(document: FlowDocument) {
  return {
    schemaVersion: document.schemaVersion,
    blocks: document.blocks as unknown as FlowRow['blocks'],
    edges: document.edges as unknown as FlowRow['edges'],
    startBlockId: document.startBlockId,
    settings: document.settings as unknown as FlowRow['settings'],
  };
}
