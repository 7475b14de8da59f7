import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { maskFlowSecrets } from './flowSecrets.js';
import { safeText } from '#shared/domain/safeText.js';
import type { AppContext } from '#server/app/appContext.js';
import { FLOW_TRIGGER_TYPES } from '#shared/domain/statuses.js';
import { flowDocumentAt } from './flowDocumentAt.js';
import { loadFlowRow } from './loadFlowRow.js';

export const FLOW_FILE_FORMAT = 'uzz.flow';

/** The JSON file a flow exports to and imports from. */
export const flowFileSchema = z.object({
  format: z.literal(FLOW_FILE_FORMAT, { error: `not a flow file (expected "format": "${FLOW_FILE_FORMAT}")` }),
  exportedAt: safeText().optional(),
  flow: z.object({
    name: safeText().trim().min(1).max(200),
    description: safeText().max(2000).nullable().optional(),
    triggerType: z.enum(FLOW_TRIGGER_TYPES).default('keyword'),
    triggerKeywords: z.array(safeText().trim().min(1).max(100)).max(50).default([]),
    triggerQrCode: safeText().trim().min(1).max(100).nullable().optional(),
  }),
  document: z.unknown(),
});
export type FlowFile = z.infer<typeof flowFileSchema>;

export async function exportFlow(app: AppContext, clientId: string, flowId: string, source: 'draft' | 'published'): Promise<FlowFile> {
  return app.db.tenant(clientId, async (tx) => {
    const row = await loadFlowRow(app.db, tx, clientId, flowId);
    const which = source === 'published' ? row.publishedVersionId : 'draft';
    if (!which) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: 'this flow has never been published' });
    return {
      format: FLOW_FILE_FORMAT,
      exportedAt: new Date().toISOString(),
      flow: {
        name: row.name,
        description: row.description,
        triggerType: row.triggerType as FlowFile['flow']['triggerType'],
        triggerKeywords: row.triggerKeywords,
        triggerQrCode: row.triggerQrCode,
      },
      // Without credentials: the importer types them again (they are this client's vault entries).
      document: maskFlowSecrets(await flowDocumentAt(app, tx, row, which)),
    };
  });
}
