// Saving the draft is optimistic: the editor says which revision it started from, and a save over
// someone else's newer revision is refused with what differs, never silently overwritten. Triggers
// are not versioned: on an active flow they apply at once, so they must not overlap another
// active flow's (assertNoTriggerConflict), like at publishing.
import { TRPCError } from '@trpc/server';
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { FlowTriggerType } from '#shared/domain/statuses.js';
import { describeFlowDiff, diffFlowDocuments } from '#shared/flows/diffFlowDocuments.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import { lockClientRow } from '#server/db/dialect.js';
import { qrCodeTaken } from './flowInputs.js';
import { maskFlowSecrets, sealFlowSecrets } from './flowSecrets.js';
import { draftColumnsOf, draftDocumentOf, loadFlowRow, type FlowRow } from './loadFlowRow.js';
import { assertNoTriggerConflict } from './triggerConflicts.js';

export type DraftChanges = {
  expectedRevision: number;
  document?: FlowDocument;
  name?: string;
  description?: string | null;
  triggerType?: FlowTriggerType;
  triggerKeywords?: string[];
  triggerQrCode?: string | null;
  /** A stored document (a version being restored) whose credentials the draft may keep. */
  secretsFrom?: FlowDocument;
};

export async function updateFlowDraft(app: AppContext, clientId: string, flowId: string, changes: DraftChanges): Promise<FlowRow> {
  const { interactiveFlows } = app.db.t;
  const set = {
    ...(changes.name !== undefined ? { name: changes.name } : {}),
    ...(changes.description !== undefined ? { description: changes.description } : {}),
    ...(changes.triggerType !== undefined ? { triggerType: changes.triggerType } : {}),
    ...(changes.triggerKeywords !== undefined ? { triggerKeywords: changes.triggerKeywords } : {}),
    ...(changes.triggerQrCode !== undefined ? { triggerQrCode: changes.triggerQrCode } : {}),
  };
  const triggersChange = changes.triggerType !== undefined || changes.triggerKeywords !== undefined;
  try {
    return await app.db.tenant(clientId, async (tx) => {
      // The client's row before the flow's, in the order publishing takes them (no deadlock), so
      // two trigger edits at the same moment take turns and the second sees the first's keywords.
      if (triggersChange) await lockClientRow(app.db, tx, clientId);
      let document = {};
      if (changes.document) {
        const current = draftDocumentOf(await loadFlowRow(app.db, tx, clientId, flowId));
        document = draftColumnsOf(await sealFlowSecrets(app, tx, clientId, changes.document, changes.secretsFrom ? [current, changes.secretsFrom] : [current]));
      }
      const [row] = await tx
        .update(interactiveFlows)
        .set({ ...set, ...document, draftRevision: sql`${interactiveFlows.draftRevision} + 1`, updatedAt: new Date() })
        .where(and(eq(interactiveFlows.id, flowId), eq(interactiveFlows.clientId, clientId), eq(interactiveFlows.draftRevision, changes.expectedRevision)))
        .returning();
      if (row) {
        // Refused whole (the transaction rolls back): nothing of this save is stored.
        if (triggersChange && row.isActive) await assertNoTriggerConflict(app, tx, clientId, row);
        return row;
      }
      const current = await loadFlowRow(app.db, tx, clientId, flowId);
      const differences = changes.document
        ? describeFlowDiff(diffFlowDocuments(maskFlowSecrets(changes.document), maskFlowSecrets(draftDocumentOf(current))))
        : 'reload to see them';
      throw new TRPCError({
        code: 'CONFLICT',
        message:
          `this flow was changed by someone else since you opened it (you had revision ${changes.expectedRevision}, it is now ${current.draftRevision}); ` +
          `your changes were not saved. Differences from the saved draft: ${differences}`,
      });
    });
  } catch (error) {
    if (isUniqueViolation(error, 'qr')) throw qrCodeTaken();
    throw error;
  }
}
