// Spend per provider over the period, most expensive first.
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { inRange, ROLLUP_SUMS, spendFigures, type RollupSumsRow } from './rollupSql.js';
import type { SpendPeriod } from './spendPeriod.js';

export async function spendByProvider(app: AppContext, tx: Tx, clientId: string, period: SpendPeriod) {
  const rows = await app.db.rows<RollupSumsRow & { provider: string }>(
    tx,
    sql`
    select r.provider, ${ROLLUP_SUMS} from spend_rollups r where ${inRange(clientId, period.fromMs, period.toMs)}
    group by r.provider order by sum(r.cost_brl_e_10) desc, sum(r.total_tokens) desc, r.provider`,
  );
  return rows.map((row) => ({ provider: row.provider, ...spendFigures(row) }));
}
