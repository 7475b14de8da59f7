// Fresh databases for tests: a temporary SQLite file, or a new PostgreSQL database per suite so
// parallel runs never collide. PostgreSQL being unreachable is a failure with instructions, never a skip.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { parseDatabaseUrl, type DatabaseTarget } from '../db/databaseUrl.js';
import { openDatabase, type Database, type DatabaseKind } from '../db/openDatabase.js';
import { createMigratedPgDatabase, createMigratedSqliteFile } from './migratedTemplates.js';
import { retryWhileInUse } from './retryWhileInUse.js';

export const DATABASE_KINDS: DatabaseKind[] = ['sqlite', 'pg'];

/**
 * Superuser-free admin connection: uzz_owner has CREATEDB (see scripts/setup-postgres.sh). The
 * databases it creates are migrated as uzz_owner and used as uzz_app and uzz_system, the runtime
 * logins derived from it exactly as the server derives them from DATABASE_URL.
 */
export const testPgAdminUrl = () => process.env.TEST_PG_URL ?? 'postgres://uzz_owner:uzz_owner@127.0.0.1:5432/postgres';

export type TestDatabase = { db: Database; target: DatabaseTarget; dispose(): Promise<void> };

/**
 * A database no test has used. Empty, for the tests of migrating itself (the CLI's `migrate`, a
 * migration's backfill); `migrated: true` gives it every migration already, copied from a template
 * (server/testing/migratedTemplates.ts), which is what the servers and data-access tests start from.
 */
export async function createTestTarget(
  kind: DatabaseKind,
  { migrated = false }: { migrated?: boolean } = {},
): Promise<{ target: DatabaseTarget; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-test-'));
    const file = path.join(dir, 'test.sqlite');
    if (migrated) await createMigratedSqliteFile(file);
    return { target: { kind: 'sqlite', file }, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = testPgAdminUrl();
  const name = `uzz_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5000 });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL tests cannot reach ${adminUrl} (${(error as Error).message}). ` +
        'Run `npm run setup:postgres` (scripts/setup-postgres.sh) or set TEST_PG_URL to a role with CREATEDB.',
      { cause: error },
    );
  }
  try {
    if (migrated) await createMigratedPgDatabase(admin, adminUrl, name);
    else await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    target: parseDatabaseUrl(url.toString(), ''),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      try {
        await dropWhenSessionsGone(dropper, name);
      } finally {
        await dropper.end();
      }
    },
  };
}

/**
 * The test's pools have ended, but a PostgreSQL backend outlives its closed socket by a moment.
 * `with (force)` would terminate it, which the test role may not do to the uzz_app/uzz_system roles'
 * sessions (42501: not a member of pg_signal_backend): wait for them to go instead.
 */
async function dropWhenSessionsGone(dropper: pg.Client, name: string): Promise<void> {
  await retryWhileInUse(() => dropper.query(`drop database if exists ${name} with (force)`), ['42501', '55006'], 50);
}

export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const { target, drop } = await createTestTarget(kind, { migrated: true });
  const db = await openDatabase(target);
  return {
    db,
    target,
    dispose: async () => {
      await db.close();
      await drop();
    },
  };
}
