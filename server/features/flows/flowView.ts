import type { FlowTriggerType } from '#shared/domain/statuses.js';
import { qrCodeLink } from '#shared/flows/matchTrigger.js';
import { maskFlowSecrets } from './flowSecrets.js';
import { draftDocumentOf, type FlowRow } from './loadFlowRow.js';

/** A flow as the API returns it: its draft document (upgraded), triggers and publishing state. */
export function flowView(row: FlowRow, options: { displayPhone?: string | null; publishedVersion?: number | null } = {}) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isActive: row.isActive,
    triggerType: row.triggerType as FlowTriggerType,
    triggerKeywords: row.triggerKeywords,
    triggerQrCode: row.triggerQrCode,
    /** The wa.me link a QR code for this flow encodes (needs the client's WhatsApp number). */
    qrCodeLink: row.triggerQrCode && options.displayPhone ? qrCodeLink(options.displayPhone, row.triggerQrCode) : null,
    // Credentials never leave the server, not even to admins: they see that one is set.
    document: maskFlowSecrets(draftDocumentOf(row)),
    draftRevision: row.draftRevision,
    publishedVersionId: row.publishedVersionId,
    publishedVersion: options.publishedVersion ?? null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
export type FlowView = ReturnType<typeof flowView>;

/** A flow in lists: no document. */
export function flowSummary(row: FlowRow, publishedVersion: number | null) {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    isActive: row.isActive,
    triggerType: row.triggerType as FlowTriggerType,
    triggerKeywords: row.triggerKeywords,
    triggerQrCode: row.triggerQrCode,
    draftRevision: row.draftRevision,
    publishedVersionId: row.publishedVersionId,
    publishedVersion,
    blockCount: Array.isArray(row.blocks) ? row.blocks.length : 0,
    updatedAt: row.updatedAt.toISOString(),
  };
}
