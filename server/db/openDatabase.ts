// The only module that knows which driver is behind the Database. Everything else receives a
// Database and runs its queries inside db.tenant(...) or db.system(...).
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type SQL } from 'drizzle-orm';
import type { DatabaseTarget } from './databaseUrl.js';
import type { Tables, Tx } from './tables.js';
import * as pgSchema from './schema.pg.js';
import * as sqliteSchema from './schema.sqlite.js';
import { migrateSqlite, migratePg, type MigrationLevel } from './migrate.js';
import { DatabaseUnavailableError } from './errors.js';

export type DatabaseKind = 'sqlite' | 'pg';

/** Which rows a transaction may see: one tenant's, or the platform's (all). */
export type DbContext = { clientId: string } | { system: true };

export interface Database {
  readonly kind: DatabaseKind;
  /** Tables of the open dialect, typed as the PostgreSQL schema (see tables.ts). */
  readonly t: Tables;
  /** Runs fn in a transaction that can only see and write this tenant's rows. */
  tenant<T>(clientId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Runs fn in a transaction in the platform context (routing webhooks, login, administration). */
  system<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Raw SQL rows, for the few queries drizzle cannot express the same way on both dialects. */
  rows<Row>(tx: Tx, query: SQL): Promise<Row[]>;
  /** Raw SQL statement whose rows are not needed (insert/update/delete without returning, DDL). */
  exec(tx: Tx, query: SQL): Promise<void>;
  readonly migration: MigrationLevel;
  /** Connections this process may hold at once (1 on SQLite): background work sizes itself to it. */
  readonly poolSize: number;
  /** Cross-process notifications (PostgreSQL LISTEN); SQLite is one process and never calls back. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<void>;
  /**
   * Sends a notification to every listener (PostgreSQL NOTIFY), or several in one statement (an
   * array). Resolves once sent; never rejects (a failure is logged), so it can be fired and forgotten.
   */
  notify(channel: string, payload: string | readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export type OpenOptions = {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /** PostgreSQL role the runtime switches to (not owner, not superuser), so RLS applies. */
  appRole?: string;
  log?: (message: string) => void;
};

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  return target.kind === 'sqlite' ? openSqlite(target.file) : openPg(target.url, options);
}

async function openSqlite(file: string): Promise<Database> {
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const sqliteVec = await import('sqlite-vec');
  const { drizzle } = await import('drizzle-orm/better-sqlite3');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file, { timeout: 5000 });
  connection.pragma('journal_mode = WAL');
  connection.pragma('synchronous = NORMAL');
  connection.pragma('foreign_keys = ON');
  sqliteVec.load(connection);
  cachePreparedStatements(connection);
  const orm = drizzle({ client: connection, schema: sqliteSchema, casing: 'snake_case' });
  const migration = migrateSqlite(orm, connection);
  const tx = orm as unknown as Tx;

  // better-sqlite3 is one synchronous connection and its transactions cannot span an await. To
  // let data-access code be async on both databases, a transaction is BEGIN … COMMIT around the
  // async function, and every access waits for the previous one: otherwise another request's
  // queries would run inside this transaction while it awaits.
  let queue: Promise<unknown> = Promise.resolve();
  const active = new AsyncLocalStorage<true>();
  const run = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> => {
    if (active.getStore()) return fn(tx); // nested call: already inside this transaction
    const result = queue.then(() =>
      active.run(true, async () => {
        connection.prepare('BEGIN IMMEDIATE').run();
        try {
          const value = await fn(tx);
          connection.prepare('COMMIT').run();
          return value;
        } catch (error) {
          if (connection.inTransaction) connection.prepare('ROLLBACK').run();
          throw error;
        }
      }),
    );
    queue = result.catch(() => undefined);
    return result;
  };

  return {
    kind: 'sqlite',
    t: sqliteSchema as unknown as Tables,
    tenant: (_clientId, fn) => run(fn),
    system: (fn) => run(fn),
    rows: async <Row>(_tx: Tx, query: SQL) => orm.all(query) as Row[],
    exec: async (_tx: Tx, query: SQL) => {
      orm.run(query);
    },
    migration,
    poolSize: 1,
    listen: async () => undefined,
    notify: async () => undefined,
    close: async () => {
      await queue;
      connection.close();
    },
  };
}

async function openPg(url: string, options: OpenOptions): Promise<Database> {
  const { default: pg } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  // numeric → string (exact money), bigint → number (token counts stay far below 2^53).
  const types = {
    getTypeParser: (oid: number, format?: 'text' | 'binary') =>
      oid === 20 ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format),
  };
  const poolSize = options.poolSize ?? 10;
  const pool = new pg.Pool({ connectionString: url, max: poolSize, types, connectionTimeoutMillis: 5000 });
  pool.on('error', (error) => options.log?.(`postgres pool error: ${error.message}`));
  try {
    const probe = await pool.connect();
    probe.release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DatabaseUnavailableError(url, error);
  }
  const migration = await migratePg(pool);
  const appRole = await prepareAppRole(pool, options);
  if (appRole) {
    // Every pooled connection drops to the runtime role, which neither owns the tables nor bypasses RLS.
    pool.on('connect', (client) => {
      client.query(`SET ROLE ${quoteIdentifier(appRole)}`).catch(() => undefined);
    });
    // Connections opened before the handler existed (the probe and migration ones) are retired.
    await recyclePool(pool);
  }
  const orm = drizzle({ client: pool, schema: pgSchema, casing: 'snake_case' });
  const listener = createListener(url, options);
  const active = new AsyncLocalStorage<{ tx: Tx; context: string }>();
  const run = <T>(context: DbContext, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const key = 'system' in context ? 'system' : context.clientId;
    const outer = active.getStore();
    if (outer) {
      if (outer.context !== key) throw new Error(`nested transaction in another context (${key} inside ${outer.context})`);
      return fn(outer.tx);
    }
    return orm.transaction(async (tx) => {
      const setting = 'system' in context
        ? sql`select set_config('app.system', 'on', true)`
        : sql`select set_config('app.client_id', ${context.clientId}, true)`;
      await tx.execute(setting);
      return active.run({ tx: tx as unknown as Tx, context: key }, () => fn(tx as unknown as Tx));
    });
  };

  return {
    kind: 'pg',
    t: pgSchema,
    tenant: (clientId, fn) => run({ clientId }, fn),
    system: (fn) => run({ system: true }, fn),
    rows: async <Row>(tx: Tx, query: SQL) => (await tx.execute(query)).rows as Row[],
    exec: async (tx: Tx, query: SQL) => {
      await tx.execute(query);
    },
    migration,
    poolSize,
    listen: (channel, onMessage) => listener.listen(channel, onMessage),
    notify: async (channel, payload) => {
      const sent = typeof payload === 'string'
        ? pool.query('select pg_notify($1, $2)', [channel, payload])
        : pool.query('select pg_notify($1, p) from unnest($2::text[]) with ordinality as n(p, i) order by i', [channel, payload]);
      await sent.then(() => undefined, (error: Error) => options.log?.(`notify failed: ${error.message}`));
    },
    close: async () => {
      await listener.close();
      await pool.end();
    },
  };
}

/** One dedicated connection for LISTEN (a pooled one would be handed to other queries), reconnecting when it drops. */
function createListener(url: string, options: OpenOptions) {
  const handlers = new Map<string, (payload: string) => void>();
  let client: import('pg').Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    const { default: pg } = await import('pg');
    const next = new pg.Client({ connectionString: url });
    next.on('notification', (message) => handlers.get(message.channel)?.(message.payload ?? ''));
    next.on('error', (error) => options.log?.(`live event listener: ${error.message}`));
    next.on('end', () => {
      if (closed) return;
      client = null;
      setTimeout(() => void connect().catch((error: Error) => options.log?.(`live event listener reconnect: ${error.message}`)), 1000).unref();
    });
    await next.connect();
    for (const channel of handlers.keys()) await next.query(`LISTEN ${quoteIdentifier(channel)}`);
    client = next;
  };
  return {
    async listen(channel: string, onMessage: (payload: string) => void) {
      handlers.set(channel, onMessage);
      if (!client) await connect();
      else await client.query(`LISTEN ${quoteIdentifier(channel)}`);
    },
    async close() {
      closed = true;
      await client?.end().catch(() => undefined);
    },
  };
}

async function prepareAppRole(pool: import('pg').Pool, options: OpenOptions): Promise<string | null> {
  const role = options.appRole ?? 'uzz_app';
  const { rows } = await pool.query<{ me: string; superuser: boolean; exists: boolean; member: boolean }>(
    `select current_user as me,
            (select rolsuper from pg_roles where rolname = current_user) as superuser,
            exists(select 1 from pg_roles where rolname = $1) as exists,
            coalesce((select pg_has_role(current_user, $1, 'MEMBER') from pg_roles where rolname = $1), false) as member`,
    [role],
  );
  const me = rows[0]!;
  if (me.me === role) return null; // already connected as the runtime role
  if (me.exists && me.member) {
    const name = quoteIdentifier(role);
    await pool.query(`GRANT USAGE ON SCHEMA public TO ${name};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${name};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${name};`);
    return role;
  }
  if (me.superuser) {
    options.log?.(`warning: connected to PostgreSQL as superuser "${me.me}" and role "${role}" is not available: `
      + 'row-level security is bypassed. Run scripts/setup-postgres.sh or set DATABASE_APP_ROLE.');
  }
  return null;
}

async function recyclePool(pool: import('pg').Pool): Promise<void> {
  const idle = [] as import('pg').PoolClient[];
  while (pool.idleCount > 0) idle.push(await pool.connect());
  for (const client of idle) client.release(true);
}

function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * drizzle prepares every statement again on each call; on a busy server that parsing is most of a
 * query's cost. better-sqlite3 statements are reusable, so keep the most recent ones by SQL text.
 * drizzle switches some statements to raw (array) rows, so the mode is reset on every reuse.
 */
function cachePreparedStatements(connection: import('better-sqlite3').Database, capacity = 500): void {
  const prepare = connection.prepare.bind(connection);
  const cache = new Map<string, import('better-sqlite3').Statement>();
  connection.prepare = ((source: string) => {
    const cached = cache.get(source);
    if (cached && !cached.busy) {
      if (cached.reader) cached.raw(false);
      cache.delete(source); // most recently used goes last
      cache.set(source, cached);
      return cached;
    }
    const statement = prepare(source);
    cache.set(source, statement);
    if (cache.size > capacity) cache.delete(cache.keys().next().value!);
    return statement;
  }) as typeof connection.prepare;
}
