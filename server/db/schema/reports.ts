import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';

// ── Report rollups: what the team reports count, summed per client, UTC hour and dimension ──────
// Kept by database triggers on conversation_episodes, conversations (the episode still open),
// messages and csat_responses (hand-written in the migrations, like the spend rollups). A trigger
// never updates a rollup row: each insert, update and delete of a source row *inserts* its
// contribution (added or taken away) into a delta table, in the same transaction as the source row,
// so the sums are exact across crashes and no two transactions ever wait on one shared row (a
// rollup row updated by every message of a client's hour would queue its flows, webhooks and
// replies behind each other until each commit). A job (reports/rollupFolder.ts) folds the deltas
// into the rollup rows now and then; readers sum both in one statement, so a report is exact
// whether or not the fold has run. On PostgreSQL an insert of many rows (a webhook batch) writes its
// deltas once per statement, summed per key (transition tables).
//
// UTC hours, not local days: the client's timezone is applied when the hours are turned into days
// and weekday-hours (reports/buildReports.ts), so a change of timezone needs no rebuild; every
// whole-hour offset is exact (a :30/:45 offset puts each hour on the local day it starts in, as the
// reports did before the rollups).
//
// Dimensions are text keys, '' for none (a primary key cannot hold NULL): the business number
// (phone_number_id), the team and the agent. Which agent: the episode's agent for episodes, the
// assignee for a conversation still open, the sender for messages, the CSAT row's agent for answers.
export const reportsTables = (d: Dialect, { clients }: Pick<IdentityTables, 'clients'>) => {
  const { table, primaryKey, index, text, integer, bigNumber, ref, serialId } = d;

  const dimensions = () => ({
    clientId: ref()
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    ...hourAndDimensions(),
  });
  const hourAndDimensions = () => ({
    /** Start of the UTC hour, epoch milliseconds (the same integer on both databases). */
    bucketMs: bigNumber().notNull(),
    numberKey: text().notNull(),
    teamKey: text().notNull(),
    agentKey: text().notNull(),
  });
  /**
   * The deltas' client has no foreign key: deleting a client deletes its conversations and messages
   * by cascade, and their triggers insert deltas for a client that is already gone (the fold drops
   * those; a foreign key would fail the deletion instead).
   */
  const deltaKeys = () => ({ clientId: ref().notNull(), ...hourAndDimensions() });

  /**
   * Counts and sums per hour. opened/handed_off are counted in the hour the episode opened (resolved
   * episodes and conversations whose current episode is open), resolved and the time sums in the
   * hour it was resolved, messages in the hour they were sent, CSAT answers in the hour of the rating.
   */
  const rollupValues = () => ({
    opened: bigNumber().notNull().default(0),
    handedOff: bigNumber().notNull().default(0),
    resolved: bigNumber().notNull().default(0),
    firstResponseCount: bigNumber().notNull().default(0),
    firstResponseSum: bigNumber().notNull().default(0),
    resolutionSum: bigNumber().notNull().default(0),
    incoming: bigNumber().notNull().default(0),
    sentByPeople: bigNumber().notNull().default(0),
    sentByBot: bigNumber().notNull().default(0),
    csat1: bigNumber().notNull().default(0),
    csat2: bigNumber().notNull().default(0),
    csat3: bigNumber().notNull().default(0),
    csat4: bigNumber().notNull().default(0),
    csat5: bigNumber().notNull().default(0),
  });
  const reportRollups = table('report_rollups', { ...dimensions(), ...rollupValues() }, (t) => [
    primaryKey({ name: 'report_rollups_pkey', columns: [t.clientId, t.bucketMs, t.numberKey, t.teamKey, t.agentKey] }),
  ]);

  /**
   * Histograms of resolved episodes' times, for p50/p90 (percentiles cannot be summed): `metric`
   * 'first_response' or 'resolution', `bin` from server/features/reports/timeBins.ts (exact below 32 s, then
   * 16 bins per doubling: each bin at most 1/16 of its lower edge wide). `total` is the sum of the
   * seconds in the bin, so a percentile is given as its bin's mean: exact when the bin holds one
   * distinct value, otherwise within the bin.
   */
  const histogramValues = () => ({
    metric: text().notNull(),
    bin: integer().notNull(),
    count: bigNumber().notNull().default(0),
    total: bigNumber().notNull().default(0),
  });
  const reportTimeHistograms = table('report_time_histograms', { ...dimensions(), ...histogramValues() }, (t) => [
    primaryKey({ name: 'report_time_histograms_pkey', columns: [t.clientId, t.bucketMs, t.numberKey, t.teamKey, t.agentKey, t.metric, t.bin] }),
  ]);

  /**
   * Contributions not folded yet (signed: a source row changed or deleted inserts its old
   * contribution negated). Insert-only for the triggers; the fold takes them in id order. The index
   * serves the readers, which add a period's unfolded deltas to its rollups.
   */
  const reportRollupDeltas = table('report_rollup_deltas', { id: serialId(), ...deltaKeys(), ...rollupValues() }, (t) => [
    index('report_rollup_deltas_client_bucket').on(t.clientId, t.bucketMs),
  ]);
  const reportTimeHistogramDeltas = table('report_time_histogram_deltas', { id: serialId(), ...deltaKeys(), ...histogramValues() }, (t) => [
    index('report_time_histogram_deltas_client_bucket').on(t.clientId, t.bucketMs),
  ]);

  return { reportRollups, reportTimeHistograms, reportRollupDeltas, reportTimeHistogramDeltas };
};

export type ReportsTables = ReturnType<typeof reportsTables>;
