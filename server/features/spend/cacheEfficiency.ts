// The response cache's effect: the period's hit rate (calls answered from the cache, from the
// rollups) and what the cache entries have saved so far (gateway_cache_performance, all time).
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { fromE10, inRange } from './rollupSql.js';
import type { SpendPeriod } from './spendPeriod.js';
import { byDialect } from '#server/db/dialect.js';

export async function cacheEfficiency(app: AppContext, tx: Tx, clientId: string, period: SpendPeriod) {
  const [calls] = await app.db.rows<{ calls: string; cached_calls: string }>(
    tx,
    sql`
    select cast(coalesce(sum(r.calls), 0) as text) as calls, cast(coalesce(sum(r.cached_calls), 0) as text) as cached_calls
    from spend_rollups r where ${inRange(clientId, period.fromMs, period.toMs)}`,
  );
  // Money summed exactly: numeric on PostgreSQL; SQLite keeps decimal text, summed as 10^-10 units.
  const savedUsd = byDialect(app.db, {
    pg: () => sql.raw('cast(coalesce(sum(round(c.cost_saved_usd * 10000000000)), 0) as text)'),
    sqlite: () => sql.raw(`cast(coalesce(sum(${sqliteE10('c.cost_saved_usd')}), 0) as text)`),
  });
  const [entries] = await app.db.rows<{ entries: string; hits: string; misses: string; tokens_saved: string; saved_usd: string }>(
    tx,
    sql`
    select cast(count(*) as text) as entries, cast(coalesce(sum(c.hit_count), 0) as text) as hits,
      cast(coalesce(sum(c.miss_count), 0) as text) as misses, cast(coalesce(sum(c.tokens_saved), 0) as text) as tokens_saved,
      ${savedUsd} as saved_usd
    from gateway_cache_performance c where c.client_id = ${clientId}`,
  );
  const total = Number(calls?.calls ?? 0);
  const cached = Number(calls?.cached_calls ?? 0);
  return {
    calls: total,
    cachedCalls: cached,
    hitRate: total === 0 ? 0 : cached / total,
    entries: Number(entries?.entries ?? 0),
    hits: Number(entries?.hits ?? 0),
    misses: Number(entries?.misses ?? 0),
    tokensSaved: Number(entries?.tokens_saved ?? 0),
    costSavedUsd: fromE10((entries?.saved_usd ?? '0').replace(/\..*$/, '')),
  };
}

/** SQLite: decimal text → integer 10^-10 units without a float (the same expression the rollup triggers use). */
export function sqliteE10(column: string): string {
  return `(CASE WHEN instr(${column}, '.') = 0 THEN cast(${column} AS integer) * 10000000000 ELSE cast(substr(${column}, 1, instr(${column}, '.') - 1) AS integer) * 10000000000 + (CASE WHEN substr(${column}, 1, 1) = '-' THEN -1 ELSE 1 END) * cast(substr(substr(${column}, instr(${column}, '.') + 1) || '0000000000', 1, 10) AS integer) END)`;
}
