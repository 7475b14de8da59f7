// Fallbacks over the period: how many calls were answered by a model further down the chain, and
// which models answered them.
import { sql } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { Tx } from '../../db/tables.js';
import { inRange } from './rollupSql.js';
import type { SpendPeriod } from './spendPeriod.js';

export async function fallbackStats(app: AppContext, tx: Tx, clientId: string, period: SpendPeriod) {
  const rows = await app.db.rows<{ provider: string; model_name: string; calls: string; fallback_calls: string }>(tx, sql`
    select r.provider, r.model_name, cast(sum(r.calls) as text) as calls, cast(sum(r.fallback_calls) as text) as fallback_calls
    from spend_rollups r where ${inRange(clientId, period.fromMs, period.toMs)}
    group by r.provider, r.model_name having sum(r.fallback_calls) > 0
    order by sum(r.fallback_calls) desc, r.provider, r.model_name`);
  const [total] = await app.db.rows<{ calls: string; fallback_calls: string }>(tx, sql`
    select cast(coalesce(sum(r.calls), 0) as text) as calls, cast(coalesce(sum(r.fallback_calls), 0) as text) as fallback_calls
    from spend_rollups r where ${inRange(clientId, period.fromMs, period.toMs)}`);
  const calls = Number(total?.calls ?? 0);
  const fallbackCalls = Number(total?.fallback_calls ?? 0);
  return {
    calls, fallbackCalls, fallbackRate: calls === 0 ? 0 : fallbackCalls / calls,
    byModel: rows.map((row) => ({ provider: row.provider, model: row.model_name, calls: Number(row.calls), fallbackCalls: Number(row.fallback_calls) })),
  };
}
