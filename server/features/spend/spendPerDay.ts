// Spend per local day of the period (every day present, zero when nothing happened), with the
// day's cached and fallback calls for the cache-hit and fallback charts. The day boundaries are
// computed in the client's time zone and joined as a VALUES list, so the sums stay in SQL and
// each day is an index range on the rollups' primary key (client_id, bucket_ms, …).
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { ROLLUP_SUMS, spendFigures, type RollupSumsRow } from './rollupSql.js';
import type { SpendPeriod } from './spendPeriod.js';
import { byDialect } from '#server/db/dialect.js';

export async function spendPerDay(app: AppContext, tx: Tx, clientId: string, period: SpendPeriod) {
  if (period.days.length === 0) return [];
  for (const day of period.days) {
    if (!Number.isSafeInteger(day.startMs) || !Number.isSafeInteger(day.endMs)) throw new Error('day bounds must be integers');
  }
  // Integers computed here, never user text: safe to inline (and keeps hundreds of days to one statement).
  const values = sql.raw(period.days.map((day, index) => `(${index}, ${day.startMs}, ${day.endMs})`).join(', '));
  // PostgreSQL: a LATERAL subquery per day makes each day's bounds an index condition (a plain join
  // left them as a filter over all the client's buckets, once per day). SQLite has no LATERAL and
  // already searches the index per day for the join.
  const rows = await app.db.rows<RollupSumsRow & { day_index: number | string }>(
    tx,
    byDialect(app.db, {
      pg: () => sql`
    with days(day_index, start_ms, end_ms) as (values ${values})
    select d.day_index, s.* from days d cross join lateral (
      select ${ROLLUP_SUMS} from spend_rollups r
      where r.client_id = ${clientId} and r.bucket_ms >= d.start_ms::bigint and r.bucket_ms < d.end_ms::bigint
    ) s order by d.day_index`,
      sqlite: () => sql`
    with days(day_index, start_ms, end_ms) as (values ${values})
    select d.day_index, ${ROLLUP_SUMS}
    from days d left join spend_rollups r on r.client_id = ${clientId} and r.bucket_ms >= d.start_ms and r.bucket_ms < d.end_ms
    group by d.day_index order by d.day_index`,
    }),
  );
  const byIndex = new Map(rows.map((row) => [Number(row.day_index), row]));
  return period.days.map((day, index) => ({ date: day.date, ...spendFigures(byIndex.get(index)) }));
}
