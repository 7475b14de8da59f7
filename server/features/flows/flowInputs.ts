// Input shapes shared by the flow procedures, and the one way a document from outside (the editor,
// an imported file) becomes a FlowDocument: upgraded, checked, or refused with every reason.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { FLOW_TRIGGER_TYPES } from '#shared/domain/statuses.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { readFlowDocument } from '#shared/flows/upgradeFlowDocument.js';
import { refusal } from '#server/trpc/refusal.js';

export const flowId = z.string().uuid('the flow id must be a uuid');

export const flowMetaFields = {
  name: safeText().trim().min(1, 'the flow needs a name').max(200),
  description: safeText().max(2000).nullable().optional(),
  triggerType: z.enum(FLOW_TRIGGER_TYPES).optional(),
  triggerKeywords: z.array(safeText().trim().min(1).max(100)).max(50).optional(),
  triggerQrCode: safeText().trim().min(1).max(100).nullable().optional(),
};

export function parseDocumentInput(raw: unknown): FlowDocument {
  const result = readFlowDocument(raw);
  if (!result.ok) {
    const shown = result.problems.slice(0, 10).join('; ');
    throw new TRPCError({
      code: 'BAD_REQUEST',
      message: `the flow document is not valid: ${shown}${result.problems.length > 10 ? ` (and ${result.problems.length - 10} more)` : ''}`,
    });
  }
  return result.document;
}

export const qrCodeTaken = () => refusal('CONFLICT', 'trigger_taken', 'another flow of this client already uses this QR code');
