// Closed vocabularies shared by the database schema, the server and the renderer.
// The seed names these values; keep them exactly as written there.

export const CONVERSATION_STATUSES = ['bot', 'humano', 'transferido', 'fluxo_inicial'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const MESSAGE_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

// Ordered: an outbound message only ever moves forward along this list (failed is terminal).
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'played', 'failed', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_TYPES = [
  'text', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'reaction',
  'interactive', 'button', 'order', 'system', 'template', 'unsupported',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const USER_ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const CLIENT_STATUSES = ['active', 'suspended', 'inactive'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const BUDGET_TYPES = ['tokens', 'brl', 'both'] as const;
export type BudgetType = (typeof BUDGET_TYPES)[number];

export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly'] as const;
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const API_TYPES = ['chat', 'embeddings', 'transcription', 'tts'] as const;
export type ApiType = (typeof API_TYPES)[number];

export const FLOW_EXECUTION_STATUSES = [
  'running', 'waiting_input', 'waiting_delay', 'completed', 'handed_off', 'expired', 'failed',
] as const;
export type FlowExecutionStatus = (typeof FLOW_EXECUTION_STATUSES)[number];

export const FLOW_TRIGGER_TYPES = ['keyword', 'qr_code', 'manual', 'always'] as const;
export type FlowTriggerType = (typeof FLOW_TRIGGER_TYPES)[number];

export const INBOX_EVENT_KINDS = ['message', 'status', 'error'] as const;
export type InboxEventKind = (typeof INBOX_EVENT_KINDS)[number];

export const INBOX_EVENT_STATES = ['pending', 'done', 'failed'] as const;
export type InboxEventState = (typeof INBOX_EVENT_STATES)[number];

export const PUSH_PLATFORMS = ['desktop', 'web', 'ios', 'android'] as const;
export type PushPlatform = (typeof PUSH_PLATFORMS)[number];

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** SQL `IN (...)` list for CHECK constraints, built from the same arrays the code uses. */
export function sqlInList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
}
