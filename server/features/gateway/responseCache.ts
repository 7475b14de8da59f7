// The exact-match response cache, kept in gateway_cache_performance. The key is a SHA-256 over the
// tenant, the resolved model and every parameter that shapes the answer (canonical JSON, so key
// order does not matter), so an entry is never shared between clients: their keys differ, and the
// row carries client_id under row-level security as well.
// Reads and writes are made for a whole batch of calls (gatewayBatches.ts): one select for every
// key the batch looks up, one update per entry hit or missed, one upsert for every answer stored.
import { createHash } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tx } from '#server/db/tables.js';
import { dec, formatDec, type Dec } from './money.js';

/** Parameters that change nothing in the answer. */
const NOT_IN_KEY = new Set(['stream', 'stream_options', 'user', 'metadata', 'store', 'service_tier', 'safety_identifier', 'prompt_cache_key']);

export function cacheKeyFor(clientId: string, modelIdentifier: string, apiType: string, params: Record<string, unknown>): string {
  const shaping = Object.fromEntries(Object.entries(params).filter(([key, value]) => !NOT_IN_KEY.has(key) && value !== undefined));
  return createHash('sha256')
    .update(canonicalJson({ v: 1, clientId, model: modelIdentifier, apiType, params: shaping }))
    .digest('hex');
}

export type CachedEntry = { value: JsonObject; tokens: number; costUsd: string };

type CacheRow = { id: string; cacheKey: string; response: unknown; expiresAt: Date | null; costSavedUsd: string };
type Counted = { row: CacheRow; hits: number; misses: number; tokensSaved: number; costSaved: Dec };

/** One batch's view of the cache: what it looked up, the hits and misses it counts, what it stores. */
export type CacheBatch = {
  /** A live entry counts a hit; an expired one a miss (a first-time miss is counted when its answer is stored). */
  lookup(key: string, now: Date): CachedEntry | null;
  store(key: string, modelName: string, entry: CachedEntry, expiresAt: Date): void;
  flush(): Promise<void>;
};

export async function openCacheBatch(app: AppContext, tx: Tx, clientId: string, keys: string[]): Promise<CacheBatch> {
  const { gatewayCachePerformance: cache } = app.db.t;
  const wanted = [...new Set(keys)];
  const rows: CacheRow[] =
    wanted.length === 0
      ? []
      : await tx
          .select({
            id: cache.id,
            cacheKey: cache.cacheKey,
            response: cache.response,
            expiresAt: cache.expiresAt,
            costSavedUsd: cache.costSavedUsd,
          })
          .from(cache)
          .where(and(eq(cache.clientId, clientId), wanted.length === 1 ? eq(cache.cacheKey, wanted[0]!) : inArray(cache.cacheKey, wanted)));
  const byKey = new Map(rows.map((row) => [row.cacheKey, row]));
  const counted = new Map<string, Counted>();
  const stores = new Map<string, { modelName: string; entry: CachedEntry; expiresAt: Date }>();
  let lastHitAt: Date | null = null;
  const count = (row: CacheRow) => {
    let item = counted.get(row.id);
    if (!item) counted.set(row.id, (item = { row, hits: 0, misses: 0, tokensSaved: 0, costSaved: 0n }));
    return item;
  };
  return {
    lookup(key, now) {
      const row = byKey.get(key);
      if (!row) return null;
      const entry = row.response as (CachedEntry & JsonObject) | null;
      if (entry && row.expiresAt && row.expiresAt > now) {
        const item = count(row);
        item.hits++;
        item.tokensSaved += entry.tokens;
        item.costSaved += dec(entry.costUsd);
        lastHitAt = now;
        return entry;
      }
      count(row).misses++;
      return null;
    },
    store(key, modelName, entry, expiresAt) {
      stores.set(key, { modelName, entry, expiresAt });
    },
    async flush() {
      for (const item of counted.values()) {
        // cost_saved_usd is added in JS: SQLite keeps money as text, so SQL arithmetic would round through floats.
        await tx
          .update(cache)
          .set({
            hitCount: sql`${cache.hitCount} + ${item.hits}`,
            missCount: sql`${cache.missCount} + ${item.misses}`,
            tokensSaved: sql`${cache.tokensSaved} + ${item.tokensSaved}`,
            ...(item.hits > 0 ? { lastHitAt: lastHitAt!, costSavedUsd: formatDec(dec(item.row.costSavedUsd ?? '0') + item.costSaved) } : {}),
          })
          .where(eq(cache.id, item.row.id));
      }
      if (stores.size === 0) return;
      await tx
        .insert(cache)
        .values(
          [...stores].map(([key, { modelName, entry, expiresAt }]) => ({
            clientId,
            cacheKey: key,
            modelName,
            response: entry as unknown as JsonObject,
            expiresAt,
            missCount: 1,
          })),
        )
        .onConflictDoUpdate({
          target: [cache.clientId, cache.cacheKey],
          set: { response: sql.raw('excluded.response'), expiresAt: sql.raw('excluded.expires_at'), modelName: sql.raw('excluded.model_name') },
        });
    },
  };
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}
