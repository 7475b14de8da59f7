// The spend rollups' per-statement migration (pg 0025) on a database holding usage rows from before
// it: the rollup rows are the same afterwards (the tables are only rewritten without their dead
// space), the row-level trigger and the covering indexes are gone, and every later insert, update
// and delete, in batches, keeps the rollups equal to the usage rows they sum. SQLite has no such
// migration (its row triggers update in place): there the same writes are checked against the
// same invariant.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { migrate as pgMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestTarget, DATABASE_KINDS } from '../testing/testDatabases.js';
import { openDatabase, type Database } from './openDatabase.js';
import { migrationsBefore as copyMigrationsBefore } from '../testing/migrationsBefore.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-spend-rollups-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const pgMigrationsBefore = () => copyMigrationsBefore(dir, 'pg', '_spend_rollups_per_statement');

const C1 = '11111111-1111-4111-8111-111111111111';
const V1 = '33333333-3333-4333-8333-333333333331';
const V2 = '33333333-3333-4333-8333-333333333332';
const T0 = Date.parse('2026-03-20T10:00:00Z');

/** 60 calls over two hours, three models, two conversations and none, written by the old trigger (PostgreSQL). */
const pgSeed = `
  insert into clients (id, name, slug) values ('${C1}', 'Padaria', 'padaria');
  insert into conversations (id, client_id, phone, status) values ('${V1}', '${C1}', '5511999990001', 'bot'), ('${V2}', '${C1}', '5511999990002', 'bot');
  insert into gateway_usage_logs (id, client_id, conversation_id, request_id, provider, model_name, input_tokens, output_tokens, total_tokens,
    was_cached, was_fallback, cost_usd, cost_brl, error_details, created_at)
  select gen_random_uuid(), '${C1}', (array['${V1}', '${V2}', null])[1 + i % 3]::uuid, 'req-' || i, 'openai',
    (array['gpt-4o', 'gpt-4o-mini', 'o3'])[1 + (i / 7) % 3], 10 * i, i, 11 * i,
    i % 5 = 0, i % 7 = 0, round(i * 0.0000000123, 10), round(i * 0.0000000456, 10),
    case when i % 11 = 0 then '{"message":"down"}'::jsonb end, to_timestamp((${T0} + i * 120000) / 1000.0)
  from generate_series(0, 59) i;
  update gateway_usage_logs set cost_brl = cost_brl + 1 where request_id in ('req-1', 'req-2', 'req-3');
`;

type RollupRow = { bucket: string; key: string; sums: string };

/** The rollup rows (zero rows left by deletes dropped) and what they should be, summed from the usage rows. */
async function rollupsAndExpected(db: Database): Promise<{ actual: RollupRow[]; expected: RollupRow[]; conversations: string[][] }> {
  const bucket =
    db.kind === 'pg' ? sql.raw('(floor(extract(epoch from created_at) * 1000 / 900000) * 900000)::bigint') : sql.raw('(created_at / 900000) * 900000');
  const e10 = (column: string) =>
    db.kind === 'pg'
      ? sql.raw(`round(${column} * 10000000000)::bigint`)
      : sql.raw(
          `(cast(substr(${column}, 1, instr(${column} || '.', '.') - 1) as integer) * 10000000000 + cast(substr(substr(${column}, instr(${column} || '.', '.') + 1) || '0000000000', 1, 10) as integer))`,
        );
  return db.system(async (tx) => {
    const expected = await db.rows<RollupRow>(
      tx,
      sql`select cast(${bucket} as text) as bucket, provider || '/' || model_name || '/' || api_type as key,
        cast(count(*) as text) || ' ' || cast(sum(case when was_cached then 1 else 0 end) as text) || ' ' || cast(sum(case when was_fallback then 1 else 0 end) as text)
        || ' ' || cast(sum(case when error_details is not null then 1 else 0 end) as text) || ' ' || cast(sum(input_tokens) as text) || ' ' || cast(sum(output_tokens) as text)
        || ' ' || cast(sum(total_tokens) as text) || ' ' || cast(sum(${e10('cost_usd')}) as text) || ' ' || cast(sum(${e10('cost_brl')}) as text) as sums
        from gateway_usage_logs group by 1, 2 order by 1, 2`,
    );
    const actual = await db.rows<RollupRow>(
      tx,
      sql`select cast(bucket_ms as text) as bucket, provider || '/' || model_name || '/' || api_type as key,
        cast(calls as text) || ' ' || cast(cached_calls as text) || ' ' || cast(fallback_calls as text) || ' ' || cast(error_calls as text)
        || ' ' || cast(input_tokens as text) || ' ' || cast(output_tokens as text) || ' ' || cast(total_tokens as text)
        || ' ' || cast(cost_usd_e_10 as text) || ' ' || cast(cost_brl_e_10 as text) as sums
        from spend_rollups where calls <> 0 order by 1, 2`,
    );
    const byConversation = async (query: ReturnType<typeof sql>) => (await db.rows<{ line: string }>(tx, query)).map((row) => row.line);
    const conversations = [
      await byConversation(
        sql`select cast(${bucket} as text) || ' ' || conversation_id || ' ' || cast(count(*) as text) || ' ' || cast(sum(total_tokens) as text) || ' ' || cast(sum(${e10('cost_brl')}) as text) as line
        from gateway_usage_logs where conversation_id is not null group by ${bucket}, conversation_id order by 1`,
      ),
      await byConversation(
        sql`select cast(bucket_ms as text) || ' ' || conversation_id || ' ' || cast(calls as text) || ' ' || cast(total_tokens as text) || ' ' || cast(cost_brl_e_10 as text) as line
        from spend_conversation_rollups where calls <> 0 order by 1`,
      ),
    ];
    return { actual, expected, conversations };
  });
}

/** Batches through the current triggers: an insert of many calls in few buckets, updates that move and change calls, a delete. */
async function writeBatches(db: Database, clientId: string): Promise<void> {
  const { gatewayUsageLogs: logs } = db.t;
  await db.tenant(clientId, async (tx) => {
    await tx.insert(logs).values(
      Array.from({ length: 40 }, (_, index) => ({
        clientId,
        conversationId: index % 2 ? V1 : V2,
        requestId: `batch-${index}`,
        provider: 'groq',
        modelName: index % 4 ? 'llama' : 'mixtral',
        inputTokens: index,
        outputTokens: 3,
        totalTokens: index + 3,
        wasCached: index % 3 === 0,
        costUsd: `0.00000${String(index).padStart(5, '0')}`,
        costBrl: `0.0000${String(index * 7).padStart(6, '0')}`,
        createdAt: new Date(T0 + (index % 5) * 60_000),
      })),
    );
    await db.exec(tx, sql`update gateway_usage_logs set conversation_id = ${V2} where request_id like 'batch-1%'`);
  });
  await db.tenant(clientId, async (tx) => {
    const later = db.kind === 'pg' ? sql.raw(`created_at + interval '3 hours'`) : sql.raw('created_at + 10800000');
    await db.exec(tx, sql`update gateway_usage_logs set created_at = ${later}, model_name = 'o3-mini' where request_id like 'batch-2%'`);
    await db.exec(tx, sql`update gateway_usage_logs set latency_ms = 42 where client_id = ${clientId}`);
    await db.exec(tx, sql`delete from gateway_usage_logs where request_id like 'req-1%' or request_id like 'batch-3%'`);
  });
}

describe.each(DATABASE_KINDS)('the spend rollups per statement on %s', (kind) => {
  it('keeps the rollups of existing usage rows and sums later batches exactly', async () => {
    const { target, drop } = await createTestTarget(kind);
    try {
      if (target.kind === 'pg') {
        const old = new pg.Client({ connectionString: target.url });
        await old.connect();
        try {
          await pgMigrate(pgDrizzle({ client: old }), { migrationsFolder: pgMigrationsBefore() });
          // The owner is subject to row-level security too (forced): lifted for the seed, as a data migration does.
          const tables = ['clients', 'conversations', 'gateway_usage_logs', 'spend_rollups', 'spend_conversation_rollups'];
          await old.query(tables.map((table) => `alter table ${table} no force row level security`).join(';'));
          await old.query(pgSeed);
          await old.query(tables.map((table) => `alter table ${table} force row level security`).join(';'));
        } finally {
          await old.end();
        }
      }
      const db = await openDatabase(target);
      try {
        expect(db.migration.applied).toBe(db.migration.known);
        if (db.kind === 'sqlite') {
          await db.system(async (tx) => {
            await tx.insert(db.t.clients).values({ id: C1, name: 'Padaria', slug: 'padaria' });
            await tx.insert(db.t.conversations).values([
              { id: V1, clientId: C1, phone: '5511999990001' },
              { id: V2, clientId: C1, phone: '5511999990002' },
            ]);
          });
        }
        const before = await rollupsAndExpected(db);
        if (db.kind === 'pg') {
          expect(before.actual.length).toBeGreaterThan(10);
          const catalog = await db.system((tx) =>
            db.rows<{ name: string }>(
              tx,
              sql`select tgname as name from pg_trigger where tgrelid = 'gateway_usage_logs'::regclass and not tgisinternal
              union all select indexname from pg_indexes where indexname like 'spend%covering' order by 1`,
            ),
          );
          expect(catalog.map((row) => row.name)).toEqual([
            'gateway_usage_logs_spend_rollup_delete',
            'gateway_usage_logs_spend_rollup_insert',
            'gateway_usage_logs_spend_rollup_update',
          ]);
        }
        expect(before.actual).toEqual(before.expected);
        expect(before.conversations[1]).toEqual(before.conversations[0]);

        await writeBatches(db, C1);
        const after = await rollupsAndExpected(db);
        expect(after.actual.length).toBeGreaterThan(before.actual.length);
        expect(after.actual).toEqual(after.expected);
        expect(after.conversations[1]).toEqual(after.conversations[0]);
      } finally {
        await db.close();
      }
    } finally {
      await drop();
    }
  }, 120_000);
});
