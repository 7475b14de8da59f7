// Refusals that share a tRPC code but call for different handling in the renderer carry a reason
// in their error data: a trigger another flow already has is a CONFLICT, like a draft someone else
// saved in between, yet the editor must show it next to the field instead of asking to merge.
export const ERROR_REASONS = ['trigger_taken'] as const;
export type ErrorReason = (typeof ERROR_REASONS)[number];
