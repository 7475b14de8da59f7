// What a data-access function receives: the Database interface, whichever driver is behind it.
// Its own module so the drivers' modules (openDatabase.ts, openPostgres.ts) import it, not each other.
import type { SQL } from 'drizzle-orm';
import type { MigrationLevel } from './migrate.js';
import type { Tables, Tx } from './tables.js';

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
  /**
   * One raw statement in the platform context, committed on its own: no BEGIN and COMMIT around it
   * (one round trip on PostgreSQL instead of three). Only for a statement that is atomic by itself
   * and needs nothing else in its transaction (the webhook's multi-row insert). Outside any
   * transaction only; after-commit work follows its promise (it is committed when it resolves).
   */
  systemStatement<Row>(query: SQL): Promise<Row[]>;
  readonly migration: MigrationLevel;
  /** Connections this process may hold at once (1 on SQLite): background work sizes itself to it. */
  readonly poolSize: number;
  /**
   * Runs hook once the enclosing transaction (db.tenant/db.system, found through the async
   * context) has committed; never when it rolls back; at once outside any transaction. For side
   * effects others may observe (live events, wake-ups, NOTIFY): they must follow the rows. A hook
   * that throws is logged, not thrown (see commitHooks.ts).
   */
  afterCommit(hook: () => void): void;
  /** Cross-process notifications (PostgreSQL LISTEN); SQLite is one process and never calls back. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<void>;
  /**
   * Sends a notification to every listener (PostgreSQL NOTIFY), or several in one statement (an
   * array). Inside a transaction it is queued and sent after the commit (never after a rollback),
   * and resolves at once. Otherwise resolves once sent; never rejects (a failure is logged), so it can be fired and forgotten.
   */
  notify(channel: string, payload: string | readonly string[]): Promise<void>;
  close(): Promise<void>;
}

export type OpenOptions = {
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  log?: (message: string) => void;
};
