import { sql } from 'drizzle-orm';
import type * as J from '../json-types.js';
import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';

// ── Integrations: the public REST API's idempotency and rate limits, event webhooks ─────────────
export const integrationsTables = (d: Dialect, { clients, apiKeys, secrets }: Pick<IdentityTables, 'clients' | 'apiKeys' | 'secrets'>) => {
  const { table, index, uniqueIndex, check, oneOf, text, integer, bool, id, orderedId, ref, json, ts, textList, createdAt, updatedAt } = d;

  /**
   * One row per (API key, Idempotency-Key): claimed `pending` before the request runs, then holding
   * the response, so a retry (or a concurrent duplicate) gets the same answer and never acts twice.
   */
  const apiIdempotencyKeys = table(
    'api_idempotency_keys',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      apiKeyId: ref()
        .notNull()
        .references(() => apiKeys.id, { onDelete: 'cascade' }),
      idempotencyKey: text().notNull(),
      /** Method, path and body hash: the same key with another request is refused. */
      requestHash: text().notNull(),
      state: text().$type<'pending' | 'done'>().notNull().default('pending'),
      responseStatus: integer(),
      responseBody: json<J.JsonValue>(),
      createdAt: createdAt(),
    },
    (t) => [
      uniqueIndex('api_idempotency_keys_key').on(t.apiKeyId, t.idempotencyKey),
      index('api_idempotency_keys_created_idx').on(t.createdAt),
      oneOf('api_idempotency_keys_state_check', t.state, ['pending', 'done']),
    ],
  );

  /** Requests per API key per fixed window (counted in the database, so the limit holds across instances). */
  const apiRateWindows = table(
    'api_rate_windows',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      apiKeyId: ref()
        .notNull()
        .references(() => apiKeys.id, { onDelete: 'cascade' }),
      windowStart: ts().notNull(),
      requests: integer().notNull().default(0),
    },
    (t) => [uniqueIndex('api_rate_windows_key').on(t.apiKeyId, t.windowStart), index('api_rate_windows_start_idx').on(t.windowStart)],
  );

  /** A URL a client's admins registered for events; its signing secret lives in the vault. */
  const webhookEndpoints = table(
    'webhook_endpoints',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      url: text().notNull(),
      description: text(),
      events: textList().notNull(),
      secretId: ref()
        .notNull()
        .references(() => secrets.id, { onDelete: 'restrict' }),
      /** After a rotation the old secret still signs (a second signature) until this time. */
      previousSecretId: ref().references(() => secrets.id, { onDelete: 'set null' }),
      previousSecretUntil: ts(),
      isActive: bool().notNull().default(true),
      disabledAt: ts(),
      disabledReason: text(),
      /** The first failure since the last success: a day of failures disables the endpoint. */
      failingSince: ts(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [index('webhook_endpoints_client_idx').on(t.clientId)],
  );

  /** One event for one endpoint: the delivery log (attempts, last status, latency, response excerpt). */
  const webhookDeliveries = table(
    'webhook_deliveries',
    {
      id: orderedId(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      endpointId: ref()
        .notNull()
        .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
      eventId: text().notNull(),
      eventType: text().notNull(),
      payload: json<J.JsonObject>().notNull(),
      status: text().$type<'pending' | 'delivered' | 'failed'>().notNull().default('pending'),
      attempts: integer().notNull().default(0),
      lastStatusCode: integer(),
      lastLatencyMs: integer(),
      lastResponseExcerpt: text(),
      lastError: text(),
      deliveredAt: ts(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('webhook_deliveries_event_key').on(t.endpointId, t.eventId),
      index('webhook_deliveries_client_endpoint_idx').on(t.clientId, t.endpointId, t.createdAt),
      oneOf('webhook_deliveries_status_check', t.status, ['pending', 'delivered', 'failed']),
      check('webhook_deliveries_attempts_check', sql`${t.attempts} >= 0`),
    ],
  );

  return { apiIdempotencyKeys, apiRateWindows, webhookEndpoints, webhookDeliveries };
};

export type IntegrationsTables = ReturnType<typeof integrationsTables>;
