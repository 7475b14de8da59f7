// The team operations migration (pg 0019 / sqlite 0015) on a database holding data from before it:
// every client's main Meta number and sandbox number become whatsapp_numbers rows, conversations
// waiting for a person get their queue time, and every conversation's current episode begins when
// it was created (people had it if they have it now). Both databases.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle as sqliteDrizzle } from 'drizzle-orm/better-sqlite3';
import { migrate as sqliteMigrate } from 'drizzle-orm/better-sqlite3/migrator';
import { drizzle as pgDrizzle } from 'drizzle-orm/node-postgres';
import { migrate as pgMigrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestTarget, DATABASE_KINDS } from '../testing/testDatabases.js';
import { openDatabase } from './openDatabase.js';
import { sqliteNativeBinding } from './sqliteNativeBinding.js';
import { migrationsBefore as copyMigrationsBefore } from '../testing/migrationsBefore.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-teams-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const migrationsBefore = (kind: 'sqlite' | 'pg') => copyMigrationsBefore(dir, kind, '_team_operations');

const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const V1 = '33333333-3333-4333-8333-333333333331';
const V2 = '33333333-3333-4333-8333-333333333332';
const V3 = '33333333-3333-4333-8333-333333333333';
const U1 = '44444444-4444-4444-8444-444444444444';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const seed = (t: (iso: string) => string) => `
  insert into clients (id, name, slug, meta_phone_number_id, meta_display_phone, meta_verified_name, meta_waba_id, sandbox_phone_number_id)
    values ('${C1}', 'Padaria', 'padaria', '1001', '+55 11 4000-0001', 'Padaria Pão Quente', '9001', 'sandbox-aaa');
  insert into clients (id, name, slug, sandbox_phone_number_id) values ('${C2}', 'Oficina', 'oficina', 'sandbox-bbb');
  insert into conversations (id, client_id, phone, status, created_at, last_update) values ('${V1}', '${C1}', '5511999990001', 'transferido', ${t('2026-01-05T10:00:00Z')}, ${t('2026-01-06T10:00:00Z')});
  insert into conversations (id, client_id, phone, status, assigned_to, created_at, last_update) values ('${V2}', '${C1}', '5511999990002', 'humano', '${U1}', ${t('2026-01-07T10:00:00Z')}, ${t('2026-01-08T10:00:00Z')});
  insert into conversations (id, client_id, phone, status, created_at, last_update) values ('${V3}', '${C2}', '5511999990003', 'bot', ${t('2026-01-09T10:00:00Z')}, ${t('2026-01-09T11:00:00Z')});
`;

type NumberRow = {
  client_id: string;
  phone_number_id: string;
  kind: string;
  display_name: string;
  display_phone: string | null;
  waba_id: string | null;
  id: string;
};
type ConversationRow = { id: string; queued_at: unknown; opened_at: unknown; handed_off_at: unknown };

describe.each(DATABASE_KINDS)('the team operations migration on %s', (kind) => {
  it('makes rows of existing numbers and gives existing conversations their queue and episode times', async () => {
    const { target, drop } = await createTestTarget(kind);
    try {
      let numbers: NumberRow[];
      let conversations: ConversationRow[];
      const ms = (value: unknown) => (value === null ? null : value instanceof Date ? value.getTime() : Number(value));
      if (target.kind === 'sqlite') {
        const old = new Database(target.file, { nativeBinding: sqliteNativeBinding() });
        old.pragma('foreign_keys = ON');
        sqliteVec.load(old);
        sqliteMigrate(sqliteDrizzle({ client: old }), { migrationsFolder: migrationsBefore('sqlite') });
        old.exec(seed((iso) => String(Date.parse(iso))));
        old.close();
        const db = await openDatabase(target);
        expect(db.migration.applied).toBe(db.migration.known);
        await db.close();
        const migrated = new Database(target.file, { nativeBinding: sqliteNativeBinding() });
        numbers = migrated.prepare('select * from whatsapp_numbers order by phone_number_id').all() as NumberRow[];
        conversations = migrated.prepare('select id, queued_at, opened_at, handed_off_at from conversations order by id').all() as ConversationRow[];
        migrated.close();
      } else {
        const old = new pg.Client({ connectionString: target.url });
        await old.connect();
        try {
          await pgMigrate(pgDrizzle({ client: old }), { migrationsFolder: migrationsBefore('pg') });
          // The owner is subject to row-level security too (forced): lifted for the seed, as a data migration does.
          await old.query('alter table clients no force row level security; alter table conversations no force row level security');
          await old.query(seed((iso) => `'${iso}'`));
          await old.query('alter table clients force row level security; alter table conversations force row level security');
        } finally {
          await old.end();
        }
        const db = await openDatabase(target);
        expect(db.migration.applied).toBe(db.migration.known);
        await db.close();
        const migrated = new pg.Client({ connectionString: target.url });
        await migrated.connect();
        try {
          // Read as the owner, past the forced row-level security (a throwaway database).
          await migrated.query('alter table whatsapp_numbers no force row level security; alter table conversations no force row level security');
          numbers = (await migrated.query<NumberRow>('select * from whatsapp_numbers order by phone_number_id')).rows;
          conversations = (await migrated.query<ConversationRow>('select id, queued_at, opened_at, handed_off_at from conversations order by id')).rows;
        } finally {
          await migrated.end();
        }
      }
      expect(
        numbers.map(({ client_id, phone_number_id, kind: numberKind, display_name, display_phone, waba_id }) => ({
          client_id,
          phone_number_id,
          kind: numberKind,
          display_name,
          display_phone,
          waba_id,
        })),
      ).toEqual([
        { client_id: C1, phone_number_id: '1001', kind: 'meta', display_name: 'Padaria Pão Quente', display_phone: '+55 11 4000-0001', waba_id: '9001' },
        { client_id: C1, phone_number_id: 'sandbox-aaa', kind: 'sandbox', display_name: 'Sandbox', display_phone: '15550100001', waba_id: null },
        { client_id: C2, phone_number_id: 'sandbox-bbb', kind: 'sandbox', display_name: 'Sandbox', display_phone: '15550100001', waba_id: null },
      ]);
      expect(numbers.every((row) => UUID.test(row.id))).toBe(true);
      expect(conversations.map((row) => [row.id, ms(row.queued_at), ms(row.opened_at), ms(row.handed_off_at)])).toEqual([
        [V1, Date.parse('2026-01-06T10:00:00Z'), Date.parse('2026-01-05T10:00:00Z'), Date.parse('2026-01-06T10:00:00Z')],
        [V2, null, Date.parse('2026-01-07T10:00:00Z'), Date.parse('2026-01-08T10:00:00Z')],
        [V3, null, Date.parse('2026-01-09T10:00:00Z'), null],
      ]);
    } finally {
      await drop();
    }
  });
});
