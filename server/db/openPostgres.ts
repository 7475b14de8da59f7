// PostgreSQL behind the Database interface, with three logins (see databaseUrl.ts):
// - the owner (DATABASE_URL) migrates and grants, then its connection is closed;
// - tenant transactions run on a pool logged in as the app role: row-level security applies, the
//   role owns nothing and cannot SET ROLE to anything that could, so no setting a session makes
//   (app.system, RESET ROLE, SET ROLE) widens what it sees;
// - platform transactions run on a separate pool logged in as the system role (BYPASSRLS).
// Each login is checked before the server uses it; any mismatch stops the start-up.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { SQL } from 'drizzle-orm';
import type { Pool, PoolClient } from 'pg';
import type { Database, DbContext, OpenOptions } from './database.js';
import type { DatabaseTarget } from './databaseUrl.js';
import type { Tx } from './tables.js';
import * as pgSchema from './schema.pg.js';
import { MIGRATION_LOCK, migratePg } from './migrate.js';
import { DatabaseLoginError, DatabaseUnavailableError } from './errors.js';
import { checkRuntimeRole, grantRuntimeRoles, type RuntimeRole } from './pgRoles.js';
import { createListener } from './pgListener.js';
import { loginOf } from './databaseUrl.js';
import { afterCommit, withCommitHooks } from './commitHooks.js';

type PgTarget = Extract<DatabaseTarget, { kind: 'pg' }>;

/**
 * Connections per pool. Platform work (webhook intake, claims and their lease renewals, login,
 * audit rows) is as busy as tenant work, so each keeps the 10 the single pool had; connections
 * open only when needed and close after 10 s idle.
 */
/** Connections per pool unless OpenOptions.poolSize says otherwise (tenant work and platform work each have one). */
const DEFAULT_POOL_SIZE = 10;

export async function openPostgres(target: PgTarget, options: OpenOptions): Promise<Database> {
  const migration = await migrateAsOwner(target, options);
  const poolSize = options.poolSize ?? target.poolSize ?? DEFAULT_POOL_SIZE;
  const appPool = await openRuntimePool(target.appUrl, 'app', 'DATABASE_APP_URL', poolSize, options);
  let systemPool: Pool;
  try {
    systemPool = await openRuntimePool(target.systemUrl, 'system', 'DATABASE_SYSTEM_URL', poolSize, options);
  } catch (error) {
    await appPool.end().catch(() => undefined);
    throw error;
  }

  const { drizzle } = await import('drizzle-orm/node-postgres');
  const systemOrm = drizzle({ client: systemPool, schema: pgSchema, casing: 'snake_case' });
  const listener = createListener(target.listenUrl ?? target.appUrl, options.log);
  const active = new AsyncLocalStorage<{ tx: Tx; context: string }>();
  const run = <T>(context: DbContext, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const key = 'system' in context ? 'system' : context.clientId;
    const outer = active.getStore();
    if (outer) {
      if (outer.context !== key) throw new Error(`nested transaction in another context (${key} inside ${outer.context})`);
      return fn(outer.tx);
    }
    if ('system' in context) {
      return withCommitHooks(
        () => systemOrm.transaction((tx) => active.run({ tx: tx as unknown as Tx, context: key }, () => fn(tx as unknown as Tx))),
        reportHookError,
      );
    }
    return withCommitHooks(() => tenantTransaction(context.clientId, (tx) => active.run({ tx, context: key }, () => fn(tx))), reportHookError);
  };
  // A tenant transaction opens with BEGIN and the tenant setting in one round trip (the simple
  // protocol takes both statements at once; the id goes in as an escaped literal), one fewer than
  // drizzle's transaction() followed by set_config: a gateway call runs two such transactions.
  // Each pooled connection keeps one drizzle instance bound to it (the pool reuses connections).
  const boundOrms = new WeakMap<PoolClient, Tx>();
  const tenantTransaction = async <T>(clientId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const connection = await appPool.connect();
    // Set when BEGIN, ROLLBACK or COMMIT failed: the connection is in an unknown state, so the pool drops it.
    let broken: Error | undefined;
    const control = (text: string) =>
      connection.query(text).catch((error: unknown) => {
        broken = error instanceof Error ? error : new Error(String(error));
        throw error;
      });
    try {
      await control(`begin; select set_config('app.client_id', ${connection.escapeLiteral(clientId)}, true)`);
      let tx = boundOrms.get(connection);
      if (!tx) boundOrms.set(connection, (tx = drizzle({ client: connection, schema: pgSchema, casing: 'snake_case' }) as unknown as Tx));
      let value: T;
      try {
        value = await fn(tx);
      } catch (error) {
        await control('rollback').catch(() => undefined);
        throw error;
      }
      await control('commit');
      return value;
    } finally {
      connection.release(broken);
    }
  };

  const reportHookError = (error: unknown) => (options.log ?? console.error)(`after-commit hook failed: ${(error as Error)?.stack ?? String(error)}`);
  const sendNotification = async (channel: string, payload: string | readonly string[]) => {
    const sent =
      typeof payload === 'string'
        ? appPool.query('select pg_notify($1, $2)', [channel, payload])
        : appPool.query('select pg_notify($1, p) from unnest($2::text[]) with ordinality as n(p, i) order by i', [channel, payload]);
    await sent.then(
      () => undefined,
      (error: Error) => options.log?.(`notify failed: ${error.message}`),
    );
  };

  return {
    kind: 'pg',
    t: pgSchema,
    poolSize,
    tenant: (clientId, fn) => run({ clientId }, fn),
    system: (fn) => run({ system: true }, fn),
    rows: async <Row>(tx: Tx, query: SQL) => (await tx.execute(query)).rows as Row[],
    systemStatement: async <Row>(query: SQL) => {
      if (active.getStore()) throw new Error('systemStatement inside a transaction: it would commit apart from it');
      return (await systemOrm.execute(query)).rows as Row[];
    },
    exec: async (tx: Tx, query: SQL) => {
      await tx.execute(query);
    },
    migration,
    listen: (channel, onMessage) => listener.listen(channel, onMessage),
    afterCommit: (hook) => void afterCommit(hook, reportHookError),
    // Sent on a pooled connection, not the caller's transaction: inside one it is queued for the
    // commit (resolving at once, so awaiting it there cannot wait for its own commit), so other
    // instances never hear of rows they cannot see yet, nor of a rollback's.
    notify: async (channel, payload) => {
      let sending: Promise<void> | undefined;
      afterCommit(() => {
        sending = sendNotification(channel, payload);
      }, reportHookError);
      await sending;
    },
    close: async () => {
      await listener.close();
      await Promise.all([appPool.end(), systemPool.end()]);
    },
  };
}

async function newPool(url: string, max: number): Promise<Pool> {
  const { default: pg } = await import('pg');
  // numeric → string (exact money), bigint → number (token counts stay far below 2^53).
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') => (oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)),
  };
  return new pg.Pool({ connectionString: url, max, types, connectionTimeoutMillis: 5000 });
}

/** Migrates and grants as the owner, on a connection closed before the server serves anything. */
async function migrateAsOwner(target: PgTarget, options: OpenOptions) {
  const owner = await newPool(target.url, 1);
  owner.on('error', (error) => options.log?.(`postgres owner connection error: ${error.message}`));
  try {
    try {
      (await owner.connect()).release();
    } catch (error) {
      throw new DatabaseUnavailableError(target.url, error);
    }
    const migration = await migratePg(owner);
    // Under the migration lock: instances starting together would otherwise GRANT at the same
    // time, and concurrent updates of one catalog row fail ("tuple concurrently updated").
    const client = await owner.connect();
    try {
      await client.query(`select pg_advisory_lock(${MIGRATION_LOCK})`);
      await grantRuntimeRoles(client, [
        { variable: 'DATABASE_APP_URL', login: loginOf(target.appUrl) },
        { variable: 'DATABASE_SYSTEM_URL', login: loginOf(target.systemUrl) },
      ]);
    } finally {
      await client.query(`select pg_advisory_unlock(${MIGRATION_LOCK})`).catch(() => undefined);
      client.release();
    }
    return migration;
  } finally {
    await owner.end().catch(() => undefined);
  }
}

/** A pool whose login has been checked for its job; a pool that cannot log in or does not fit is never used. */
async function openRuntimePool(url: string, role: RuntimeRole, variable: string, max: number, options: OpenOptions): Promise<Pool> {
  const pool = await newPool(url, max);
  pool.on('error', (error) => options.log?.(`postgres ${role} pool error: ${error.message}`));
  try {
    try {
      (await pool.connect()).release();
    } catch (error) {
      throw new DatabaseLoginError(variable, url, error);
    }
    await checkRuntimeRole(pool, role, variable);
    return pool;
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
}
