// The reports' SQL: aggregates over conversation episodes (one row per resolved episode, written
// when it was resolved), the conversations still open (their current episode), messages and CSAT
// answers, each an index range on (client_id, <time>). Written once for both databases: the only
// dialect-specific piece is the hour bucket; percentiles are nearest-rank over a window function.
import { and, eq, gte, isNotNull, lt, sql, type SQL } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { byDialect } from '#server/db/dialect.js';
import type { Tx } from '#server/db/tables.js';
import type { ReportFilter } from './reportInput.js';

type Row = Record<string, unknown>;
const num = (value: unknown) => (value === null || value === undefined ? 0 : Number(value));
const numOrNull = (value: unknown) => (value === null || value === undefined ? null : Number(value));

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

/** p50 and p90 (nearest rank) of a column of seconds over the episodes resolved in the period. */
async function percentiles(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter, column: SQL): Promise<{ p50: number | null; p90: number | null }> {
  const { conversationEpisodes: e } = tables(app);
  const where = sql`${resolvedWhere(app, clientId, filter)} and ${column} is not null`;
  // Nearest rank: the smallest value whose rank reaches p·n. PostgreSQL's percentile_disc is exactly
  // that, in one pass over a sort (the window functions below cost it twice the time at 100k episodes).
  const [row] = await app.db.rows<Row>(
    tx,
    byDialect(app.db, {
      pg: () => sql`select percentile_disc(0.5) within group (order by ${column}) as p50, percentile_disc(0.9) within group (order by ${column}) as p90
        from ${e} where ${where}`,
      sqlite: () => sql`with d as (select ${column} as v from ${e} where ${where}),
        r as (select v, row_number() over (order by v) as rn, count(*) over () as n from d)
        select min(case when rn >= 0.5 * n then v end) as p50, min(case when rn >= 0.9 * n then v end) as p90 from r`,
    }),
  );
  return { p50: numOrNull(row?.p50), p90: numOrNull(row?.p90) };
}

export type ReportSummary = {
  opened: number;
  resolved: number;
  handedOff: number;
  /** Opened episodes no person had (the bot alone) / opened. */
  botContainment: number | null;
  handoffRate: number | null;
  firstResponseSeconds: { p50: number | null; p90: number | null };
  resolutionSeconds: { p50: number | null; p90: number | null };
  messagesSent: { byPeople: number; byBot: number };
  csat: { answers: number; average: number | null; byRating: number[] };
};

export async function reportSummary(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<ReportSummary> {
  const { conversationEpisodes: e } = tables(app);
  const [opened] = await app.db.rows<Row>(
    tx,
    sql`select count(*) as opened, coalesce(sum(case when handed_off_at is not null then 1 else 0 end), 0) as handed_off from (${openedSource(app, clientId, filter)}) o`,
  );
  const [resolved] = await app.db.rows<Row>(tx, sql`select count(*) as resolved from ${e} where ${resolvedWhere(app, clientId, filter)}`);
  const firstResponseSeconds = await percentiles(app, tx, clientId, filter, sql`${e.firstResponseSeconds}`);
  const resolutionSeconds = await percentiles(app, tx, clientId, filter, sql`${e.resolutionSeconds}`);
  const openedCount = num(opened?.opened);
  const handedOff = num(opened?.handed_off);
  return {
    opened: openedCount,
    resolved: num(resolved?.resolved),
    handedOff,
    botContainment: openedCount ? (openedCount - handedOff) / openedCount : null,
    handoffRate: openedCount ? handedOff / openedCount : null,
    firstResponseSeconds,
    resolutionSeconds,
    messagesSent: await messagesSent(app, tx, clientId, filter),
    csat: await csatFigures(app, tx, clientId, filter),
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

async function csatFigures(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter) {
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
  const answers = byRating.reduce((sum, count) => sum + count, 0);
  const average = answers ? byRating.reduce((sum, count, index) => sum + count * (index + 1), 0) / answers : null;
  return { answers, average, byRating };
}

/** The hour a timestamp column falls in, as epoch milliseconds (the buckets are turned into local days and hours in JS). */
function hourBucket(app: AppContext, column: SQL): SQL {
  return byDialect(app.db, {
    pg: () => sql`(floor(extract(epoch from ${column}) / 3600) * 3600000)::bigint`,
    sqlite: () => sql`((${column} / 3600000) * 3600000)`,
  });
}

/** Opened and resolved episodes per hour bucket (epoch ms). */
export async function hourlyOpenedResolved(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter) {
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
export async function hourlyIncoming(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter) {
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

export type AgentRow = {
  agentId: string;
  resolved: number;
  averageFirstResponseSeconds: number | null;
  averageResolutionSeconds: number | null;
  messagesSent: number;
  csatAnswers: number;
  csatAverage: number | null;
};

/** Per agent: episodes resolved, average times, messages sent, CSAT. */
export async function byAgent(app: AppContext, tx: Tx, clientId: string, filter: ReportFilter): Promise<AgentRow[]> {
  const { conversationEpisodes: e, messages: m, csatResponses: r, conversations: c } = tables(app);
  const episodes = await app.db.rows<Row>(
    tx,
    sql`select ${e.agentId} as agent_id, count(*) as resolved, avg(${e.firstResponseSeconds}) as first_response, avg(${e.resolutionSeconds}) as resolution
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
    sql`select ${r.agentId} as agent_id, count(*) as n, avg(${r.rating}) as average from ${r}
      where ${all([
        sql`${r.clientId} = ${clientId}`,
        sql`${r.rating} is not null`,
        sql`${r.agentId} is not null`,
        sql`${r.ratedAt} >= ${sql.param(filter.from, r.ratedAt)}`,
        sql`${r.ratedAt} < ${sql.param(filter.to, r.ratedAt)}`,
        ...scope(filter, { phone: r.phoneNumberId, team: r.teamId, agent: r.agentId }),
      ])} group by ${r.agentId}`,
  );
  const ids = new Set([...episodes, ...sent, ...csat].map((row) => String(row.agent_id)));
  const find = (rows: Row[], id: string) => rows.find((row) => String(row.agent_id) === id);
  return [...ids].sort().map((agentId) => {
    const episode = find(episodes, agentId);
    const csatRow = find(csat, agentId);
    return {
      agentId,
      resolved: num(episode?.resolved),
      averageFirstResponseSeconds: numOrNull(episode?.first_response),
      averageResolutionSeconds: numOrNull(episode?.resolution),
      messagesSent: num(find(sent, agentId)?.n),
      csatAnswers: num(csatRow?.n),
      csatAverage: numOrNull(csatRow?.average),
    };
  });
}
