// Spend per model (and its provider) over the period, most expensive first.
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { inRange, ROLLUP_SUMS, spendFigures, type RollupSumsRow } from './rollupSql.js';
import type { SpendPeriod } from './spendPeriod.js';

export async function spendByModel(app: AppContext, tx: Tx, clientId: string, period: SpendPeriod) {
  const rows = await app.db.rows<RollupSumsRow & { provider: string; model_name: string }>(
    tx,
    sql`
    select r.provider, r.model_name, ${ROLLUP_SUMS} from spend_rollups r where ${inRange(clientId, period.fromMs, period.toMs)}
    group by r.provider, r.model_name
    order by sum(r.cost_brl_e_10) desc, sum(r.total_tokens) desc, r.provider, r.model_name`,
  );
  return rows.map((row) => ({ provider: row.provider, model: row.model_name, ...spendFigures(row) }));
}
