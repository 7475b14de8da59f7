// The flow document: blocks, edges, the start block and the flow's settings. Stored as the draft on
// interactive_flows and as immutable snapshots in flow_versions; `schemaVersion` says which shape
// it has, and older shapes are upgraded when read (upgradeFlowDocument).
import { z } from 'zod';
import { safeText } from '../domain/safeText.js';
import { blockSchema } from './blocks.js';

export const FLOW_SCHEMA_VERSION = 2;

export const edgeSchema = z.object({
  id: safeText().min(1).max(200),
  source: safeText().min(1),
  sourceHandle: safeText().min(1).default('next'),
  target: safeText().min(1),
});
export type FlowEdge = z.infer<typeof edgeSchema>;

export const KEYWORD_MATCHES = ['equals', 'contains', 'starts_with'] as const;
export type KeywordMatch = (typeof KEYWORD_MATCHES)[number];

export const DEFAULT_INACTIVITY_TIMEOUT_MINUTES = 30;

export const stickyNoteSchema = z.object({
  id: safeText().min(1).max(200),
  text: safeText().max(5000),
  position: z.object({ x: z.number(), y: z.number() }),
  color: z.enum(['yellow', 'blue', 'green', 'pink']).optional(),
});
export type StickyNote = z.infer<typeof stickyNoteSchema>;

export const flowSettingsSchema = z.object({
  /** Minutes without an answer before a waiting execution expires. */
  inactivityTimeoutMinutes: z
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(DEFAULT_INACTIVITY_TIMEOUT_MINUTES),
  /** Sent to the customer when the execution expires (none when empty). */
  timeoutMessage: safeText().optional(),
  /** How a message is compared with the trigger keywords (case and accents are always ignored). */
  keywordMatch: z.enum(KEYWORD_MATCHES).default('equals'),
  /** When an agent hands the conversation back: continue after the handoff block, or end the flow. */
  afterHandback: z.enum(['resume', 'end']).default('resume'),
  /** Sent before a question is asked again when no retry message is set on the question. */
  invalidAnswerMessage: safeText().optional(),
  /** Variables the flow expects to exist without setting them itself (e.g. passed by a jump from another flow). */
  variables: z.array(safeText()).default([]),
  /** Sticky notes the designers leave on the canvas: comments only, never run or sent. */
  notes: z.array(stickyNoteSchema).max(500).optional(),
});
export type FlowSettings = z.infer<typeof flowSettingsSchema>;

export const flowDocumentSchema = z.object({
  schemaVersion: z.literal(FLOW_SCHEMA_VERSION),
  blocks: z.array(blockSchema).max(2000),
  edges: z.array(edgeSchema).max(10_000),
  startBlockId: safeText().nullable().default(null),
  settings: flowSettingsSchema.default(() => flowSettingsSchema.parse({})),
});
export type FlowDocument = z.infer<typeof flowDocumentSchema>;
/** What the editor sends: the same, with defaults still to be filled in. */
export type FlowDocumentInput = z.input<typeof flowDocumentSchema>;

/** Variables every execution has without a block setting them. */
export const SYSTEM_VARIABLES = ['contact_name', 'contact_phone', 'flow_name', 'last_answer'] as const;

export function emptyFlowDocument(): FlowDocument {
  return flowDocumentSchema.parse({ schemaVersion: FLOW_SCHEMA_VERSION, blocks: [], edges: [] });
}
