// For tests: makes transactions of one tenant fail the way a database in trouble does (pg-pool's
// timeout on PostgreSQL, "database is locked" on SQLite), so the code above can be checked to
// retry rather than answer wrongly. By default the failure comes after the transaction's work
// ran, just before its commit, so everything it wrote is rolled back (work done, then lost);
// `at: 'start'` fails it before any work, like a pool that hands out no connection.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AppContext } from '../app/appContext.js';
import type { Database } from '../db/openDatabase.js';
import type { Tx } from '../db/tables.js';

export type DatabaseFaultOptions = {
  clientId: string;
  /** Transactions to fail. */
  count: number;
  /** Only while this says so (checked when a transaction starts). */
  when?: () => boolean;
  at?: 'start' | 'commit';
  /** Only transactions that insert into this table (nested calls included), e.g. db.t.messages for a queued reply. */
  inserting?: object;
};

export type DatabaseFaults = {
  readonly remaining: number;
  /** Transactions failed so far. */
  readonly thrown: number;
  restore(): void;
};

export function injectDatabaseFaults(app: AppContext, options: DatabaseFaultOptions): DatabaseFaults {
  const db = app.db as { -readonly [K in keyof Database]: Database[K] };
  const original = db.tenant;
  const run: Database['tenant'] = original.bind(db);
  const inside = new AsyncLocalStorage<true>();
  let remaining = options.count;
  let thrown = 0;
  const fault = () => {
    remaining--;
    thrown++;
    return db.kind === 'pg'
      ? new Error('timeout exceeded when trying to connect') // pg-pool's words when no connection frees up in time
      : Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }); // better-sqlite3's SqliteError
  };
  db.tenant = <T>(clientId: string, fn: (tx: Tx) => Promise<T>): Promise<T> => {
    const armed = !inside.getStore() && clientId === options.clientId && remaining > 0 && (options.when?.() ?? true);
    if (!armed) return run(clientId, fn);
    if (options.at === 'start') return Promise.reject(fault());
    return inside.run(true, () =>
      run(clientId, async (tx) => {
        // Nested calls run on this same transaction object, so watching its insert sees theirs too.
        let touched = !options.inserting;
        const watched = tx as Tx & { insert: Tx['insert'] };
        const own = Object.getOwnPropertyDescriptor(watched, 'insert');
        if (options.inserting) {
          const insert = watched.insert;
          watched.insert = ((table: object) => {
            if (table === options.inserting) touched = true;
            return insert.call(tx, table as never);
          }) as Tx['insert'];
        }
        let value: T;
        try {
          value = await fn(tx);
        } finally {
          if (options.inserting) {
            if (own) Object.defineProperty(watched, 'insert', own);
            else delete (watched as { insert?: unknown }).insert;
          }
        }
        if (touched && remaining > 0) throw fault();
        return value;
      }),
    );
  };
  return {
    get remaining() {
      return remaining;
    },
    get thrown() {
      return thrown;
    },
    restore() {
      db.tenant = original;
    },
  };
}
