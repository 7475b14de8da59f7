// Spend dashboard for a client with 1,000,000 gateway_usage_logs rows, on SQLite and PostgreSQL:
// how long generating the rows takes (the rollup triggers run on every insert), each chart's query
// through the real tRPC endpoint over HTTP, and "first paint": every query the dashboard fires when
// it opens, batched in parallel the way the renderer's client does, until all have answered.
// Also, for reference, the per-day chart summed straight from gateway_usage_logs (no rollups).
//
// The rows: 90 days ending now, 1 call every ~7.8 s; 50,000 conversations of 20 consecutive calls;
// 5 models over 3 providers; 15 % cached, 3 % fallbacks, 1 % failures; costs with 10 decimals.
import os from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { startTestServer } from '#server/testing/testServer.js';
import { createApiClient } from '../renderer/src/api/createApiClient.js';
import { describeMachine, percentile } from './machine.js';

const ROWS = Number(process.env.SPEND_BENCH_ROWS ?? 1_000_000);
const DAYS = 90;
const CHUNK = 100_000;
const RUNS = Number(process.env.SPEND_BENCH_RUNS ?? 20);
const kinds = (process.env.SPEND_BENCH_DATABASES ?? 'sqlite,pg').split(',') as DatabaseKind[];

console.log(describeMachine());
console.log(`spend dashboard: ${ROWS.toLocaleString('en')} usage rows over ${DAYS} days for one client; ${RUNS} timed runs per query (after 3 warm-up)`);

for (const kind of kinds) {
  const server = await startTestServer(kind);
  try {
    const client = await server.makeClient({ timezone: 'America/Sao_Paulo' });
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const { db } = server.app;
    const endMs = Date.now();
    const startMs = endMs - DAYS * 86_400_000;
    const conversations = Math.ceil(ROWS / 20);

    const started = performance.now();
    await db.tenant(client.id, (tx) =>
      db.exec(
        tx,
        kind === 'pg'
          ? sql`insert into conversations (id, client_id, phone, name)
          select gen_random_uuid(), ${client.id}, '55119' || lpad(g::text, 8, '0'), 'Cliente ' || g from generate_series(0, ${conversations - 1}) g`
          : sql`with recursive g(n) as (select 0 union all select n + 1 from g where n < ${conversations - 1})
          insert into conversations (id, client_id, phone, name)
          select lower(hex(randomblob(16))), ${client.id}, '55119' || printf('%08d', n), 'Cliente ' || n from g`,
      ),
    );
    for (let from = 0; from < ROWS; from += CHUNK) {
      const to = Math.min(ROWS, from + CHUNK) - 1;
      await db.tenant(client.id, (tx) =>
        db.exec(tx, kind === 'pg' ? pgRows(client.id, from, to, startMs, endMs) : sqliteRows(client.id, from, to, startMs, endMs)),
      );
    }
    const generation = performance.now() - started;
    // A million rows arrived in minutes; a live server gets them over weeks with autovacuum keeping
    // statistics and the visibility map current. This machine's PostgreSQL runs with autovacuum
    // off, so vacuum here what autovacuum would have (VACUUM cannot run inside db.system's
    // transaction: a plain connection). SQLite: statistics only.
    const sizes = kind === 'pg' ? await vacuumAnalyze((server.config.database as { url: string }).url) : '';
    if (kind === 'sqlite') await db.system((tx) => db.exec(tx, sql.raw('analyze')));
    const counts = await db.tenant(client.id, async (tx) => ({
      logs: (await db.rows<{ n: string }>(tx, sql`select cast(count(*) as text) as n from gateway_usage_logs where client_id = ${client.id}`))[0]!.n,
      rollups: (await db.rows<{ n: string }>(tx, sql`select cast(count(*) as text) as n from spend_rollups where client_id = ${client.id}`))[0]!.n,
      conversationRollups: (
        await db.rows<{ n: string }>(tx, sql`select cast(count(*) as text) as n from spend_conversation_rollups where client_id = ${client.id}`)
      )[0]!.n,
    }));
    console.log(
      `\n[${kind}] generated ${Number(counts.logs).toLocaleString('en')} usage rows in ${(generation / 1000).toFixed(1)} s ` +
        `(${Math.round(Number(counts.logs) / (generation / 1000)).toLocaleString('en')} rows/s with the rollup triggers); ` +
        `rollup rows: ${Number(counts.rollups).toLocaleString('en')} per-bucket, ${Number(counts.conversationRollups).toLocaleString('en')} per-conversation${sizes}`,
    );

    const api = createApiClient({ baseUrl: server.url, getToken: () => admin.token });
    const periods = {
      'last 30 days': { preset: 'last30' as const },
      'all 90 days (1M rows)': { from: localDate(startMs - 86_400_000), to: localDate(endMs) },
    };
    const charts = (period: (typeof periods)[keyof typeof periods]) => ({
      'budgets.get (use vs budget)': () => api.budgets.get.query(),
      'spend.summary (tiles)': () => api.spend.summary.query({ period }),
      'spend.perDay (spend, cache, fallbacks per day)': () => api.spend.perDay.query({ period }),
      'spend.byModel': () => api.spend.byModel.query({ period }),
      'spend.byProvider': () => api.spend.byProvider.query({ period }),
      'spend.cache (hit rate, savings)': () => api.spend.cache.query({ period }),
      'spend.fallbacks': () => api.spend.fallbacks.query({ period }),
      'spend.topConversations (10)': () => api.spend.topConversations.query({ period, limit: 10 }),
    });
    for (const [label, period] of Object.entries(periods)) {
      console.log(
        `  period: ${label} (load average ${os
          .loadavg()
          .map((value) => value.toFixed(1))
          .join(' ')})`,
      );
      const queries = charts(period);
      const check = await api.spend.summary.query({ period });
      console.log(`    (covers ${check.data.calls.toLocaleString('en')} calls, R$ ${Number(check.data.costBrl).toFixed(2)})`);
      for (const [name, run] of Object.entries(queries)) report(name, await time(run));
      report('first paint: all of the above in parallel (one batch)', await time(() => Promise.all(Object.values(queries).map((run) => run()))));
    }
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    const platformApi = createApiClient({ baseUrl: server.url, getToken: () => platform.token });
    console.log('  platform administrator');
    report('spend.clients (every client, last 30 days)', await time(() => platformApi.spend.clients.query({ period: { preset: 'last30' } })));

    // Reference: the per-day chart without rollups, straight from the million usage rows.
    const raw =
      kind === 'pg'
        ? sql`select date_trunc('day', created_at at time zone 'America/Sao_Paulo') as day, count(*), sum(cost_brl), sum(total_tokens)
          from gateway_usage_logs where client_id = ${client.id} and created_at >= to_timestamp(${startMs / 1000}) group by 1 order by 1`
        : sql`select date((created_at / 1000) - 10800, 'unixepoch') as day, count(*), sum(cost_brl), sum(total_tokens)
          from gateway_usage_logs where client_id = ${client.id} and created_at >= ${startMs} group by 1 order by 1`;
    report('reference: per day straight from gateway_usage_logs (no rollups)', await time(() => db.tenant(client.id, (tx) => db.rows(tx, raw)), 5));
  } finally {
    await server.dispose();
  }
}

function pgRows(clientId: string, from: number, to: number, startMs: number, endMs: number) {
  const step = (endMs - startMs) / ROWS;
  return sql`insert into gateway_usage_logs (id, client_id, conversation_id, request_id, provider, model_name, input_tokens, output_tokens,
      cached_tokens, total_tokens, latency_ms, was_cached, was_fallback, cost_usd, cost_brl, error_details, api_type, created_at)
    select gen_random_uuid(), ${clientId}, c.id, 'req-' || i, m.provider, m.model, m.input, m.output, case when i % 20 < 3 then m.input else 0 end,
      m.input + m.output, 200 + i % 900, i % 20 < 3, i % 100 < 3,
      case when i % 20 < 3 then 0 else round(m.input * m.in_price / 1000000 + m.output * m.out_price / 1000000, 10) end,
      case when i % 20 < 3 then 0 else round((m.input * m.in_price / 1000000 + m.output * m.out_price / 1000000) * 5.1, 10) end,
      case when i % 100 = 99 then '{"message":"provider down"}'::jsonb end, 'chat',
      to_timestamp((${startMs} + i * ${step}::numeric) / 1000)
    from generate_series(${from}::bigint, ${to}::bigint) i
    cross join lateral (select
      (array['openai','openai','groq','groq','anthropic'])[1 + i % 5] as provider,
      (array['gpt-4o-mini','gpt-4o','llama-3.1-8b-instant','llama-3.3-70b','claude-3-5-haiku'])[1 + i % 5] as model,
      (array[0.15,2.5,0.05,0.59,0.8])[1 + i % 5]::numeric as in_price,
      (array[0.6,10,0.08,0.79,4])[1 + i % 5]::numeric as out_price,
      (300 + (i * 7919) % 1700)::int as input, (40 + (i * 104729) % 400)::int as output) m
    left join conversations c on c.client_id = ${clientId} and c.phone = '55119' || lpad((i / 20)::text, 8, '0')`;
}

function sqliteRows(clientId: string, from: number, to: number, startMs: number, endMs: number) {
  const step = (endMs - startMs) / ROWS;
  return sql`with recursive g(i) as (select ${from} union all select i + 1 from g where i < ${to}),
    m as (select i, 300 + (i * 7919) % 1700 as input, 40 + (i * 104729) % 400 as output,
      case i % 5 when 0 then 'openai' when 1 then 'openai' when 2 then 'groq' when 3 then 'groq' else 'anthropic' end as provider,
      case i % 5 when 0 then 'gpt-4o-mini' when 1 then 'gpt-4o' when 2 then 'llama-3.1-8b-instant' when 3 then 'llama-3.3-70b' else 'claude-3-5-haiku' end as model,
      case i % 5 when 0 then 0.15 when 1 then 2.5 when 2 then 0.05 when 3 then 0.59 else 0.8 end as in_price,
      case i % 5 when 0 then 0.6 when 1 then 10 when 2 then 0.08 when 3 then 0.79 else 4 end as out_price from g)
    insert into gateway_usage_logs (id, client_id, conversation_id, request_id, provider, model_name, input_tokens, output_tokens,
      cached_tokens, total_tokens, latency_ms, was_cached, was_fallback, cost_usd, cost_brl, error_details, api_type, metadata, created_at)
    select lower(hex(randomblob(16))), ${clientId}, c.id, 'req-' || m.i, m.provider, m.model, m.input, m.output,
      case when m.i % 20 < 3 then m.input else 0 end, m.input + m.output, 200 + m.i % 900, m.i % 20 < 3, m.i % 100 < 3,
      case when m.i % 20 < 3 then '0' else printf('%.10f', m.input * m.in_price / 1000000 + m.output * m.out_price / 1000000) end,
      case when m.i % 20 < 3 then '0' else printf('%.10f', (m.input * m.in_price / 1000000 + m.output * m.out_price / 1000000) * 5.1) end,
      case when m.i % 100 = 99 then '{"message":"provider down"}' end, 'chat', '{}',
      cast(${startMs} + m.i * ${step} as integer)
    from m left join conversations c on c.client_id = ${clientId} and c.phone = '55119' || printf('%08d', m.i / 20)
    where true`;
}

/** Vacuums and analyses the tables the charts read; returns the rollup tables' sizes with their indexes (what a chart may have to read). */
async function vacuumAnalyze(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const table of ['gateway_usage_logs', 'spend_rollups', 'spend_conversation_rollups', 'conversations']) await client.query(`vacuum (analyze) ${table}`);
    const { rows } = await client.query<{ sizes: string }>(
      `select string_agg(relname || ' ' || pg_size_pretty(pg_total_relation_size(oid)), ', ' order by relname) as sizes from pg_class where relname in ('spend_rollups', 'spend_conversation_rollups')`,
    );
    return ` (${rows[0]!.sizes} with indexes)`;
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
    `    ${name.padEnd(58)} p50 ${percentile(times, 50).toFixed(1).padStart(7)} ms   p95 ${percentile(times, 95).toFixed(1).padStart(7)} ms   max ${Math.max(
      ...times,
    )
      .toFixed(1)
      .padStart(7)} ms`,
  );
}

function localDate(epochMs: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(epochMs));
}
