// Applies the migrations in migrations/<dialect>/ (drizzle-kit output plus hand-written SQL) and
// refuses a database that a newer version of the code has already migrated further.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type BetterSqlite3 from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { Pool } from 'pg';
import { DatabaseNewerThanCodeError } from './errors.js';

export type MigrationLevel = { applied: number; latest: string | null; known: number };

type JournalEntry = { idx: number; when: number; tag: string };

// The project's migrations/ from the sources; the compiled build (dist/node) carries its own copy at
// the same place relative to this file (scripts/buildServer.mjs).
const migrationsRoot = fileURLToPath(new URL('../../migrations/', import.meta.url));
export const migrationsFolder = (dialect: 'sqlite' | 'pg') => `${migrationsRoot}${dialect}`;

function readJournal(dialect: 'sqlite' | 'pg'): JournalEntry[] {
  const journal = JSON.parse(fs.readFileSync(`${migrationsFolder(dialect)}/meta/_journal.json`, 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries;
}

/** Throws when the database holds a migration this code does not know. */
function checkNotNewer(dialect: 'sqlite' | 'pg', appliedMillis: number[]): void {
  const entries = readJournal(dialect);
  const known = new Set(entries.map((entry) => entry.when));
  const lastKnown = entries.at(-1);
  const unknown = appliedMillis.filter((millis) => !known.has(millis)).sort((a, b) => b - a)[0];
  if (unknown !== undefined && (!lastKnown || unknown > lastKnown.when)) {
    throw new DatabaseNewerThanCodeError(new Date(unknown).toISOString(), lastKnown?.tag ?? 'none');
  }
}

function level(dialect: 'sqlite' | 'pg', appliedMillis: number[]): MigrationLevel {
  const entries = readJournal(dialect);
  const latestMillis = Math.max(0, ...appliedMillis);
  return {
    applied: appliedMillis.length,
    latest: entries.find((entry) => entry.when === latestMillis)?.tag ?? null,
    known: entries.length,
  };
}

export function migrateSqlite(orm: BetterSQLite3Database<Record<string, unknown>>, connection: BetterSqlite3.Database): MigrationLevel {
  const applied = () => {
    const exists = connection.prepare(`select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'`).get();
    if (!exists) return [];
    return (connection.prepare('select created_at from __drizzle_migrations').all() as { created_at: number }[]).map((row) => Number(row.created_at));
  };
  checkNotNewer('sqlite', applied());
  // Imported lazily so the PostgreSQL path never loads the SQLite migrator and vice versa.
  const { migrate } = requireSqliteMigrator();
  // A migration that changes a CHECK rebuilds the table (create new, copy, drop old, rename). With
  // foreign keys on, dropping the old table deletes its rows first and cascades to every table
  // that references it (a conversation's messages, its memory). The migrator runs in one
  // transaction, where `PRAGMA foreign_keys=OFF` in the migration is ignored, so they are turned off
  // here, around it, and every reference is checked before they are on again.
  const foreignKeys = connection.pragma('foreign_keys', { simple: true }) === 1;
  connection.pragma('foreign_keys = OFF');
  try {
    migrate(orm, { migrationsFolder: migrationsFolder('sqlite') });
    const broken = connection.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0)
      throw new Error(`the SQLite migrations left ${broken.length} broken foreign key reference(s): ${JSON.stringify(broken.slice(0, 5))}`);
  } finally {
    if (foreignKeys) connection.pragma('foreign_keys = ON');
  }
  return level('sqlite', applied());
}

/** Advisory lock held while one instance migrates (and grants, see openPostgres.ts). */
export const MIGRATION_LOCK = 727001;

export async function migratePg(pool: Pool): Promise<MigrationLevel> {
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const client = await pool.connect();
  const applied = async () => {
    const { rows } = await client
      .query<{ created_at: string }>(`select created_at from drizzle.__drizzle_migrations where to_regclass('drizzle.__drizzle_migrations') is not null`)
      .catch(() => ({ rows: [] as { created_at: string }[] }));
    return rows.map((row) => Number(row.created_at));
  };
  try {
    // Several server instances may start together: one migrates, the others wait for it.
    await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
    const hasTable = (await client.query(`select to_regclass('drizzle.__drizzle_migrations') as t`)).rows[0]?.t;
    checkNotNewer('pg', hasTable ? await applied() : []);
    await migrate(drizzle({ client }), { migrationsFolder: migrationsFolder('pg') });
    return level('pg', await applied());
  } finally {
    await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => undefined);
    client.release();
  }
}

const requireSqliteMigrator = () =>
  createRequire(import.meta.url)('drizzle-orm/better-sqlite3/migrator') as typeof import('drizzle-orm/better-sqlite3/migrator');
