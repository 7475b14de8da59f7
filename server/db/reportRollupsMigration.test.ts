// The report-rollups migration (pg 0026 / sqlite 0020) on a database holding data from before it:
// the rollups are backfilled from the episodes, the conversations still open, the messages and the
// CSAT answers already stored, per client, so the reports read from them give the figures the
// source rows give. Both databases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as sqliteMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { migrate as pgMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, describe, expect, it } from 'vitest';
import type { AppContext } from '#server/app/appContext.js';
import { rawSummaryParts } from '#server/features/reports/rawReportQueries.js';
import { byAgent, reportSummary, summaryOf } from '#server/features/reports/reportQueries.js';
import { createTestTarget, DATABASE_KINDS } from '../testing/testDatabases.js';
import { openDatabase } from './openDatabase.js';
import { sqliteNativeBinding } from './sqliteNativeBinding.js';
import { migrationsBefore as copyMigrationsBefore } from '../testing/migrationsBefore.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-report-rollups-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const migrationsBefore = (kind: 'sqlite' | 'pg') => copyMigrationsBefore(dir, kind, '_report_rollups');

const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const U1 = '55555555-5555-4555-8555-555555555555';
const T1 = '66666666-6666-4666-8666-666666666666';
const V1 = '33333333-3333-4333-8333-333333333331';
const V2 = '33333333-3333-4333-8333-333333333332';
const V3 = '33333333-3333-4333-8333-333333333333';

/** The rows, with timestamps as each database stores them. */
function seed(kind: 'sqlite' | 'pg'): string {
  const at = (iso: string) => (kind === 'pg' ? `'${iso}'` : String(Date.parse(iso)));
  let id = 0;
  const uuid = () => `77777777-7777-4777-8777-${String(++id).padStart(12, '0')}`;
  const message = (conversation: string, client: string, time: string, direction: string, sentBy: string | null = null) =>
    `insert into messages (id, client_id, conversation_id, phone, direction, status, timestamp, sent_by) values ('${uuid()}', '${client}', '${conversation}', 'x', '${direction}', '${direction === 'incoming' ? 'received' : 'sent'}', ${at(time)}, ${sentBy ? `'${sentBy}'` : 'null'});`;
  return [
    `insert into clients (id, name, slug, meta_phone_number_id) values ('${C1}', 'Padaria', 'padaria', '1001');`,
    `insert into clients (id, name, slug) values ('${C2}', 'Oficina', 'oficina');`,
    `insert into users (id, email) values ('${U1}', 'ana@padaria.test');`,
    `insert into user_profiles (id, client_id, email) values ('${U1}', '${C1}', 'ana@padaria.test');`,
    `insert into teams (id, client_id, name) values ('${T1}', '${C1}', 'Vendas');`,
    `insert into conversations (id, client_id, phone, status, phone_number_id, team_id, opened_at) values ('${V1}', '${C1}', '5511999990001', 'resolved', '1001', '${T1}', ${at('2026-03-02T12:00:00Z')});`,
    `insert into conversations (id, client_id, phone, status, phone_number_id, assigned_to, opened_at, handed_off_at) values ('${V2}', '${C1}', '5511999990002', 'humano', '2002', '${U1}', ${at('2026-03-03T09:00:00Z')}, ${at('2026-03-03T09:05:00Z')});`,
    `insert into conversations (id, client_id, phone, status, opened_at) values ('${V3}', '${C2}', '5511999990003', 'bot', ${at('2026-03-03T10:00:00Z')});`,
    `insert into conversation_episodes (id, client_id, conversation_id, phone_number_id, team_id, agent_id, opened_at, handed_off_at, resolved_at, first_response_seconds, resolution_seconds) values ('${uuid()}', '${C1}', '${V1}', '1001', '${T1}', '${U1}', ${at('2026-03-02T12:00:00Z')}, ${at('2026-03-02T12:10:00Z')}, ${at('2026-03-02T13:00:00Z')}, 60, 3600);`,
    `insert into conversation_episodes (id, client_id, conversation_id, phone_number_id, opened_at, resolved_at, resolution_seconds) values ('${uuid()}', '${C1}', '${V1}', '1001', ${at('2026-03-01T12:00:00Z')}, ${at('2026-03-01T14:00:00Z')}, 7200);`,
    message(V1, C1, '2026-03-02T12:00:00Z', 'incoming'),
    message(V1, C1, '2026-03-02T12:01:00Z', 'outgoing'),
    message(V1, C1, '2026-03-02T12:11:00Z', 'outgoing', U1),
    message(V2, C1, '2026-03-03T09:00:00Z', 'incoming'),
    message(V3, C2, '2026-03-03T10:00:00Z', 'incoming'),
    `insert into csat_responses (id, client_id, conversation_id, phone_number_id, team_id, agent_id, rating, asked_at, rated_at) values ('${uuid()}', '${C1}', '${V1}', '1001', '${T1}', '${U1}', 4, ${at('2026-03-02T13:00:00Z')}, ${at('2026-03-02T13:10:00Z')});`,
    `insert into csat_responses (id, client_id, conversation_id, asked_at) values ('${uuid()}', '${C1}', '${V1}', ${at('2026-03-02T13:00:00Z')});`,
  ].join('\n');
}

const SEEDED_TABLES = ['clients', 'users', 'user_profiles', 'teams', 'conversations', 'conversation_episodes', 'messages', 'csat_responses'];
const period = { from: new Date('2026-03-01T00:00:00Z'), to: new Date('2026-03-04T00:00:00Z') };

describe.each(DATABASE_KINDS)('the report-rollups migration on %s', (kind) => {
  it('backfills the rollups from the rows already stored, per client', async () => {
    const { target, drop } = await createTestTarget(kind);
    try {
      if (target.kind === 'sqlite') {
        const old = new Database(target.file, { nativeBinding: sqliteNativeBinding() });
        old.pragma('foreign_keys = ON');
        sqliteVec.load(old);
        sqliteMigrate(sqliteDrizzle({ client: old }), { migrationsFolder: migrationsBefore('sqlite') });
        old.exec(seed('sqlite'));
        old.close();
      } else {
        const old = new pg.Client({ connectionString: target.url });
        await old.connect();
        try {
          await pgMigrate(pgDrizzle({ client: old }), { migrationsFolder: migrationsBefore('pg') });
          // The owner is subject to row-level security too (forced): lifted for the seed, as a data migration does.
          await old.query(SEEDED_TABLES.map((table) => `alter table ${table} no force row level security;`).join('\n'));
          await old.query(seed('pg'));
          await old.query(SEEDED_TABLES.map((table) => `alter table ${table} force row level security;`).join('\n'));
        } finally {
          await old.end();
        }
      }
      const db = await openDatabase(target);
      try {
        expect(db.migration.applied).toBe(db.migration.known);
        const app = { db } as AppContext;
        const [summary, fromSources, agents] = await db.tenant(C1, async (tx) => [
          await reportSummary(app, tx, C1, period),
          summaryOf(await rawSummaryParts(app, tx, C1, period)),
          await byAgent(app, tx, C1, period),
        ]);
        const other = await db.tenant(C2, (tx) => reportSummary(app, tx, C2, period));
        expect(summary).toEqual(fromSources);
        expect(summary).toEqual({
          opened: 3,
          resolved: 2,
          handedOff: 2,
          botContainment: 1 / 3,
          handoffRate: 2 / 3,
          firstResponseSeconds: { p50: 60, p90: 60 },
          resolutionSeconds: { p50: 3600, p90: 7200 },
          messagesSent: { byPeople: 1, byBot: 1 },
          csat: { answers: 1, average: 4, byRating: [0, 0, 0, 1, 0] },
        });
        expect(agents).toEqual([
          {
            agentId: U1,
            resolved: 1,
            averageFirstResponseSeconds: 60,
            averageResolutionSeconds: 3600,
            messagesSent: 1,
            csatAnswers: 1,
            csatAverage: 4,
          },
        ]);
        expect(other).toMatchObject({ opened: 1, resolved: 0, messagesSent: { byPeople: 0, byBot: 0 } });
        // The figures came from the rollups (the period is whole hours), which hold rows for both clients.
        const counted = await db.system((tx) =>
          db.rows<{ n: unknown }>(tx, sql`select count(distinct client_id) as n from report_rollups where opened + incoming + resolved > 0`),
        );
        expect(Number(counted[0]!.n)).toBe(2);
      } finally {
        await db.close();
      }
    } finally {
      await drop();
    }
  });
});
