// The exact-match response cache, kept in gateway_cache_performance. The key is a SHA-256 over the
// tenant, the resolved model and every parameter that shapes the answer (canonical JSON, so key
// order does not matter), so an entry is never shared between clients: their keys differ, and the
// row carries client_id under row-level security as well.
import { createHash } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { JsonObject } from '../../db/json-types.js';
import type { Tx } from '../../db/tables.js';
import { dec, formatDec, type Dec } from './money.js';

/** Parameters that change nothing in the answer. */
const NOT_IN_KEY = new Set(['stream', 'stream_options', 'user', 'metadata', 'store', 'service_tier', 'safety_identifier', 'prompt_cache_key']);

export function cacheKeyFor(clientId: string, modelIdentifier: string, apiType: string, params: Record<string, unknown>): string {
  const shaping = Object.fromEntries(Object.entries(params).filter(([key, value]) => !NOT_IN_KEY.has(key) && value !== undefined));
  return createHash('sha256').update(canonicalJson({ v: 1, clientId, model: modelIdentifier, apiType, params: shaping })).digest('hex');
}

export type CachedEntry = { value: JsonObject; tokens: number; costUsd: string };

/** A live entry counts a hit; otherwise a miss is counted. */
export async function lookupCache(app: AppContext, tx: Tx, clientId: string, key: string, modelName: string, now: Date): Promise<CachedEntry | null> {
  const { gatewayCachePerformance: cache } = app.db.t;
  const [row] = await tx.select({ id: cache.id, response: cache.response, expiresAt: cache.expiresAt }).from(cache)
    .where(and(eq(cache.clientId, clientId), eq(cache.cacheKey, key)));
  const entry = row?.response as (CachedEntry & JsonObject) | null | undefined;
  if (row && entry && row.expiresAt && row.expiresAt > now) {
    await tx.update(cache).set({
      hitCount: sql`${cache.hitCount} + 1`, lastHitAt: now,
      tokensSaved: sql`${cache.tokensSaved} + ${entry.tokens}`,
    }).where(eq(cache.id, row.id));
    // cost_saved_usd is added in JS below: SQLite keeps money as text, so SQL arithmetic would round through floats.
    await addCostSaved(app, tx, row.id, dec(entry.costUsd));
    return entry;
  }
  // A first-time miss is counted when its answer is stored (storeCache), saving a write per call.
  if (row) await tx.update(cache).set({ missCount: sql`${cache.missCount} + 1` }).where(eq(cache.id, row.id));
  return null;
}

async function addCostSaved(app: AppContext, tx: Tx, id: string, amount: Dec): Promise<void> {
  const { gatewayCachePerformance: cache } = app.db.t;
  const [row] = await tx.select({ saved: cache.costSavedUsd }).from(cache).where(eq(cache.id, id));
  await tx.update(cache).set({ costSavedUsd: formatDec(dec(row?.saved ?? '0') + amount) }).where(eq(cache.id, id));
}

export async function storeCache(app: AppContext, tx: Tx, clientId: string, key: string, modelName: string, entry: CachedEntry, expiresAt: Date): Promise<void> {
  const { gatewayCachePerformance: cache } = app.db.t;
  await tx.insert(cache).values({ clientId, cacheKey: key, modelName, response: entry as unknown as JsonObject, expiresAt, missCount: 1 })
    .onConflictDoUpdate({ target: [cache.clientId, cache.cacheKey], set: { response: entry as unknown as JsonObject, expiresAt, modelName } });
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
