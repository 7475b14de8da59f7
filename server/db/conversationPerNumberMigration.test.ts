// The conversation-per-number migration (pg 0023 / sqlite 0019) on a database holding data from
// before it: conversations without a number (started by a campaign or the API) move to their
// client's main Meta number, in place (a client without one keeps them number-less); the others keep
// theirs. Afterwards the key is (client, phone, number): the same customer may have a conversation on
// another number, never two on one number, and never two without a number (the key's NULL-proof
// number_key). Both databases.
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

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-per-number-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const migrationsBefore = (kind: 'sqlite' | 'pg') => copyMigrationsBefore(dir, kind, '_conversation_per_number');

const C1 = '11111111-1111-4111-8111-111111111111';
const C2 = '22222222-2222-4222-8222-222222222222';
const V1 = '33333333-3333-4333-8333-333333333331';
const V2 = '33333333-3333-4333-8333-333333333332';
const V3 = '33333333-3333-4333-8333-333333333333';
const V4 = '33333333-3333-4333-8333-333333333334';

const seed = `
  insert into clients (id, name, slug, meta_phone_number_id, sandbox_phone_number_id) values ('${C1}', 'Padaria', 'padaria', '1001', 'sandbox-aaa');
  insert into clients (id, name, slug, sandbox_phone_number_id) values ('${C2}', 'Oficina', 'oficina', 'sandbox-bbb');
  insert into conversations (id, client_id, phone, status) values ('${V1}', '${C1}', '5511999990001', 'bot');
  insert into conversations (id, client_id, phone, status, phone_number_id) values ('${V2}', '${C1}', '5511999990002', 'bot', '2002');
  insert into conversations (id, client_id, phone, status, phone_number_id) values ('${V3}', '${C1}', '5511999990003', 'bot', 'sandbox-aaa');
  insert into conversations (id, client_id, phone, status) values ('${V4}', '${C2}', '5511999990004', 'bot');
`;

const after = [
  [V1, '1001', '1001'],
  [V2, '2002', '2002'],
  [V3, 'sandbox-aaa', 'sandbox-aaa'],
  [V4, null, ''],
];

/** Inserts that the new key must accept (true) or refuse (false), in order. */
const attempts: [string, boolean][] = [
  // The customer of V1 writes to another number: a second conversation.
  [
    `insert into conversations (id, client_id, phone, status, phone_number_id) values ('44444444-4444-4444-8444-444444444441', '${C1}', '5511999990001', 'bot', '2002')`,
    true,
  ],
  // A second conversation on the same number: refused.
  [
    `insert into conversations (id, client_id, phone, status, phone_number_id) values ('44444444-4444-4444-8444-444444444442', '${C1}', '5511999990001', 'bot', '1001')`,
    false,
  ],
  // A second number-less conversation: refused although phone_number_id is NULL on both.
  [`insert into conversations (id, client_id, phone, status) values ('44444444-4444-4444-8444-444444444443', '${C2}', '5511999990004', 'bot')`, false],
];

type ConversationRow = { id: string; phone_number_id: string | null; number_key: string };

describe.each(DATABASE_KINDS)('the conversation-per-number migration on %s', (kind) => {
  it('puts number-less conversations on the main number in place and keys conversations by number', async () => {
    const { target, drop } = await createTestTarget(kind);
    try {
      let rows: ConversationRow[];
      const accepted: (boolean | string)[] = [];
      // Refused by the unique key, and nothing else (any other error shows up in the comparison).
      const refused = (error: unknown) => accepted.push(/unique/i.test(String(error)) ? false : String(error));
      if (target.kind === 'sqlite') {
        const old = new Database(target.file, { nativeBinding: sqliteNativeBinding() });
        old.pragma('foreign_keys = ON');
        sqliteVec.load(old);
        sqliteMigrate(sqliteDrizzle({ client: old }), { migrationsFolder: migrationsBefore('sqlite') });
        old.exec(seed);
        old.close();
        const db = await openDatabase(target);
        expect(db.migration.applied).toBe(db.migration.known);
        await db.close();
        const migrated = new Database(target.file, { nativeBinding: sqliteNativeBinding() });
        rows = migrated.prepare('select id, phone_number_id, number_key from conversations order by id').all() as ConversationRow[];
        for (const [statement] of attempts) {
          try {
            migrated.exec(statement);
            accepted.push(true);
          } catch (error) {
            refused(error);
          }
        }
        migrated.close();
      } else {
        const old = new pg.Client({ connectionString: target.url });
        await old.connect();
        try {
          await pgMigrate(pgDrizzle({ client: old }), { migrationsFolder: migrationsBefore('pg') });
          // The owner is subject to row-level security too (forced): lifted for the seed, as a data migration does.
          await old.query('alter table clients no force row level security; alter table conversations no force row level security');
          await old.query(seed);
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
          // Read and written as the owner, past the forced row-level security (a throwaway database).
          await migrated.query('alter table conversations no force row level security');
          rows = (await migrated.query<ConversationRow>('select id, phone_number_id, number_key from conversations order by id')).rows;
          for (const [statement] of attempts) {
            try {
              await migrated.query(statement);
              accepted.push(true);
            } catch (error) {
              refused(error);
            }
          }
        } finally {
          await migrated.end();
        }
      }
      expect(rows.map((row) => [row.id, row.phone_number_id, row.number_key])).toEqual(after);
      expect(accepted).toEqual(attempts.map(([, expected]) => expected));
    } finally {
      await drop();
    }
  });
});
