// The type every piece of data-access code is written against. Queries are written once with the
// PostgreSQL builder types; on SQLite the same calls run on drizzle's SQLite builders, which share
// the chainable surface we use (select/insert/update/delete, returning, onConflict*). parity.ts
// guarantees the row types agree, which is what makes this cast sound.
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import type * as pgSchema from './schema.pg.js';

export type Tables = typeof pgSchema;
export type Tx = NodePgDatabase<Tables>;
