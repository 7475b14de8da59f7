// Team reports over 100,000 conversations and 1,000,000 messages for one client, on SQLite and
// PostgreSQL: each chart's query (reports.*) through the real tRPC endpoint over HTTP, p50/p95,
// for the whole 90 days and the last 30, unfiltered and filtered by number, by team and by agent. The
// rows are inserted by SQL, so the report rollups' triggers write their deltas as they go in (folded
// before the charts are timed, as the background fold keeps them in steady traffic).
// Smoke it small: TEAM_REPORTS_CONVERSATIONS=2000 npm run bench teamReports
//
// The rows: 90 days ending now; every conversation resolved once (an episode) on one of 2 numbers
// and 2 teams, by one of 4 agents (a fifth of them by the bot alone); 10 messages each (4 from the
// customer, 2 by an agent, 4 by the bot); a CSAT answer for one in five.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { foldRollupDeltas } from '#server/features/reports/index.js';
import { startTestServer } from '#server/testing/testServer.js';
import { createApiClient } from '../renderer/src/api/createApiClient.js';
import { describeMachine, percentile } from './machine.js';

const CONVERSATIONS = Number(process.env.TEAM_REPORTS_CONVERSATIONS ?? 100_000);
const MESSAGES_EACH = 10;
const DAYS = 90;
const CHUNK = 20_000;
const RUNS = Number(process.env.TEAM_REPORTS_RUNS ?? 20);
const kinds = (process.env.TEAM_REPORTS_DATABASES ?? 'sqlite,pg').split(',') as DatabaseKind[];

console.log(describeMachine());
console.log(
  `team reports: ${CONVERSATIONS.toLocaleString('en')} conversations, ${(CONVERSATIONS * MESSAGES_EACH).toLocaleString('en')} messages over ${DAYS} days; ${RUNS} timed runs per query (after 3 warm-up)`,
);

for (const kind of kinds) {
  const server = await startTestServer(kind);
  try {
    const client = await server.makeClient({ timezone: 'America/Sao_Paulo' });
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const agents = [];
    for (let index = 0; index < 4; index++) agents.push(await server.signIn({ clientId: client.id, role: 'agent' }));
    const teams = [await admin.caller.teams.create({ name: 'Vendas' }), await admin.caller.teams.create({ name: 'Suporte' })];
    const numbers = [client.phoneNumberId, '2000001'];
    const { db } = server.app;
    const endMs = Date.now();
    const startMs = endMs - DAYS * 86_400_000;
    const step = Math.floor((endMs - startMs) / CONVERSATIONS);
    const shape = { clientId: client.id, startMs, step, agents: agents.map((agent) => agent.userId), teams: teams.map((team) => team.id), numbers };

    const started = performance.now();
    for (let from = 0; from < CONVERSATIONS; from += CHUNK) {
      const to = Math.min(CONVERSATIONS, from + CHUNK) - 1;
      for (const statement of kind === 'pg' ? pgRows(shape, from, to) : sqliteRows(shape, from, to)) await db.tenant(client.id, (tx) => db.exec(tx, statement));
    }
    const generation = performance.now() - started;
    // The triggers wrote deltas as the rows went in; the background fold keeps up with live traffic
    // (every few seconds), here the backlog is folded at once and timed.
    const folding = performance.now();
    let folded = 0;
    for (let pass = await foldRollupDeltas(server.app); pass.folded > 0; pass = await foldRollupDeltas(server.app)) folded += pass.folded;
    console.log(`\n[${kind}] folded ${folded.toLocaleString('en')} rollup deltas in ${((performance.now() - folding) / 1000).toFixed(1)} s`);
    if (kind === 'pg') await vacuumAnalyze((server.config.database as { url: string }).url);
    else await db.system((tx) => db.exec(tx, sql.raw('analyze')));
    console.log(`\n[${kind}] generated the rows in ${(generation / 1000).toFixed(1)} s`);

    const api = createApiClient({ baseUrl: server.url, getToken: () => admin.token });
    const iso = (ms: number) => new Date(ms).toISOString();
    const periods = {
      'all 90 days': { from: iso(startMs - 86_400_000), to: iso(endMs + 60_000) },
      'last 30 days': { from: iso(endMs - 30 * 86_400_000), to: iso(endMs + 60_000) },
      'all 90 days, one number': { from: iso(startMs - 86_400_000), to: iso(endMs + 60_000), phoneNumberId: numbers[1]! },
      'all 90 days, one team': { from: iso(startMs - 86_400_000), to: iso(endMs + 60_000), teamId: teams[0]!.id },
      'all 90 days, one agent': { from: iso(startMs - 86_400_000), to: iso(endMs + 60_000), agentId: agents[0]!.userId },
    };
    for (const [label, period] of Object.entries(periods)) {
      console.log(
        `  period: ${label} (load average ${os
          .loadavg()
          .map((value) => value.toFixed(1))
          .join(' ')})`,
      );
      const check = await api.reports.summary.query(period);
      console.log(
        `    (covers ${check.opened.toLocaleString('en')} opened, ${check.resolved.toLocaleString('en')} resolved, ${check.csat.answers.toLocaleString('en')} CSAT answers)`,
      );
      const charts = {
        'reports.summary (tiles, p50/p90, CSAT)': () => api.reports.summary.query(period),
        'reports.perDay (opened/resolved per day)': () => api.reports.perDay.query(period),
        'reports.heatmap (busiest hours)': () => api.reports.heatmap.query(period),
        'reports.byAgent': () => api.reports.byAgent.query(period),
        'reports.csv (export)': () => api.reports.csv.query(period),
      };
      for (const [name, run] of Object.entries(charts)) report(name, await time(run));
    }
  } finally {
    await server.dispose();
  }
}

type Shape = { clientId: string; startMs: number; step: number; agents: string[]; teams: string[]; numbers: string[] };

function list(values: string[]) {
  return sql.raw(values.map((value) => `'${value.replace(/'/g, "''")}'`).join(','));
}

function pgRows(shape: Shape, from: number, to: number) {
  const { clientId, startMs, step } = shape;
  return [
    sql`insert into conversations (id, client_id, phone, status, phone_number_id, team_id, opened_at, handed_off_at, last_update)
      select gen_random_uuid(), ${clientId}, '55119' || lpad(g::text, 8, '0'), 'resolved', (array[${list(shape.numbers)}])[1 + g % 2],
        ((array[${list(shape.teams)}])[1 + g % 2])::uuid, to_timestamp((${startMs}::bigint + g * ${step}::bigint) / 1000.0),
        case when g % 5 <> 0 then to_timestamp((${startMs}::bigint + g * ${step}::bigint + 60000) / 1000.0) end, now()
      from generate_series(${from}::bigint, ${to}::bigint) g`,
    sql`insert into conversation_episodes (id, client_id, conversation_id, phone_number_id, team_id, agent_id, opened_at, handed_off_at, resolved_at, first_response_seconds, resolution_seconds)
      select gen_random_uuid(), c.client_id, c.id, c.phone_number_id, c.team_id,
        case when n % 5 <> 0 then ((array[${list(shape.agents)}])[1 + n % 4])::uuid end, c.opened_at, c.handed_off_at,
        c.opened_at + ((600 + n % 7200) || ' seconds')::interval, case when n % 5 <> 0 then 20 + (n * 7919) % 900 end, 600 + n % 7200
      from (select c.*, substring(c.phone from 6)::bigint as n from conversations c where c.client_id = ${clientId}
        and substring(c.phone from 6)::bigint between ${from} and ${to}) c`,
    sql`insert into messages (id, client_id, conversation_id, phone, direction, status, timestamp, sent_by)
      select gen_random_uuid(), c.client_id, c.id, c.phone, case when k % 10 < 4 then 'incoming' else 'outgoing' end,
        case when k % 10 < 4 then 'received' else 'sent' end, c.opened_at + (k || ' minutes')::interval,
        case when k in (5, 6) and n % 5 <> 0 then ((array[${list(shape.agents)}])[1 + n % 4])::uuid end
      from (select c.*, substring(c.phone from 6)::bigint as n from conversations c where c.client_id = ${clientId}
        and substring(c.phone from 6)::bigint between ${from} and ${to}) c cross join generate_series(0, ${MESSAGES_EACH - 1}) k`,
    sql`insert into csat_responses (id, client_id, conversation_id, phone_number_id, team_id, agent_id, rating, asked_at, rated_at)
      select gen_random_uuid(), e.client_id, e.conversation_id, e.phone_number_id, e.team_id, e.agent_id, 1 + (e.first_response_seconds % 5), e.resolved_at, e.resolved_at + interval '2 minutes'
      from conversation_episodes e join conversations c on c.id = e.conversation_id
      where e.client_id = ${clientId} and e.agent_id is not null and substring(c.phone from 6)::bigint between ${from} and ${to} and substring(c.phone from 6)::bigint % 5 = 1`,
  ];
}

function sqliteRows(shape: Shape, from: number, to: number) {
  const { clientId, startMs, step } = shape;
  const pick = (values: string[], index: string) => sql.raw(`case ${index} ${values.map((value, at) => `when ${at} then '${value}'`).join(' ')} end`);
  const uuid = sql.raw(
    `lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || substr(hex(randomblob(2)), 2) || '-8' || substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))`,
  );
  const numbered = sql`(select c.*, cast(substr(c.phone, 6) as integer) as n from conversations c where c.client_id = ${clientId}
    and cast(substr(c.phone, 6) as integer) between ${from} and ${to})`;
  return [
    sql`with recursive g(n) as (select ${from} union all select n + 1 from g where n < ${to})
      insert into conversations (id, client_id, phone, status, phone_number_id, team_id, opened_at, handed_off_at, last_update)
      select ${uuid}, ${clientId}, '55119' || printf('%08d', n), 'resolved', ${pick(shape.numbers, 'n % 2')}, ${pick(shape.teams, 'n % 2')},
        ${startMs} + n * ${step}, case when n % 5 <> 0 then ${startMs} + n * ${step} + 60000 end, ${startMs}
      from g`,
    sql`insert into conversation_episodes (id, client_id, conversation_id, phone_number_id, team_id, agent_id, opened_at, handed_off_at, resolved_at, first_response_seconds, resolution_seconds, created_at)
      select ${uuid}, c.client_id, c.id, c.phone_number_id, c.team_id, case when n % 5 <> 0 then ${pick(shape.agents, 'n % 4')} end,
        c.opened_at, c.handed_off_at, c.opened_at + (600 + n % 7200) * 1000, case when n % 5 <> 0 then 20 + (n * 7919) % 900 end, 600 + n % 7200, ${startMs}
      from ${numbered} c`,
    sql`with recursive k(k) as (select 0 union all select k + 1 from k where k < ${MESSAGES_EACH - 1})
      insert into messages (id, client_id, conversation_id, phone, direction, status, timestamp, sent_by, metadata, type, send_attempts)
      select ${uuid}, c.client_id, c.id, c.phone, case when k % 10 < 4 then 'incoming' else 'outgoing' end,
        case when k % 10 < 4 then 'received' else 'sent' end, c.opened_at + k * 60000,
        case when k in (5, 6) and n % 5 <> 0 then ${pick(shape.agents, 'n % 4')} end, '{}', 'text', 0
      from ${numbered} c cross join k`,
    sql`insert into csat_responses (id, client_id, conversation_id, phone_number_id, team_id, agent_id, rating, asked_at, rated_at)
      select ${uuid}, e.client_id, e.conversation_id, e.phone_number_id, e.team_id, e.agent_id, 1 + (e.first_response_seconds % 5), e.resolved_at, e.resolved_at + 120000
      from conversation_episodes e join ${numbered} c on c.id = e.conversation_id
      where e.client_id = ${clientId} and e.agent_id is not null and c.n % 5 = 1`,
  ];
}

async function vacuumAnalyze(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of [
      'conversations',
      'conversation_episodes',
      'messages',
      'csat_responses',
      'report_rollups',
      'report_time_histograms',
      'report_rollup_deltas',
      'report_time_histogram_deltas',
    ])
      await client.query(`vacuum (analyze) ${table}`);
  } finally {
    await client.end();
  }
}

async function time(run: () => Promise<unknown>, runs = RUNS): Promise<number[]> {
  for (let index = 0; index < 3; index++) await run();
  const times: number[] = [];
  for (let index = 0; index < runs; index++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

function report(name: string, times: number[]) {
  console.log(
    `    ${name.padEnd(48)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   max ${Math.max(
      ...times,
    )
      .toFixed(1)
      .padStart(7)} ms`,
  );
}
