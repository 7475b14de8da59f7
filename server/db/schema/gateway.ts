import { API_TYPES, type ApiType } from '#shared/domain/statuses.js';
import type * as J from '../json-types.js';
import type { AnyColumn, Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';
import type { ConversationsTables } from './conversations.js';

// ── AI gateway ───────────────────────────────────────────────────────────────────────────────
export const gatewayTables = (
  d: Dialect,
  { secrets, clients, conversations }: Pick<IdentityTables, 'secrets' | 'clients'> & Pick<ConversationsTables, 'conversations'>,
  // gateway_usage_logs points at client_budgets, whose area (budgets.ts) points back at the model
  // registry here: the reference is resolved lazily, after both areas are built.
  budgets: () => { clientBudgets: { id: AnyColumn } },
) => {
  const { table, index, uniqueIndex, primaryKey, oneOf, text, integer, bigNumber, bool, createdAt, id, json, money, ref, textList, ts, updatedAt } = d;

  const aiModelsRegistry = table(
    'ai_models_registry',
    {
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
    },
    (t) => [uniqueIndex('ai_models_registry_gateway_identifier_key').on(t.gatewayIdentifier)],
  );

  const sharedGatewayConfig = table('shared_gateway_config', {
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

  const gatewayUsageLogs = table(
    'gateway_usage_logs',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      conversationId: ref().references(() => conversations.id, { onDelete: 'set null' }),
      phone: text(),
      requestId: text().notNull(),
      modelRegistryId: ref().references(() => aiModelsRegistry.id, { onDelete: 'set null' }),
      clientBudgetId: ref().references((): AnyColumn => budgets().clientBudgets.id, { onDelete: 'set null' }),
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
    },
    (t) => [
      index('gateway_usage_logs_client_created_idx').on(t.clientId, t.createdAt),
      index('gateway_usage_logs_conversation_idx').on(t.conversationId),
      index('gateway_usage_logs_request_idx').on(t.requestId),
      oneOf('gateway_usage_logs_api_type_check', t.apiType, API_TYPES),
    ],
  );

  const gatewayCachePerformance = table(
    'gateway_cache_performance',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
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
    },
    (t) => [uniqueIndex('gateway_cache_performance_client_key').on(t.clientId, t.cacheKey)],
  );

  // Spend rollups: gateway_usage_logs summed per client and 15-minute bucket, kept by database
  // triggers on every insert, update and delete of a usage row (hand-written in the migration), so
  // the spend dashboard reads a few thousand rows instead of a million. 15 minutes because every time
  // zone's offset is a multiple of it: local days and budget periods are unions of whole buckets.
  // bucket_ms is epoch milliseconds (the same integer on both databases). Money is summed as
  // integers in units of 10^-10 (the money columns' scale): SQLite adds integers exactly, not text.
  const spendRollups = table(
    'spend_rollups',
    {
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
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
    },
    (t) => [primaryKey({ name: 'spend_rollups_pkey', columns: [t.clientId, t.bucketMs, t.provider, t.modelName, t.apiType] })],
  );

  /** The same per conversation, for "the most expensive conversations" of a period. */
  const spendConversationRollups = table(
    'spend_conversation_rollups',
    {
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      bucketMs: bigNumber().notNull(),
      conversationId: ref()
        .notNull()
        .references(() => conversations.id, { onDelete: 'cascade' }),
      calls: bigNumber().notNull().default(0),
      totalTokens: bigNumber().notNull().default(0),
      costUsdE10: bigNumber().notNull().default(0),
      costBrlE10: bigNumber().notNull().default(0),
    },
    (t) => [primaryKey({ name: 'spend_conversation_rollups_pkey', columns: [t.clientId, t.bucketMs, t.conversationId] })],
  );

  return { aiModelsRegistry, sharedGatewayConfig, gatewayUsageLogs, gatewayCachePerformance, spendRollups, spendConversationRollups };
};

export type GatewayTables = ReturnType<typeof gatewayTables>;
