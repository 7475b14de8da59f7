// Claiming rows for a background worker (inbox events, outbound messages, jobs): the select that
// picks the rows ends with this clause. On PostgreSQL several instances claim at once, so rows
// another transaction has locked are skipped instead of waited for (FOR UPDATE SKIP LOCKED), and
// the claim's update then leases them. On SQLite a transaction is BEGIN IMMEDIATE, which already
// holds the one writer lock: the claim cannot race, and the clause is empty.
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from './database.js';

/** `for update of <alias> skip locked` on PostgreSQL, nothing on SQLite. alias: the claimed table's alias in the select. */
export function skipLockedRows(db: Pick<Database, 'kind'>, alias: string): SQL {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`not a table alias: ${alias}`);
  return db.kind === 'pg' ? sql.raw(`for update of ${alias} skip locked`) : sql``;
}

/**
 * A claim may have skipped rows another transaction held (PostgreSQL). A claimer that found nothing
 * may ask whether something due was held, since no event tells it when that lock goes.
 */
export function rowsMayBeSkipped(db: Pick<Database, 'kind'>): boolean {
  return db.kind === 'pg';
}
