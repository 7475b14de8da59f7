// What differs between PostgreSQL and SQLite, said once: feature code asks for the effect (a lock,
// a fragment of SQL) and never branches on the driver itself.
import { sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import type { Database } from './database.js';
import type { Tx } from './tables.js';

/**
 * Only this process uses the database (SQLite: one server owns the file). State a crash left
 * behind is then this process's own to clean up at start-up; on PostgreSQL other instances may be
 * using it.
 */
export function isSingleProcess(db: Database): boolean {
  return db.kind === 'sqlite';
}

/** The database product's name, as health and metrics report it. */
export function databaseProductName(db: Database): 'postgresql' | 'sqlite' {
  return db.kind === 'pg' ? 'postgresql' : 'sqlite';
}

/**
 * Every statement is a network round trip (PostgreSQL, with a pool of connections), rather than a
 * call into this process that holds its one connection while it runs (SQLite). Background work sizes
 * its batches by it: large ones and several in flight against round trips; small ones where every
 * transaction makes everyone else (the webhook's acknowledgements) wait.
 */
export function statementsAreRoundTrips(db: Pick<Database, 'kind'>): boolean {
  return db.kind === 'pg';
}

/** The later of two values, ignoring a null one (PostgreSQL's greatest; SQLite's max() would return null). */
export function greatestOf(db: Pick<Database, 'kind'>, a: SQLWrapper, b: SQLWrapper): SQL {
  return db.kind === 'pg' ? sql`greatest(${a}, ${b})` : sql`max(coalesce(${a}, ${b}), coalesce(${b}, ${a}))`;
}

/**
 * Locks one client's row for the rest of the transaction, so writers that read-then-change
 * something of that client take turns. SQLite transactions are already serial (BEGIN IMMEDIATE).
 */
export async function lockClientRow(db: Database, tx: Tx, clientId: string): Promise<void> {
  if (db.kind === 'pg') await db.rows(tx, sql`select id from clients where id = ${clientId} for update`);
}

/**
 * Makes transactions that name the same `key` take turns until they end (PostgreSQL: a
 * transaction-scoped advisory lock), for races no row exists yet to lock. SQLite: already serial.
 */
export async function lockKeyForTransaction(db: Database, tx: Tx, key: string): Promise<void> {
  if (db.kind === 'pg') await db.exec(tx, sql`select pg_advisory_xact_lock(hashtext(${key}))`);
}

/**
 * A query or fragment written for each dialect, where the two cannot share one (pgvector, LATERAL,
 * FOR UPDATE, JSON functions, numeric arithmetic). Both are required, so neither can be forgotten.
 */
export function byDialect<T>(db: Database, choices: { pg: () => T; sqlite: () => T }): T {
  return db.kind === 'pg' ? choices.pg() : choices.sqlite();
}
