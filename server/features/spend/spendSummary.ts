// The period's totals: calls, tokens, cost, cached, fallback and failed calls (the dashboard's tiles).
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { inRange, ROLLUP_SUMS, spendFigures, type RollupSumsRow } from './rollupSql.js';
import type { SpendPeriod } from './spendPeriod.js';

export async function spendSummary(app: AppContext, tx: Tx, clientId: string, period: SpendPeriod) {
  const [row] = await app.db.rows<RollupSumsRow>(tx, sql`select ${ROLLUP_SUMS} from spend_rollups r where ${inRange(clientId, period.fromMs, period.toMs)}`);
  return spendFigures(row);
}
