import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import type { AppContext } from '#server/app/appContext.js';
import type { FlowTriggerType } from '#shared/domain/statuses.js';
import { emptyFlowDocument, type FlowDocument } from '#shared/flows/flowDocument.js';
import { draftColumnsOf, type FlowRow } from './loadFlowRow.js';
import { qrCodeTaken } from './flowInputs.js';
import { sealFlowSecrets } from './flowSecrets.js';

export type NewFlow = {
  name: string;
  description?: string | null;
  triggerType?: FlowTriggerType;
  triggerKeywords?: string[];
  triggerQrCode?: string | null;
  document?: FlowDocument;
  createdBy?: string | null;
  /** A stored document whose credentials the new one may keep (duplicating a flow). */
  secretsFrom?: FlowDocument;
};

/** A new, inactive, unpublished flow with its draft (an empty one unless given). */
export async function createFlow(app: AppContext, clientId: string, input: NewFlow): Promise<FlowRow> {
  const { interactiveFlows } = app.db.t;
  try {
    return await app.db.tenant(clientId, async (tx) => {
      const document = await sealFlowSecrets(app, tx, clientId, input.document ?? emptyFlowDocument(), input.secretsFrom ? [input.secretsFrom] : []);
      const [row] = await tx
        .insert(interactiveFlows)
        .values({
          clientId,
          name: input.name,
          description: input.description ?? null,
          isActive: false,
          triggerType: input.triggerType ?? 'keyword',
          triggerKeywords: input.triggerKeywords ?? [],
          triggerQrCode: input.triggerQrCode ?? null,
          ...draftColumnsOf(document),
          draftRevision: 1,
          createdBy: input.createdBy ?? null,
        })
        .returning();
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'qr')) throw qrCodeTaken();
    throw error;
  }
}
