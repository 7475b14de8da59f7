// The reports' SQL over the rollups (report_rollups, report_time_histograms; kept by triggers, see
// server/db/schema/reports.ts): whole UTC hours of a period, one range of the primary key
// (client_id, bucket_ms, …) each, with the number, team and agent filters on the key's other columns.
// Each statement reads the folded rows and the deltas not folded yet together (UNION ALL, one
// snapshot): a fold moving deltas into the rollups meanwhile is seen entirely or not at all.
import { sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import type { ReportFilter } from './reportInput.js';
import { emptyAgent, emptySummary, type AgentParts, type HourCount, type SummaryParts } from './reportParts.js';
import { COUNTS, foldedAndPending, TIME_HISTOGRAMS } from './rollupTables.js';
import { addToHistogram } from './timeBins.js';

type Row = Record<string, unknown>;
type Hours = { fromMs: number; toMs: number };
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

/** The rows of the period's hours for the filter; `withAgent: false` leaves the agent out (the heatmap counts customers' messages). */
function where(clientId: string, hours: Hours, filter: ReportFilter, withAgent = true): SQL {
  const parts = [sql`client_id = ${clientId}`, sql`bucket_ms >= ${hours.fromMs}`, sql`bucket_ms < ${hours.toMs}`];
  if (filter.phoneNumberId) parts.push(sql`number_key = ${filter.phoneNumberId}`);
  if (filter.teamId) parts.push(sql`team_key = ${filter.teamId}`);
  if (withAgent && filter.agentId) parts.push(sql`agent_key = ${filter.agentId}`);
  return sql.join(parts, sql` and `);
}

const SUMS = sql.raw(`coalesce(sum(opened), 0) as opened, coalesce(sum(handed_off), 0) as handed_off, coalesce(sum(resolved), 0) as resolved,
  coalesce(sum(first_response_count), 0) as first_response_count, coalesce(sum(first_response_sum), 0) as first_response_sum,
  coalesce(sum(resolution_sum), 0) as resolution_sum, coalesce(sum(sent_by_people), 0) as sent_by_people, coalesce(sum(sent_by_bot), 0) as sent_by_bot,
  coalesce(sum(csat1), 0) as csat1, coalesce(sum(csat2), 0) as csat2, coalesce(sum(csat3), 0) as csat3, coalesce(sum(csat4), 0) as csat4, coalesce(sum(csat5), 0) as csat5`);

/** The rollup rows and the unfolded deltas as one relation (the filters are pushed into both). */
const ROLLUPS = sql.raw(foldedAndPending(COUNTS, 'rollups'));
const HISTOGRAMS = sql.raw(foldedAndPending(TIME_HISTOGRAMS, 'histograms'));

const csatOf = (row: Row | undefined) => [num(row?.csat1), num(row?.csat2), num(row?.csat3), num(row?.csat4), num(row?.csat5)];

export async function rollupSummaryParts(app: AppContext, tx: Tx, clientId: string, hours: Hours, filter: ReportFilter): Promise<SummaryParts> {
  const [row] = await app.db.rows<Row>(tx, sql`select ${SUMS} from ${ROLLUPS} where ${where(clientId, hours, filter)}`);
  const bins = await app.db.rows<Row>(
    tx,
    sql`select metric, bin, sum(count) as n, sum(total) as total from ${HISTOGRAMS} where ${where(clientId, hours, filter)} group by metric, bin`,
  );
  const parts = emptySummary();
  parts.opened = num(row?.opened);
  parts.handedOff = num(row?.handed_off);
  parts.resolved = num(row?.resolved);
  parts.sentByPeople = num(row?.sent_by_people);
  parts.sentByBot = num(row?.sent_by_bot);
  parts.csat = csatOf(row);
  for (const bin of bins) addToHistogram(bin.metric === 'first_response' ? parts.firstResponse : parts.resolution, num(bin.bin), num(bin.n), num(bin.total));
  return parts;
}

export async function rollupAgentParts(app: AppContext, tx: Tx, clientId: string, hours: Hours, filter: ReportFilter): Promise<Map<string, AgentParts>> {
  const rows = await app.db.rows<Row>(
    tx,
    sql`select agent_key, ${SUMS} from ${ROLLUPS} where ${where(clientId, hours, filter)} and agent_key <> '' group by agent_key`,
  );
  return new Map(
    rows.map((row) => [
      String(row.agent_key),
      {
        ...emptyAgent(),
        resolved: num(row.resolved),
        firstResponseCount: num(row.first_response_count),
        firstResponseSum: num(row.first_response_sum),
        resolutionSum: num(row.resolution_sum),
        sentByPeople: num(row.sent_by_people),
        csat: csatOf(row),
      },
    ]),
  );
}

/** Episodes opened and resolved per hour. */
export async function rollupHourlyOpenedResolved(app: AppContext, tx: Tx, clientId: string, hours: Hours, filter: ReportFilter) {
  const rows = await app.db.rows<Row>(
    tx,
    sql`select bucket_ms, sum(opened) as opened, sum(resolved) as resolved from ${ROLLUPS} where ${where(clientId, hours, filter)} group by bucket_ms`,
  );
  const of = (key: 'opened' | 'resolved'): HourCount[] =>
    rows.filter((row) => num(row[key]) > 0).map((row) => ({ bucketMs: num(row.bucket_ms), count: num(row[key]) }));
  return { opened: of('opened'), resolved: of('resolved') };
}

/** Customers' messages per hour, on the number or team asked for (any agent). */
export async function rollupHourlyIncoming(app: AppContext, tx: Tx, clientId: string, hours: Hours, filter: ReportFilter): Promise<HourCount[]> {
  const rows = await app.db.rows<Row>(
    tx,
    sql`select bucket_ms, sum(incoming) as n from ${ROLLUPS} where ${where(clientId, hours, filter, false)} group by bucket_ms having sum(incoming) <> 0`,
  );
  return rows.map((row) => ({ bucketMs: num(row.bucket_ms), count: num(row.n) }));
}
