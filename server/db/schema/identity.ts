import { sql } from 'drizzle-orm';
import { CLIENT_STATUSES, PUSH_PLATFORMS, USER_ROLES, type ClientStatus, type PushPlatform, type UserRole } from '#shared/domain/statuses.js';
import type * as J from '../json-types.js';
import type { AnyColumn, Dialect } from './dialect.js';

// ── Identity and the vault (in place of Supabase auth.users and Vault) ──────────────────────────
export const identityTables = (d: Dialect) => {
  const { table, index, uniqueIndex, oneOf, text, integer, bool, createdAt, id, orderedId, json, ref, ts, textList, updatedAt } = d;

  const users = table(
    'users',
    {
      id: id(),
      email: text().notNull(),
      passwordHash: text(),
      isPlatformAdmin: bool().notNull().default(false),
      failedLoginCount: integer().notNull().default(0),
      lockedUntil: ts(),
      lastLoginAt: ts(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('users_email_key').on(t.email)],
  );

  const secrets = table(
    'secrets',
    {
      id: id(),
      clientId: ref().references((): AnyColumn => clients.id, { onDelete: 'cascade' }),
      name: text().notNull(),
      ciphertext: text().notNull(),
      iv: text().notNull(),
      authTag: text().notNull(),
      keyId: text().notNull(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [index('secrets_client_idx').on(t.clientId)],
  );

  const clients = table(
    'clients',
    {
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
      /** Opt-out keywords and confirmations (shared/domain/optOut.ts); null = the defaults. Kept apart from `settings` and bot_configurations. */
      optOutSettings: json<J.OptOutSettings>(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
      createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
    },
    (t) => [
      uniqueIndex('clients_slug_key').on(t.slug),
      uniqueIndex('clients_meta_phone_number_id_key').on(t.metaPhoneNumberId),
      uniqueIndex('clients_sandbox_phone_number_id_key').on(t.sandboxPhoneNumberId),
      oneOf('clients_status_check', t.status, CLIENT_STATUSES),
    ],
  );

  const userProfiles = table(
    'user_profiles',
    {
      id: ref()
        .primaryKey()
        .references(() => users.id, { onDelete: 'cascade' }),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      email: text().notNull(),
      fullName: text(),
      role: text().$type<UserRole>().notNull().default('agent'),
      isActive: bool().notNull().default(true),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [
      uniqueIndex('user_profiles_email_key').on(t.email),
      index('user_profiles_client_idx').on(t.clientId),
      oneOf('user_profiles_role_check', t.role, USER_ROLES),
    ],
  );

  const sessions = table(
    'sessions',
    {
      id: id(),
      userId: ref()
        .notNull()
        .references(() => users.id, { onDelete: 'cascade' }),
      tokenHash: text().notNull(),
      expiresAt: ts().notNull(),
      lastSeenAt: ts(),
      userAgent: text(),
      ip: text(),
      createdAt: createdAt(),
    },
    (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
  );

  const userInvites = table(
    'user_invites',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
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
    },
    (t) => [
      uniqueIndex('user_invites_token_key').on(t.token),
      uniqueIndex('user_invites_pending_email_key')
        .on(t.clientId, t.email)
        .where(sql`${t.acceptedAt} is null and ${t.revokedAt} is null`),
      oneOf('user_invites_role_check', t.role, USER_ROLES),
    ],
  );

  const pushTokens = table(
    'push_tokens',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      userId: ref()
        .notNull()
        .references(() => userProfiles.id, { onDelete: 'cascade' }),
      token: text().notNull(),
      platform: text().$type<PushPlatform>().notNull(),
      deviceName: text(),
      lastUsedAt: ts(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('push_tokens_user_token_key').on(t.userId, t.token), oneOf('push_tokens_platform_check', t.platform, PUSH_PLATFORMS)],
  );

  /** Which events a member's devices get a push for (features/pushTokens); no row = all of them. */
  const notificationPreferences = table('notification_preferences', {
    userId: ref()
      .primaryKey()
      .references(() => userProfiles.id, { onDelete: 'cascade' }),
    clientId: ref()
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    onAssigned: bool().notNull().default(true),
    onTransfer: bool().notNull().default(true),
    onMessage: bool().notNull().default(true),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  });

  const apiKeys = table(
    'api_keys',
    {
      id: id(),
      clientId: ref()
        .notNull()
        .references(() => clients.id, { onDelete: 'cascade' }),
      name: text().notNull(),
      keyPrefix: text().notNull(),
      keyHash: text().notNull(),
      createdBy: ref().references(() => users.id, { onDelete: 'set null' }),
      lastUsedAt: ts(),
      expiresAt: ts(),
      revokedAt: ts(),
      /** What the key may do on /api/v1 (API_SCOPES); null: everything (keys made before scopes existed, and full-access keys). */
      scopes: textList(),
      createdAt: createdAt(),
      updatedAt: updatedAt(),
    },
    (t) => [uniqueIndex('api_keys_key_hash_key').on(t.keyHash), index('api_keys_client_idx').on(t.clientId)],
  );

  const auditLogs = table(
    'audit_logs',
    {
      id: orderedId(),
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
    },
    (t) => [index('audit_logs_client_created_idx').on(t.clientId, t.createdAt), index('audit_logs_user_idx').on(t.userId, t.createdAt)],
  );

  return { users, secrets, clients, userProfiles, sessions, userInvites, pushTokens, notificationPreferences, apiKeys, auditLogs };
};

export type IdentityTables = ReturnType<typeof identityTables>;
