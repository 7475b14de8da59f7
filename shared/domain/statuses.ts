// Closed vocabularies shared by the database schema, the server and the renderer.
// The seed names these values; keep them exactly as written there.

// The seed's four, then the two it lacked: `resolved` (done; the customer's next message reopens
// it) and `snoozed` (set aside until a time or the customer's next message). Which may follow which:
// shared/domain/conversationLifecycle.ts.
export const CONVERSATION_STATUSES = ['bot', 'humano', 'transferido', 'fluxo_inicial', 'resolved', 'snoozed'] as const;
export type ConversationStatus = (typeof CONVERSATION_STATUSES)[number];

export const CONVERSATION_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type ConversationPriority = (typeof CONVERSATION_PRIORITIES)[number];
/** A WhatsApp customer (clientes_whatsapp.status): `opted_out` refuses every business-initiated message. */
export const CUSTOMER_STATUSES = ['active', 'opted_out'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];

export const MESSAGE_DIRECTIONS = ['incoming', 'outgoing'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

// Ordered: an outbound message only ever moves forward along this list (failed is terminal).
export const MESSAGE_STATUSES = ['queued', 'sent', 'delivered', 'read', 'played', 'failed', 'received'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

export const MESSAGE_TYPES = [
  'text',
  'image',
  'audio',
  'video',
  'document',
  'sticker',
  'location',
  'contacts',
  'reaction',
  'interactive',
  'button',
  'order',
  'system',
  'template',
  'unsupported',
] as const;
export type MessageType = (typeof MESSAGE_TYPES)[number];

export const USER_ROLES = ['owner', 'admin', 'agent', 'viewer'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export const CLIENT_STATUSES = ['active', 'suspended', 'inactive'] as const;
export type ClientStatus = (typeof CLIENT_STATUSES)[number];

export const BUDGET_TYPES = ['tokens', 'brl', 'both'] as const;
export type BudgetType = (typeof BUDGET_TYPES)[number];

export const BUDGET_PERIODS = ['daily', 'weekly', 'monthly'] as const;

/** What reaching a budget's limit does: stop calling models ("pause") or keep answering and only alert. */
export const BUDGET_ON_LIMIT = ['pause', 'alert'] as const;
export type BudgetOnLimit = (typeof BUDGET_ON_LIMIT)[number];
export type BudgetPeriod = (typeof BUDGET_PERIODS)[number];

export const API_TYPES = ['chat', 'embeddings', 'transcription', 'tts'] as const;
export type ApiType = (typeof API_TYPES)[number];

export const FLOW_EXECUTION_STATUSES = ['running', 'waiting_input', 'waiting_delay', 'completed', 'handed_off', 'expired', 'failed'] as const;
export type FlowExecutionStatus = (typeof FLOW_EXECUTION_STATUSES)[number];

export const FLOW_TRIGGER_TYPES = ['keyword', 'qr_code', 'manual', 'always'] as const;
export type FlowTriggerType = (typeof FLOW_TRIGGER_TYPES)[number];

export const INBOX_EVENT_KINDS = ['message', 'status', 'error'] as const;
export type InboxEventKind = (typeof INBOX_EVENT_KINDS)[number];

export const INBOX_EVENT_STATES = ['pending', 'done', 'failed'] as const;
export type InboxEventState = (typeof INBOX_EVENT_STATES)[number];

export const PUSH_PLATFORMS = ['desktop', 'web', 'ios', 'android'] as const;
export type PushPlatform = (typeof PUSH_PLATFORMS)[number];

/** What a member's devices get a push for (notification_preferences, one switch each). */
export const PUSH_EVENTS = ['assigned', 'transfer', 'message'] as const;
export type PushEvent = (typeof PUSH_EVENTS)[number];

export const TEMPLATE_CATEGORIES = ['MARKETING', 'UTILITY', 'AUTHENTICATION'] as const;
export type TemplateCategory = (typeof TEMPLATE_CATEGORIES)[number];

/** SQL `IN (...)` list for CHECK constraints, built from the same arrays the code uses. */
export function sqlInList(values: readonly string[]): string {
  return values.map((value) => `'${value.replace(/'/g, "''")}'`).join(', ');
}
