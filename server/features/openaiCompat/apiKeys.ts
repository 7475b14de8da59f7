// Per-client API keys for /v1: shown once when created, stored only as a SHA-256 hash (the key is
// 192 random bits, so a fast hash is enough), found by that hash when a request comes in. Lookups
// are reused for a few seconds; a revocation (or a suspended client) drops the reuse at once on
// every instance: it is announced on the live events bus, which PostgreSQL relays (NOTIFY).
import { createHash, randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { ApiScope } from '#shared/domain/apiScopes.js';

export const API_KEY_PREFIX = 'uzz-sk-';
const REUSE_MS = 5_000;
const TOUCH_EVERY_MS = 60_000;

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');

export function newApiKey(): { key: string; prefix: string; hash: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
  return { key, prefix: key.slice(0, API_KEY_PREFIX.length + 6), hash: hashApiKey(key) };
}

/** scopes null: every scope (a full-access key). */
export type ApiKeyIdentity = { keyId: string; clientId: string; scopes: ApiScope[] | null };

export const REVOKED_KEY = 'system:api-keys-revoked';
/** Which cached lookups to drop: one key (by its hash) or every key of a client. */
type Revoked = { hash?: string; clientId?: string };

const lookups = perApp((app: AppContext) => {
  const memo = { found: new Map<string, { identity: ApiKeyIdentity | null; at: number }>(), touched: new Map<string, number>() };
  app.events.subscribe(REVOKED_KEY, (event) => {
    const revoked = (event.payload ?? {}) as Revoked;
    if (revoked.hash) memo.found.delete(revoked.hash);
    if (revoked.clientId) {
      for (const [hash, entry] of memo.found) if (entry.identity?.clientId === revoked.clientId) memo.found.delete(hash);
    }
  });
  return memo;
});

/** Drops cached key lookups here and on every other instance. */
export function forgetApiKeys(app: AppContext, revoked: Revoked): void {
  app.events.publish(REVOKED_KEY, 'api-keys.revoked', revoked);
}

export async function authenticateApiKey(app: AppContext, key: string): Promise<ApiKeyIdentity | null> {
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return null;
  const hash = hashApiKey(key);
  const memo = lookups(app);
  const cached = memo.found.get(hash);
  const now = Date.now();
  if (cached && now - cached.at < REUSE_MS) return cached.identity;
  const { apiKeys, clients } = app.db.t;
  const identity = await app.db.system(async (tx) => {
    const [row] = await tx
      .select({
        keyId: apiKeys.id,
        clientId: apiKeys.clientId,
        scopes: apiKeys.scopes,
        revokedAt: apiKeys.revokedAt,
        expiresAt: apiKeys.expiresAt,
        status: clients.status,
      })
      .from(apiKeys)
      .innerJoin(clients, eq(clients.id, apiKeys.clientId))
      .where(eq(apiKeys.keyHash, hash));
    if (!row || row.revokedAt || (row.expiresAt && row.expiresAt <= new Date()) || row.status !== 'active') return null;
    if (now - (memo.touched.get(row.keyId) ?? 0) > TOUCH_EVERY_MS) {
      memo.touched.set(row.keyId, now);
      await tx.update(apiKeys).set({ lastUsedAt: new Date() }).where(eq(apiKeys.id, row.keyId));
    }
    return { keyId: row.keyId, clientId: row.clientId, scopes: (row.scopes as ApiScope[] | null) ?? null };
  });
  if (memo.found.size > 10_000) memo.found.clear();
  memo.found.set(hash, { identity, at: now });
  return identity;
}

export async function revokeApiKey(app: AppContext, clientId: string, id: string): Promise<boolean> {
  const { apiKeys } = app.db.t;
  const [row] = await app.db.tenant(clientId, (tx) =>
    tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), eq(apiKeys.clientId, clientId)))
      .returning({ hash: apiKeys.keyHash }),
  );
  if (row) forgetApiKeys(app, { hash: row.hash });
  return row !== undefined;
}
