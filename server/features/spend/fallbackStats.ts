// Fallbacks over the period: how many calls were answered by a model further down the chain, and
// which models answered them. One pass over the period's rollups per model; the totals are summed
// from those rows here (a second scan for them doubled this chart's time on a large period).
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { inRange } from './rollupSql.js';
import type { SpendPeriod } from './spendPeriod.js';

export async function fallbackStats(app: AppContext, tx: Tx, clientId: string, period: SpendPeriod) {
  const rows = await app.db.rows<{ provider: string; model_name: string; calls: string; fallback_calls: string }>(
    tx,
    sql`
    select r.provider, r.model_name, cast(sum(r.calls) as text) as calls, cast(sum(r.fallback_calls) as text) as fallback_calls
    from spend_rollups r where ${inRange(clientId, period.fromMs, period.toMs)}
    group by r.provider, r.model_name`,
  );
  const models = rows.map((row) => ({ provider: row.provider, model: row.model_name, calls: Number(row.calls), fallbackCalls: Number(row.fallback_calls) }));
  const calls = models.reduce((total, model) => total + model.calls, 0);
  const fallbackCalls = models.reduce((total, model) => total + model.fallbackCalls, 0);
  const byModel = models
    .filter((model) => model.fallbackCalls > 0)
    .sort(
      (a, b) =>
        b.fallbackCalls - a.fallbackCalls ||
        (a.provider < b.provider ? -1 : a.provider > b.provider ? 1 : 0) ||
        (a.model < b.model ? -1 : a.model > b.model ? 1 : 0),
    );
  return { calls, fallbackCalls, fallbackRate: calls === 0 ? 0 : fallbackCalls / calls, byModel };
}
