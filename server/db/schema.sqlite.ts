// The whole data model on SQLite: the twin of schema.pg.ts, same names and row types (parity.ts).
// Edit both files together. SQLite has no row-level security; tenancy is the service layer's job.
import { sql } from 'drizzle-orm';
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from 'drizzle-orm/sqlite-core';
import {
  API_TYPES, BUDGET_PERIODS, BUDGET_TYPES, CLIENT_STATUSES, CONVERSATION_STATUSES, FLOW_EXECUTION_STATUSES,
  INBOX_EVENT_KINDS, INBOX_EVENT_STATES, MESSAGE_DIRECTIONS, MESSAGE_STATUSES, MESSAGE_TYPES, PUSH_PLATFORMS,
  USER_ROLES, sqlInList,
  type ApiType, type BudgetPeriod, type BudgetType, type ClientStatus, type ConversationStatus,
  type FlowExecutionStatus, type InboxEventKind, type InboxEventState, type MessageDirection, type MessageStatus,
  type MessageType, type PushPlatform, type UserRole,
} from '../../shared/domain/statuses.js';
import type * as J from './json-types.js';
import {
  bigNumber, bool, bytes, createdAt, id, json, money, ref, textList, ts, tsDefaultNow, updatedAt, vectorColumn,
} from './columns.sqlite.js';

const oneOf = (name: string, column: AnySQLiteColumn, values: readonly string[]) =>
  check(name, sql`${column} in (${sql.raw(sqlInList(values))})`);

// ── Identity and the vault (in place of Supabase auth.users and Vault) ──────────────────────────

export const users = sqliteTable('users', {
  id: id(),
  email: text().notNull(),
  passwordHash: text(),
  isPlatformAdmin: bool().notNull().default(false),
  failedLoginCount: integer().notNull().default(0),
  lockedUntil: ts(),
  lastLoginAt: ts(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('users_email_key').on(t.email)]);

export const secrets = sqliteTable('secrets', {
  id: id(),
  clientId: ref().references((): AnySQLiteColumn => clients.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  ciphertext: text().notNull(),
  iv: text().notNull(),
  authTag: text().notNull(),
  keyId: text().notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [index('secrets_client_idx').on(t.clientId)]);

export const clients = sqliteTable('clients', {
  id: id(),
  name: text().notNull(),
  slug: text().notNull(),
  status: text().$type<ClientStatus>().notNull().default('active'),
  plan: text().notNull().default('free'),
  metaAccessTokenSecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  metaVerifyTokenSecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  metaAppSecretSecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  metaPhoneNumberId: text(),
  metaDisplayPhone: text(),
  metaWabaId: text(),
  // What Meta last said about the number (the WhatsApp connection wizard's check).
  metaVerifiedName: text(),
  metaQualityRating: text(),
  metaVerifiedAt: ts(),
  /** The sandbox WhatsApp number (no Meta account): the test phone talks to it (features/sandbox). */
  sandboxPhoneNumberId: text(),
  /** Signs the sandbox number's webhooks (vault secret). */
  sandboxAppSecretSecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  openaiApiKeySecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  openaiModel: text(),
  groqApiKeySecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  groqModel: text(),
  /** The client's own Anthropic key and model (the "Connect a model provider" form). */
  anthropicApiKeySecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  anthropicModel: text(),
  /** The client's own OpenAI-compatible server (Ollama, vLLM): base URL, optional key, model. */
  customModelBaseUrl: text(),
  customModelApiKeySecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  customModel: text(),
  systemPrompt: text(),
  formatterPrompt: text(),
  settings: json<J.ClientSettings>().notNull().default({}),
  notificationEmail: text(),
  notificationWebhookUrl: text(),
  primaryModelProvider: text(),
  timezone: text().notNull().default('America/Sao_Paulo'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
  createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
}, (t) => [
  uniqueIndex('clients_slug_key').on(t.slug),
  uniqueIndex('clients_meta_phone_number_id_key').on(t.metaPhoneNumberId),
  uniqueIndex('clients_sandbox_phone_number_id_key').on(t.sandboxPhoneNumberId),
  oneOf('clients_status_check', t.status, CLIENT_STATUSES),
]);

export const userProfiles = sqliteTable('user_profiles', {
  id: ref().primaryKey().references(() => users.id, { onDelete: 'cascade' }),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  email: text().notNull(),
  fullName: text(),
  role: text().$type<UserRole>().notNull().default('agent'),
  isActive: bool().notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('user_profiles_email_key').on(t.email),
  index('user_profiles_client_idx').on(t.clientId),
  oneOf('user_profiles_role_check', t.role, USER_ROLES),
]);

export const sessions = sqliteTable('sessions', {
  id: id(),
  userId: ref().notNull().references(() => users.id, { onDelete: 'cascade' }),
  tokenHash: text().notNull(),
  expiresAt: ts().notNull(),
  lastSeenAt: ts(),
  userAgent: text(),
  ip: text(),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)]);

export const userInvites = sqliteTable('user_invites', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  email: text().notNull(),
  role: text().$type<UserRole>().notNull().default('agent'),
  token: text().notNull(),
  invitedBy: ref().references(() => users.id, { onDelete: 'set null' }),
  expiresAt: ts().notNull(),
  acceptedAt: ts(),
  acceptedBy: ref().references(() => users.id, { onDelete: 'set null' }),
  revokedAt: ts(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('user_invites_token_key').on(t.token),
  uniqueIndex('user_invites_pending_email_key').on(t.clientId, t.email)
    .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
  oneOf('user_invites_role_check', t.role, USER_ROLES),
]);

export const pushTokens = sqliteTable('push_tokens', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  userId: ref().notNull().references(() => userProfiles.id, { onDelete: 'cascade' }),
  token: text().notNull(),
  platform: text().$type<PushPlatform>().notNull(),
  deviceName: text(),
  lastUsedAt: ts(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('push_tokens_user_token_key').on(t.userId, t.token),
  oneOf('push_tokens_platform_check', t.platform, PUSH_PLATFORMS),
]);

export const apiKeys = sqliteTable('api_keys', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  keyPrefix: text().notNull(),
  keyHash: text().notNull(),
  createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
  lastUsedAt: ts(),
  expiresAt: ts(),
  revokedAt: ts(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('api_keys_key_hash_key').on(t.keyHash), index('api_keys_client_idx').on(t.clientId)]);

export const auditLogs = sqliteTable('audit_logs', {
  id: id(),
  userId: ref().references(() => users.id, { onDelete: 'set null' }),
  userEmail: text(),
  userRole: text(),
  clientId: ref().references(() => clients.id, { onDelete: 'cascade' }),
  action: text().notNull(),
  resourceType: text(),
  resourceId: text(),
  endpoint: text(),
  method: text(),
  changes: json<J.JsonObject>(),
  metadata: json<J.JsonObject>(),
  status: text().notNull().default('success'),
  errorMessage: text(),
  durationMs: integer(),
  createdAt: createdAt(),
}, (t) => [
  index('audit_logs_client_created_idx').on(t.clientId, t.createdAt),
  index('audit_logs_user_idx').on(t.userId, t.createdAt),
]);

// ── Conversations and messages ───────────────────────────────────────────────────────────────

export const clientesWhatsapp = sqliteTable('clientes_whatsapp', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  telefone: text().notNull(),
  nome: text(),
  status: text().notNull().default('active'),
  waId: text(),
  userId: text(),
  /** A test customer played on the test phone (sandbox number), not a real person. */
  isTest: bool().notNull().default(false),
  metadata: json<J.JsonObject>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('clientes_whatsapp_client_telefone_key').on(t.clientId, t.telefone)]);

export const conversations = sqliteTable('conversations', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  clienteWhatsappId: ref().references(() => clientesWhatsapp.id, { onDelete: 'set null' }),
  phone: text().notNull(),
  name: text(),
  status: text().$type<ConversationStatus>().notNull().default('bot'),
  assignedTo: text(),
  lastMessage: text(),
  lastUpdate: tsDefaultNow(),
  lastInboundAt: ts(),
  /** The business number the conversation is on (webhook metadata.phone_number_id); null = the client's main number. */
  phoneNumberId: text(),
  unreadCount: integer().notNull().default(0),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('conversations_client_phone_key').on(t.clientId, t.phone),
  index('conversations_client_status_update_idx').on(t.clientId, t.status, t.lastUpdate),
  index('conversations_client_update_idx').on(t.clientId, t.lastUpdate),
  oneOf('conversations_status_check', t.status, CONVERSATION_STATUSES),
]);

export const messages = sqliteTable('messages', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  conversationId: ref().notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  phone: text().notNull(),
  name: text(),
  content: text(),
  type: text().$type<MessageType>().notNull().default('text'),
  direction: text().$type<MessageDirection>().notNull(),
  status: text().$type<MessageStatus>().notNull(),
  timestamp: tsDefaultNow(),
  metadata: json<J.JsonObject>().notNull().default({}),
  wamid: text(),
  mediaId: text(),
  mediaUrl: text(),
  mediaType: text(),
  transcription: text(),
  audioDurationSeconds: integer(),
  errorDetails: json<J.JsonObject>(),
  sentBy: text(),
  sendAttempts: integer().notNull().default(0),
  nextAttemptAt: ts(),
  /** Outgoing: when the send to Meta began (committed before the call); null while not being sent. */
  sendStartedAt: ts(),
  /** Outgoing: idempotency key (`<inbound message id>/<step>`), so a re-run never queues a reply twice. */
  replyKey: text(),
  /** Incoming: when a responder's answer (or flow step) was committed; a re-run after a crash skips it. */
  answeredAt: ts(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('messages_client_wamid_key').on(t.clientId, t.wamid),
  index('messages_conversation_time_idx').on(t.conversationId, t.timestamp),
  index('messages_outbox_idx').on(t.status, t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
  // The outbox's head-of-line check: a conversation's oldest queued outgoing row, without a scan.
  index('messages_outbox_head_idx').on(t.conversationId, t.timestamp, t.id).where(sql`${t.status} = 'queued' and ${t.direction} = 'outgoing'`),
  uniqueIndex('messages_client_reply_key').on(t.clientId, t.replyKey),
  oneOf('messages_type_check', t.type, MESSAGE_TYPES),
  oneOf('messages_direction_check', t.direction, MESSAGE_DIRECTIONS),
  oneOf('messages_status_check', t.status, MESSAGE_STATUSES),
]);

export const n8nChatHistories = sqliteTable('n8n_chat_histories', {
  id: integer().primaryKey({ autoIncrement: true }),
  sessionId: text().notNull(),
  message: json<J.ChatMemoryMessage>().notNull(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  conversationId: ref().references(() => conversations.id, { onDelete: 'cascade' }),
  createdAt: createdAt(),
}, (t) => [index('n8n_chat_histories_session_idx').on(t.clientId, t.sessionId, t.id)]);

export const webhookInbox = sqliteTable('webhook_inbox', {
  id: integer().primaryKey({ autoIncrement: true }),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  kind: text().$type<InboxEventKind>().notNull(),
  dedupeKey: text().notNull(),
  conversationKey: text().notNull(),
  payload: json<J.JsonObject>().notNull(),
  state: text().$type<InboxEventState>().notNull().default('pending'),
  /** Claims (a crash or a database error counts here, not in failures). */
  attempts: integer().notNull().default(0),
  /** The event's own failures: what the retry budget counts. */
  failures: integer().notNull().default(0),
  /** WhatsApp's timestamp of the message (seconds resolution): a customer's messages run in this order. */
  occurredAt: ts(),
  lockedBy: text(),
  lockedUntil: ts(),
  lastError: text(),
  receivedAt: createdAt(),
  processedAt: ts(),
}, (t) => [
  uniqueIndex('webhook_inbox_client_dedupe_key').on(t.clientId, t.dedupeKey),
  index('webhook_inbox_pending_idx').on(t.state, t.id).where(sql`${t.state} = 'pending'`),
  index('webhook_inbox_conversation_idx').on(t.clientId, t.conversationKey, t.id),
  oneOf('webhook_inbox_kind_check', t.kind, INBOX_EVENT_KINDS),
  oneOf('webhook_inbox_state_check', t.state, INBOX_EVENT_STATES),
]);

/** Media the test phone sends and the business uploads to the sandbox number (stands in for Meta's media store). */
export const sandboxMedia = sqliteTable('sandbox_media', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  mimeType: text().notNull(),
  bytes: bytes().notNull(),
  createdAt: createdAt(),
}, (t) => [index('sandbox_media_client_idx').on(t.clientId, t.createdAt)]);

// ── AI gateway ───────────────────────────────────────────────────────────────────────────────

export const aiModelsRegistry = sqliteTable('ai_models_registry', {
  id: id(),
  provider: text().notNull(),
  modelName: text().notNull(),
  gatewayIdentifier: text().notNull(),
  capabilities: json<J.ModelCapabilities>().notNull().default({}),
  contextWindow: integer(),
  maxOutputTokens: integer(),
  inputPricePerMillion: money().notNull().default('0'),
  outputPricePerMillion: money().notNull().default('0'),
  cachedInputPricePerMillion: money(),
  isActive: bool().notNull().default(true),
  description: text(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('ai_models_registry_gateway_identifier_key').on(t.gatewayIdentifier)]);

export const sharedGatewayConfig = sqliteTable('shared_gateway_config', {
  id: id(),
  gatewayApiKeySecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  openaiApiKeySecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  groqApiKeySecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  anthropicApiKeySecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
  defaultModel: text(),
  fallbackChain: textList().notNull().default([]),
  usdToBrlRate: money().notNull().default('5.0'),
  cacheEnabled: bool().notNull().default(true),
  cacheTtlSeconds: integer().notNull().default(3600),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const gatewayUsageLogs = sqliteTable('gateway_usage_logs', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
  phone: text(),
  requestId: text().notNull(),
  modelRegistryId: ref().references(() => aiModelsRegistry.id, { onDelete: 'set null' }),
  clientBudgetId: ref().references(() => clientBudgets.id, { onDelete: 'set null' }),
  provider: text().notNull(),
  modelName: text().notNull(),
  inputTokens: integer().notNull().default(0),
  outputTokens: integer().notNull().default(0),
  cachedTokens: integer().notNull().default(0),
  totalTokens: integer().notNull().default(0),
  latencyMs: integer(),
  wasCached: bool().notNull().default(false),
  wasFallback: bool().notNull().default(false),
  costUsd: money().notNull().default('0'),
  costBrl: money().notNull().default('0'),
  metadata: json<J.JsonObject>().notNull().default({}),
  errorDetails: json<J.JsonObject>(),
  apiType: text().$type<ApiType>().notNull().default('chat'),
  createdAt: createdAt(),
}, (t) => [
  index('gateway_usage_logs_client_created_idx').on(t.clientId, t.createdAt),
  index('gateway_usage_logs_conversation_idx').on(t.conversationId),
  index('gateway_usage_logs_request_idx').on(t.requestId),
  oneOf('gateway_usage_logs_api_type_check', t.apiType, API_TYPES),
]);

export const gatewayCachePerformance = sqliteTable('gateway_cache_performance', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  cacheKey: text().notNull(),
  modelName: text(),
  response: json<J.JsonObject>(),
  expiresAt: ts(),
  hitCount: integer().notNull().default(0),
  missCount: integer().notNull().default(0),
  tokensSaved: bigNumber().notNull().default(0),
  costSavedUsd: money().notNull().default('0'),
  lastHitAt: ts(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('gateway_cache_performance_client_key').on(t.clientId, t.cacheKey)]);

// Spend rollups: gateway_usage_logs summed per client and 15-minute bucket, kept by database
// triggers on every insert, update and delete of a usage row (hand-written in the migration), so
// the spend dashboard reads a few thousand rows instead of a million. 15 minutes because every time
// zone's offset is a multiple of it: local days and budget periods are unions of whole buckets.
// bucket_ms is epoch milliseconds (the same integer on both databases). Money is summed as
// integers in units of 10^-10 (the money columns' scale): SQLite adds integers exactly, not text.
export const spendRollups = sqliteTable('spend_rollups', {
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  bucketMs: bigNumber().notNull(),
  provider: text().notNull(),
  modelName: text().notNull(),
  apiType: text().$type<ApiType>().notNull(),
  calls: bigNumber().notNull().default(0),
  cachedCalls: bigNumber().notNull().default(0),
  fallbackCalls: bigNumber().notNull().default(0),
  errorCalls: bigNumber().notNull().default(0),
  inputTokens: bigNumber().notNull().default(0),
  outputTokens: bigNumber().notNull().default(0),
  cachedTokens: bigNumber().notNull().default(0),
  totalTokens: bigNumber().notNull().default(0),
  costUsdE10: bigNumber().notNull().default(0),
  costBrlE10: bigNumber().notNull().default(0),
}, (t) => [primaryKey({ name: 'spend_rollups_pkey', columns: [t.clientId, t.bucketMs, t.provider, t.modelName, t.apiType] })]);

/** The same per conversation, for "the most expensive conversations" of a period. */
export const spendConversationRollups = sqliteTable('spend_conversation_rollups', {
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  bucketMs: bigNumber().notNull(),
  conversationId: ref().notNull().references(() => conversations.id, { onDelete: 'cascade' }),
  calls: bigNumber().notNull().default(0),
  totalTokens: bigNumber().notNull().default(0),
  costUsdE10: bigNumber().notNull().default(0),
  costBrlE10: bigNumber().notNull().default(0),
}, (t) => [primaryKey({ name: 'spend_conversation_rollups_pkey', columns: [t.clientId, t.bucketMs, t.conversationId] })]);

// ── Budgets and pricing ──────────────────────────────────────────────────────────────────────

export const planBudgets = sqliteTable('plan_budgets', {
  id: id(),
  planName: text().notNull(),
  description: text(),
  budgetType: text().$type<BudgetType>().notNull().default('brl'),
  budgetPeriod: text().$type<BudgetPeriod>().notNull().default('monthly'),
  budgetLimit: money().notNull().default('0'),
  tokenLimit: bigNumber(),
  brlLimit: money(),
  alertThreshold80: bool('alert_threshold_80').notNull().default(true),
  alertThreshold90: bool('alert_threshold_90').notNull().default(true),
  alertThreshold100: bool('alert_threshold_100').notNull().default(true),
  pauseAtLimit: bool().notNull().default(false),
  isActive: bool().notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('plan_budgets_plan_name_key').on(t.planName),
  oneOf('plan_budgets_type_check', t.budgetType, BUDGET_TYPES),
  oneOf('plan_budgets_period_check', t.budgetPeriod, BUDGET_PERIODS),
]);

export const clientBudgets = sqliteTable('client_budgets', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  planBudgetId: ref().references(() => planBudgets.id, { onDelete: 'set null' }),
  budgetType: text().$type<BudgetType>().notNull().default('brl'),
  budgetLimit: money().notNull().default('0'),
  budgetPeriod: text().$type<BudgetPeriod>().notNull().default('monthly'),
  currentUsage: money().notNull().default('0'),
  usagePercentage: money().notNull().default('0'),
  lastResetAt: ts(),
  nextResetAt: ts(),
  alertThreshold80: bool('alert_threshold_80').notNull().default(true),
  alertThreshold90: bool('alert_threshold_90').notNull().default(true),
  alertThreshold100: bool('alert_threshold_100').notNull().default(true),
  alertsSent: json<J.BudgetAlertsSent>().notNull().default({}),
  pauseAtLimit: bool().notNull().default(false),
  isPaused: bool().notNull().default(false),
  notificationEmail: text(),
  inheritsFromPlan: bool().notNull().default(true),
  budgetMode: text().notNull().default('brl'),
  tokenLimit: bigNumber(),
  currentTokens: bigNumber().notNull().default(0),
  reservedTokens: bigNumber().notNull().default(0),
  brlLimit: money(),
  currentBrl: money().notNull().default('0'),
  reservedBrl: money().notNull().default('0'),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('client_budgets_client_key').on(t.clientId),
  oneOf('client_budgets_type_check', t.budgetType, BUDGET_TYPES),
  oneOf('client_budgets_period_check', t.budgetPeriod, BUDGET_PERIODS),
]);

/**
 * One gateway call's reservation against its client's budget, while the call runs (its amounts are
 * also counted in client_budgets.reserved_*). The server instance that made it (owner) renews
 * expires_at while it lives; one that expired belongs to a process that is gone, and the next
 * reservation for that client reclaims it.
 */
export const budgetReservations = sqliteTable('budget_reservations', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  clientBudgetId: ref().notNull().references(() => clientBudgets.id, { onDelete: 'cascade' }),
  owner: text().notNull(),
  tokens: bigNumber().notNull().default(0),
  brl: money().notNull().default('0'),
  expiresAt: ts().notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('budget_reservations_client_expires_idx').on(t.clientId, t.expiresAt),
  index('budget_reservations_owner_idx').on(t.owner),
]);

export const pricingConfig = sqliteTable('pricing_config', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  modelRegistryId: ref().references(() => aiModelsRegistry.id, { onDelete: 'cascade' }),
  provider: text().notNull(),
  model: text().notNull(),
  promptPrice: money().notNull(),
  completionPrice: money().notNull(),
  cachedPromptPrice: money(),
  unit: text().notNull().default('per_million_tokens'),
  isActive: bool().notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('pricing_config_client_model_key').on(t.clientId, t.provider, t.model)]);

export const usageLogs = sqliteTable('usage_logs', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
  phone: text(),
  source: text().notNull(),
  model: text(),
  promptTokens: integer().notNull().default(0),
  completionTokens: integer().notNull().default(0),
  tokensUsed: integer().notNull().default(0),
  costUsd: money().notNull().default('0'),
  costBrl: money().notNull().default('0'),
  metadata: json<J.JsonObject>().notNull().default({}),
  createdAt: createdAt(),
}, (t) => [index('usage_logs_client_created_idx').on(t.clientId, t.createdAt)]);

// ── Flows and templates ──────────────────────────────────────────────────────────────────────

export const interactiveFlows = sqliteTable('interactive_flows', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  description: text(),
  isActive: bool().notNull().default(false),
  triggerType: text().notNull().default('keyword'),
  triggerKeywords: textList().notNull().default([]),
  triggerQrCode: text(),
  blocks: json<J.JsonValue[]>().notNull().default([]),
  edges: json<J.JsonValue[]>().notNull().default([]),
  startBlockId: text(),
  schemaVersion: integer().notNull().default(1),
  draftRevision: integer().notNull().default(1),
  publishedVersionId: ref(),
  settings: json<J.JsonObject>().notNull().default({}),
  createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  index('interactive_flows_client_idx').on(t.clientId, t.isActive),
  uniqueIndex('interactive_flows_client_qr_key').on(t.clientId, t.triggerQrCode),
]);

export const flowVersions = sqliteTable('flow_versions', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  flowId: ref().notNull().references(() => interactiveFlows.id, { onDelete: 'cascade' }),
  version: integer().notNull(),
  name: text().notNull(),
  document: json<J.JsonObject>().notNull(),
  schemaVersion: integer().notNull().default(1),
  publishedBy: ref().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
}, (t) => [uniqueIndex('flow_versions_flow_version_key').on(t.flowId, t.version)]);

export const flowExecutions = sqliteTable('flow_executions', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  flowId: ref().notNull().references(() => interactiveFlows.id, { onDelete: 'cascade' }),
  flowVersionId: ref().references(() => flowVersions.id, { onDelete: 'set null' }),
  conversationId: ref().references(() => conversations.id, { onDelete: 'cascade' }),
  currentBlockId: text(),
  variables: json<J.JsonObject>().notNull().default({}),
  status: text().$type<FlowExecutionStatus>().notNull().default('running'),
  retryCount: integer().notNull().default(0),
  visitedBlocks: json<string[]>().notNull().default([]),
  resumeAt: ts(),
  expiresAt: ts(),
  lastActivityAt: tsDefaultNow(),
  startedAt: createdAt(),
  completedAt: ts(),
  errorDetails: json<J.JsonObject>(),
  /** While `running`: the customer's message the step answers (its re-run after a crash takes the step over at once). */
  claimedFor: text(),
  /** While `running`: who holds the step; a takeover replaces it, and only its holder may store the step. */
  claimToken: text(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('flow_executions_one_active_key').on(t.conversationId)
    .where(sql`${t.status} in ('running', 'waiting_input', 'waiting_delay')`),
  index('flow_executions_flow_idx').on(t.flowId, t.status),
  index('flow_executions_due_idx').on(t.status, t.resumeAt),
  oneOf('flow_executions_status_check', t.status, FLOW_EXECUTION_STATUSES),
]);

export const messageTemplates = sqliteTable('message_templates', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  name: text().notNull(),
  language: text().notNull().default('pt_BR'),
  category: text().notNull().default('UTILITY'),
  status: text().notNull().default('PENDING'),
  components: json<J.JsonValue[]>().notNull().default([]),
  metaTemplateId: text(),
  rejectedReason: text(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('message_templates_client_name_lang_key').on(t.clientId, t.name, t.language)]);

// Replies agents insert in the inbox by typing /shortcut: one list per client, shared by every
// agent and device. Shortcuts are stored lowercased (case-insensitive uniqueness with a plain
// index on both databases); their alphabet is checked by the service (Unicode letters).
export const cannedResponses = sqliteTable('canned_responses', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  shortcut: text().notNull(),
  content: text().notNull(),
  createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  uniqueIndex('canned_responses_client_shortcut_key').on(t.clientId, t.shortcut),
  check('canned_responses_shortcut_check', sql`length(${t.shortcut}) between 1 and 40 and ${t.shortcut} = lower(${t.shortcut})`),
  check('canned_responses_content_check', sql`length(${t.content}) between 1 and 4096`),
]);

// ── Knowledge base, voice, logs, bot configuration ───────────────────────────────────────────

export const documents = sqliteTable('documents', {
  id: integer().primaryKey({ autoIncrement: true }),
  content: text().notNull(),
  metadata: json<J.DocumentMetadata>().notNull().default({}),
  embedding: vectorColumn(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  sourceId: text(),
  embeddingModel: text(),
  embeddingDimensions: integer(),
  createdAt: createdAt(),
}, (t) => [index('documents_client_source_idx').on(t.clientId, t.sourceId)]);

export const ttsCache = sqliteTable('tts_cache', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  textHash: text().notNull(),
  text: text().notNull(),
  voice: text().notNull(),
  provider: text().notNull(),
  model: text().notNull(),
  audioUrl: text().notNull(),
  audioFormat: text().notNull().default('ogg'),
  durationSeconds: integer(),
  sizeBytes: integer(),
  hitCount: integer().notNull().default(0),
  lastUsedAt: ts(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('tts_cache_client_hash_key').on(t.clientId, t.textHash)]);

export const ttsUsageLogs = sqliteTable('tts_usage_logs', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
  messageId: ref().references(() => messages.id, { onDelete: 'set null' }),
  provider: text().notNull(),
  model: text(),
  voice: text(),
  characters: integer().notNull().default(0),
  durationSeconds: integer(),
  costUsd: money().notNull().default('0'),
  costBrl: money().notNull().default('0'),
  fromCache: bool().notNull().default(false),
  createdAt: createdAt(),
}, (t) => [index('tts_usage_logs_client_created_idx').on(t.clientId, t.createdAt)]);

export const executionLogs = sqliteTable('execution_logs', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  executionId: text().notNull(),
  nodeName: text().notNull(),
  status: text().notNull(),
  conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
  phone: text(),
  inputData: json<J.JsonObject>(),
  outputData: json<J.JsonObject>(),
  errorDetails: json<J.JsonObject>(),
  durationMs: integer(),
  createdAt: createdAt(),
}, (t) => [
  index('execution_logs_execution_idx').on(t.clientId, t.executionId),
  index('execution_logs_client_created_idx').on(t.clientId, t.createdAt),
]);

export const botConfigurations = sqliteTable('bot_configurations', {
  id: id(),
  clientId: ref().notNull().references(() => clients.id, { onDelete: 'cascade' }),
  configKey: text().notNull(),
  configValue: json<J.JsonValue>().notNull(),
  category: text(),
  description: text(),
  isActive: bool().notNull().default(true),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [uniqueIndex('bot_configurations_client_key').on(t.clientId, t.configKey)]);

// ── First-run set-up ────────────────────────────────────────────────────────────────────────────

/**
 * At most one row (id 'instance'): written in the transaction that creates the first client and
 * owner through the browser set-up, so of two set-ups racing on an empty server exactly one wins
 * (the other's insert meets the primary key). Platform data: no client_id, no row-level security.
 */
export const instanceSetup = sqliteTable('instance_setup', {
  id: text().primaryKey(),
  completedAt: createdAt(),
});
