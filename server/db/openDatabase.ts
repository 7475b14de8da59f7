// With openPostgres.ts, the only module that knows which driver is behind the Database. Everything
// else receives a Database and runs its queries inside db.tenant(...) or db.system(...).
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import path from 'node:path';
import type { SQL } from 'drizzle-orm';
import type { DatabaseTarget } from './databaseUrl.js';
import type { Tables, Tx } from './tables.js';
import type { Database, OpenOptions } from './database.js';
import * as sqliteSchema from './schema.sqlite.js';
import { migrateSqlite } from './migrate.js';
import { sqliteNativeBinding } from './sqliteNativeBinding.js';
import { afterCommit, withCommitHooks } from './commitHooks.js';

export type { Database, DatabaseKind, DbContext, OpenOptions } from './database.js';

export async function openDatabase(target: DatabaseTarget, options: OpenOptions = {}): Promise<Database> {
  if (target.kind === 'sqlite') return openSqlite(target.file, options);
  const { openPostgres } = await import('./openPostgres.js');
  return openPostgres(target, options);
}

async function openSqlite(file: string, options: OpenOptions): Promise<Database> {
  const reportHookError = (error: unknown) => (options.log ?? console.error)(`after-commit hook failed: ${(error as Error)?.stack ?? String(error)}`);
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const sqliteVec = await import('sqlite-vec');
  const { drizzle } = await import('drizzle-orm/better-sqlite3');
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const connection = new BetterSqlite3(file, { timeout: 5000, nativeBinding: sqliteNativeBinding() });
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
      withCommitHooks(
        () =>
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
        reportHookError,
      ),
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
    // In the queue like a transaction (never inside another one's BEGIN … COMMIT), in autocommit.
    systemStatement: <Row>(query: SQL) => {
      if (active.getStore()) return Promise.reject(new Error('systemStatement inside a transaction: it would commit apart from it'));
      const result = queue.then(() => orm.all(query) as Row[]);
      queue = result.catch(() => undefined);
      return result;
    },
    exec: async (_tx: Tx, query: SQL) => {
      orm.run(query);
    },
    migration,
    poolSize: 1,
    afterCommit: (hook) => void afterCommit(hook, reportHookError),
    listen: async () => undefined,
    notify: async () => undefined,
    close: async () => {
      await queue;
      connection.close();
    },
  };
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
