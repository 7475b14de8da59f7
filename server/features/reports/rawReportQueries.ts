// The reports' SQL over the source rows: episodes (one row per resolved episode, written when it
// was resolved), the conversations still open (their current episode), messages and CSAT answers,
// each an index range on (client_id, <time>). The rollups answer the whole hours of a period
// (rollupQueries.ts); these answer its ragged ends (reportWindow.ts), and are what the rollups are
// checked against in the tests. Written once for both databases: the only dialect-specific piece is
// the hour bucket.
import { and, eq, gte, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { byDialect } from '#server/db/dialect.js';
import type { Tx } from '#server/db/tables.js';
import type { ReportFilter } from './reportInput.js';
import { emptyAgent, type AgentParts, type SummaryParts } from './reportParts.js';
import { addToHistogram, timeBin, type Histogram } from './timeBins.js';

type Row = Record<string, unknown>;
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));

function tables(app: AppContext) {
  return app.db.t;
}

/** Filters on an episode-like source's columns. */
function scope(filter: ReportFilter, columns: { phone: SQL | unknown; team: unknown; agent: unknown }): SQL[] {
  const parts: SQL[] = [];
  if (filter.phoneNumberId) parts.push(sql`${columns.phone} = ${filter.phoneNumberId}`);
  if (filter.teamId) parts.push(sql`${columns.team} = ${filter.teamId}`);
  if (filter.agentId) parts.push(sql`${columns.agent} = ${filter.agentId}`);
  return parts;
}

const all = (parts: SQL[]) => (parts.length ? sql.join(parts, sql` and `) : sql`1 = 1`);

/** Episodes opened in the period: resolved ones, and the conversations whose current episode is still open. */
function openedSource(app: AppContext, clientId: string, filter: ReportFilter): SQL {
  const { conversationEpisodes: e, conversations: c } = tables(app);
  const closed = all([
    sql`${e.clientId} = ${clientId}`,
    sql`${e.openedAt} >= ${sql.param(filter.from, e.openedAt)}`,
    sql`${e.openedAt} < ${sql.param(filter.to, e.openedAt)}`,
    ...scope(filter, { phone: e.phoneNumberId, team: e.teamId, agent: e.agentId }),
  ]);
  const open = all([
    sql`${c.clientId} = ${clientId}`,
    sql`${c.status} <> 'resolved'`,
    sql`${c.openedAt} >= ${sql.param(filter.from, c.openedAt)}`,
    sql`${c.openedAt} < ${sql.param(filter.to, c.openedAt)}`,
    ...scope(filter, { phone: c.phoneNumberId, team: c.teamId, agent: c.assignedTo }),
  ]);
  return sql`select ${e.openedAt} as opened_at, ${e.handedOffAt} as handed_off_at from ${e} where ${closed}
    union all
    select ${c.openedAt} as opened_at, ${c.handedOffAt} as handed_off_at from ${c} where ${open}`;
}

function resolvedWhere(app: AppContext, clientId: string, filter: ReportFilter): SQL {
  const { conversationEpisodes: e } = tables(app);
  return all([
    sql`${e.clientId} = ${clientId}`,
    sql`${e.resolvedAt} >= ${sql.param(filter.from, e.resolvedAt)}`,
    sql`${e.resolvedAt} < ${sql.param(filter.to, e.resolvedAt)}`,
    ...scope(filter, { phone: e.phoneNumberId, team: e.teamId, agent: e.agentId }),
  ]);
}

/** The values of a column of seconds over the episodes resolved in the period, as histogram bins. */
async function histogram(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter, column: SQL): Promise<Histogram> {
  const { conversationEpisodes: e } = tables(app);
  const rows = await app.db.rows<Row>(
    tx,
    sql`select ${column} as v, count(*) as n from ${e} where ${resolvedWhere(app, clientId, filter)} and ${column} is not null group by ${column}`,
  );
  const bins: Histogram = new Map();
  for (const row of rows) addToHistogram(bins, timeBin(num(row.v)), num(row.n), num(row.v) * num(row.n));
  return bins;
}

/** The summary's counts over the source rows of the period. */
export async function rawSummaryParts(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<SummaryParts> {
  const { conversationEpisodes: e } = tables(app);
  const [opened] = await app.db.rows<Row>(
    tx,
    sql`select count(*) as opened, coalesce(sum(case when handed_off_at is not null then 1 else 0 end), 0) as handed_off from (${openedSource(app, clientId, filter)}) o`,
  );
  const [resolved] = await app.db.rows<Row>(tx, sql`select count(*) as resolved from ${e} where ${resolvedWhere(app, clientId, filter)}`);
  const sent = await messagesSent(app, tx, clientId, filter);
  return {
    opened: num(opened?.opened),
    handedOff: num(opened?.handed_off),
    resolved: num(resolved?.resolved),
    sentByPeople: sent.byPeople,
    sentByBot: sent.byBot,
    csat: await csatByRating(app, tx, clientId, filter),
    firstResponse: await histogram(app, tx, clientId, filter, sql`${e.firstResponseSeconds}`),
    resolution: await histogram(app, tx, clientId, filter, sql`${e.resolutionSeconds}`),
  };
}

async function messagesSent(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter) {
  const { messages: m, conversations: c } = tables(app);
  const where = [
    eq(m.clientId, clientId),
    eq(m.direction, 'outgoing'),
    gte(m.timestamp, filter.from),
    lt(m.timestamp, filter.to),
    ...(filter.agentId ? [eq(m.sentBy, filter.agentId)] : []),
  ];
  const needsConversation = filter.phoneNumberId || filter.teamId;
  const query = tx
    .select({
      byPeople: sql<unknown>`coalesce(sum(case when ${m.sentBy} is not null then 1 else 0 end), 0)`,
      byBot: sql<unknown>`coalesce(sum(case when ${m.sentBy} is null then 1 else 0 end), 0)`,
    })
    .from(m);
  const [row] = needsConversation
    ? await query
        .innerJoin(c, and(eq(c.id, m.conversationId), eq(c.clientId, clientId)))
        .where(
          and(...where, ...(filter.phoneNumberId ? [eq(c.phoneNumberId, filter.phoneNumberId)] : []), ...(filter.teamId ? [eq(c.teamId, filter.teamId)] : [])),
        )
    : await query.where(and(...where));
  return { byPeople: num(row?.byPeople), byBot: num(row?.byBot) };
}

async function csatByRating(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<number[]> {
  const { csatResponses: r } = tables(app);
  const rows = await tx
    .select({ rating: r.rating, answers: sql<unknown>`count(*)` })
    .from(r)
    .where(
      and(
        eq(r.clientId, clientId),
        isNotNull(r.rating),
        gte(r.ratedAt, filter.from),
        lt(r.ratedAt, filter.to),
        ...(filter.phoneNumberId ? [eq(r.phoneNumberId, filter.phoneNumberId)] : []),
        ...(filter.teamId ? [eq(r.teamId, filter.teamId)] : []),
        ...(filter.agentId ? [eq(r.agentId, filter.agentId)] : []),
      ),
    )
    .groupBy(r.rating);
  const byRating = [0, 0, 0, 0, 0];
  for (const row of rows) if (row.rating) byRating[row.rating - 1] = num(row.answers);
  return byRating;
}

/** The hour a timestamp column falls in, as epoch milliseconds (the buckets are turned into local days and hours in JS). */
function hourBucket(app: AppContext, column: SQL): SQL {
  return byDialect(app.db, {
    pg: () => sql`(floor(extract(epoch from ${column}) / 3600) * 3600000)::bigint`,
    sqlite: () => sql`((${column} / 3600000) * 3600000)`,
  });
}

/** Opened and resolved episodes per hour bucket (epoch ms). */
export async function rawHourlyOpenedResolved(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter) {
  const { conversationEpisodes: e } = tables(app);
  const opened = await app.db.rows<Row>(
    tx,
    sql`select ${hourBucket(app, sql`opened_at`)} as bucket, count(*) as n from (${openedSource(app, clientId, filter)}) o group by 1`,
  );
  const resolved = await app.db.rows<Row>(
    tx,
    sql`select ${hourBucket(app, sql`${e.resolvedAt}`)} as bucket, count(*) as n from ${e} where ${resolvedWhere(app, clientId, filter)} group by 1`,
  );
  const toPairs = (rows: Row[]) => rows.map((row) => ({ bucketMs: num(row.bucket), count: num(row.n) }));
  return { opened: toPairs(opened), resolved: toPairs(resolved) };
}

/** Customers' messages per hour bucket (the busiest-hours heatmap), on the number or team asked for. */
export async function rawHourlyIncoming(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter) {
  const { messages: m, conversations: c } = tables(app);
  const byConversation = filter.phoneNumberId || filter.teamId;
  const where = all([
    sql`${m.clientId} = ${clientId}`,
    sql`${m.direction} = 'incoming'`,
    sql`${m.timestamp} >= ${sql.param(filter.from, m.timestamp)}`,
    sql`${m.timestamp} < ${sql.param(filter.to, m.timestamp)}`,
    ...(filter.phoneNumberId ? [sql`${c.phoneNumberId} = ${filter.phoneNumberId}`] : []),
    ...(filter.teamId ? [sql`${c.teamId} = ${filter.teamId}`] : []),
  ]);
  const join = byConversation ? sql`join ${c} on ${c.id} = ${m.conversationId} and ${c.clientId} = ${clientId}` : sql``;
  const rows = await app.db.rows<Row>(
    tx,
    sql`select ${hourBucket(app, sql`${m.timestamp}`)} as bucket, count(*) as n from ${m} ${join} where ${where} group by 1`,
  );
  return rows.map((row) => ({ bucketMs: num(row.bucket), count: num(row.n) }));
}

/** Per agent: episodes resolved with their time sums, messages sent, CSAT answers. */
export async function rawAgentParts(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<Map<string, AgentParts>> {
  const { conversationEpisodes: e, messages: m, csatResponses: r, conversations: c } = tables(app);
  const episodes = await app.db.rows<Row>(
    tx,
    sql`select ${e.agentId} as agent_id, count(*) as resolved, count(${e.firstResponseSeconds}) as first_response_count,
        coalesce(sum(${e.firstResponseSeconds}), 0) as first_response_sum, coalesce(sum(${e.resolutionSeconds}), 0) as resolution_sum
      from ${e} where ${resolvedWhere(app, clientId, filter)} and ${e.agentId} is not null group by ${e.agentId}`,
  );
  const byConversation = filter.phoneNumberId || filter.teamId;
  const sent = await app.db.rows<Row>(
    tx,
    sql`select ${m.sentBy} as agent_id, count(*) as n from ${m} ${byConversation ? sql`join ${c} on ${c.id} = ${m.conversationId} and ${c.clientId} = ${clientId}` : sql``}
      where ${all([
        sql`${m.clientId} = ${clientId}`,
        sql`${m.direction} = 'outgoing'`,
        sql`${m.sentBy} is not null`,
        sql`${m.timestamp} >= ${sql.param(filter.from, m.timestamp)}`,
        sql`${m.timestamp} < ${sql.param(filter.to, m.timestamp)}`,
        ...(filter.agentId ? [sql`${m.sentBy} = ${filter.agentId}`] : []),
        ...(filter.phoneNumberId ? [sql`${c.phoneNumberId} = ${filter.phoneNumberId}`] : []),
        ...(filter.teamId ? [sql`${c.teamId} = ${filter.teamId}`] : []),
      ])} group by ${m.sentBy}`,
  );
  const csat = await app.db.rows<Row>(
    tx,
    sql`select ${r.agentId} as agent_id, ${r.rating} as rating, count(*) as n from ${r}
      where ${all([
        sql`${r.clientId} = ${clientId}`,
        sql`${r.rating} is not null`,
        sql`${r.agentId} is not null`,
        sql`${r.ratedAt} >= ${sql.param(filter.from, r.ratedAt)}`,
        sql`${r.ratedAt} < ${sql.param(filter.to, r.ratedAt)}`,
        ...scope(filter, { phone: r.phoneNumberId, team: r.teamId, agent: r.agentId }),
      ])} group by ${r.agentId}, ${r.rating}`,
  );
  const agents = new Map<string, AgentParts>();
  const of = (row: Row) => {
    const agentId = String(row.agent_id);
    const figures = agents.get(agentId) ?? emptyAgent();
    agents.set(agentId, figures);
    return figures;
  };
  for (const row of episodes) {
    const figures = of(row);
    figures.resolved += num(row.resolved);
    figures.firstResponseCount += num(row.first_response_count);
    figures.firstResponseSum += num(row.first_response_sum);
    figures.resolutionSum += num(row.resolution_sum);
  }
  for (const row of sent) of(row).sentByPeople += num(row.n);
  for (const row of csat) of(row).csat[num(row.rating) - 1]! += num(row.n);
  return agents;
}
