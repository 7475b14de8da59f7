import type { Dialect } from './dialect.js';
import type { IdentityTables } from './identity.js';

// ── Report rollups: what the team reports count, summed per client, UTC hour and dimension ──────
// Kept by database triggers on conversation_episodes, conversations (the episode still open),
// messages and csat_responses (hand-written in the migrations, like the spend rollups): each
// insert, update and delete of a source row adds or takes away its contribution in the same
// statement, so the sums are exact under concurrency (row locks of the upsert) and restarts (the
// same transaction as the source row). UTC hours, not local days: the client's timezone is applied
// when the hours are turned into days and weekday-hours (reports/buildReports.ts), so a change of
// timezone needs no rebuild; every whole-hour offset is exact (a :30/:45 offset puts each hour on
// the local day it starts in, as the reports did before the rollups).
//
// Dimensions are text keys, '' for none (a primary key cannot hold NULL): the business number
// (phone_number_id), the team and the agent. Which agent: the episode's agent for episodes, the
// assignee for a conversation still open, the sender for messages, the CSAT row's agent for answers.
export const reportsTables = (d: Dialect, { clients }: Pick<IdentityTables, 'clients'>) => {
  const { table, primaryKey, text, integer, bigNumber, ref } = d;

  const dimensions = () => ({
    clientId: ref()
      .notNull()
      .references(() => clients.id, { onDelete: 'cascade' }),
    /** Start of the UTC hour, epoch milliseconds (the same integer on both databases). */
    bucketMs: bigNumber().notNull(),
    numberKey: text().notNull(),
    teamKey: text().notNull(),
    agentKey: text().notNull(),
  });

  /**
   * Counts and sums per hour. opened/handed_off are counted in the hour the episode opened (resolved
   * episodes and conversations whose current episode is open), resolved and the time sums in the
   * hour it was resolved, messages in the hour they were sent, CSAT answers in the hour of the rating.
   */
  const reportRollups = table(
    'report_rollups',
    {
      ...dimensions(),
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
    },
    (t) => [primaryKey({ name: 'report_rollups_pkey', columns: [t.clientId, t.bucketMs, t.numberKey, t.teamKey, t.agentKey] })],
  );

  /**
   * Histograms of resolved episodes' times, for p50/p90 (percentiles cannot be summed): `metric`
   * 'first_response' or 'resolution', `bin` from server/features/reports/timeBins.ts (exact below 32 s, then
   * 16 bins per doubling: each bin at most 1/16 of its lower edge wide). `total` is the sum of the
   * seconds in the bin, so a percentile is given as its bin's mean: exact when the bin holds one
   * distinct value, otherwise within the bin.
   */
  const reportTimeHistograms = table(
    'report_time_histograms',
    {
      ...dimensions(),
      metric: text().notNull(),
      bin: integer().notNull(),
      count: bigNumber().notNull().default(0),
      total: bigNumber().notNull().default(0),
    },
    (t) => [primaryKey({ name: 'report_time_histograms_pkey', columns: [t.clientId, t.bucketMs, t.numberKey, t.teamKey, t.agentKey, t.metric, t.bin] })],
  );

  return { reportRollups, reportTimeHistograms };
};

export type ReportsTables = ReturnType<typeof reportsTables>;
