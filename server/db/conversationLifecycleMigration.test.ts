// migrations/sqlite/0014 rebuilds `conversations` (SQLite cannot change a CHECK in place). A
// database at the previous migration, with a conversation, its messages and its chat memory, is
// migrated: the rows are all still there (dropping the old table must not cascade to the tables
// that reference it), the new columns have their defaults and the updated_at trigger still runs.
// PostgreSQL alters the constraint in place (catalogParity.test.ts covers its result).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as sqliteVec from 'sqlite-vec';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from './openDatabase.js';
import { sqliteNativeBinding } from './sqliteNativeBinding.js';
import { migrationsBefore as copyMigrationsBefore } from '../testing/migrationsBefore.js';

const REBUILD_TAG = '0014_conversation_lifecycle';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-migration-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const migrationsBeforeRebuild = () => copyMigrationsBefore(dir, 'sqlite', REBUILD_TAG);

describe('the SQLite conversations rebuild (migration 0014)', () => {
  it('keeps conversations, their messages, memory and trigger', async () => {
    const file = path.join(dir, 'old.sqlite');
    const old = new Database(file, { nativeBinding: sqliteNativeBinding() });
    old.pragma('foreign_keys = ON');
    sqliteVec.load(old);
    migrate(drizzle({ client: old }), { migrationsFolder: migrationsBeforeRebuild() });
    old.exec(`
      insert into clients (id, name, slug) values ('c1', 'Padaria', 'padaria');
      insert into conversations (id, client_id, phone, status, assigned_to, updated_at) values ('v1', 'c1', '5511999990001', 'humano', 'u1', 1000);
      insert into messages (id, client_id, conversation_id, phone, content, direction, status) values ('m1', 'c1', 'v1', '5511999990001', 'oi', 'incoming', 'received');
      insert into n8n_chat_histories (session_id, message, client_id, conversation_id) values ('5511999990001', '{"type":"human","content":"oi"}', 'c1', 'v1');
    `);
    old.close();

    const db = await openDatabase({ kind: 'sqlite', file });
    try {
      expect(db.migration.applied).toBe(db.migration.known);
    } finally {
      await db.close();
    }
    const migrated = new Database(file, { nativeBinding: sqliteNativeBinding() });
    try {
      expect(migrated.prepare('select status, assigned_to, priority, snoozed_until from conversations').all()).toEqual([
        { status: 'humano', assigned_to: 'u1', priority: 'normal', snoozed_until: null },
      ]);
      expect(migrated.prepare('select count(*) as n from messages').get()).toEqual({ n: 1 });
      expect(migrated.prepare('select count(*) as n from n8n_chat_histories').get()).toEqual({ n: 1 });
      // The touch trigger survived the rebuild: an update without updated_at moves it.
      migrated.prepare(`update conversations set status = 'resolved' where id = 'v1'`).run();
      expect((migrated.prepare('select updated_at from conversations').get() as { updated_at: number }).updated_at).toBeGreaterThan(1000);
      // The new CHECKs hold.
      expect(() => migrated.prepare(`update conversations set priority = 'whenever' where id = 'v1'`).run()).toThrow(/CHECK/);
      expect(migrated.pragma('foreign_key_check')).toEqual([]);
    } finally {
      migrated.close();
    }
  });
});
