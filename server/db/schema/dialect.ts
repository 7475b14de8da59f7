// The dialect column builders the one schema definition is written with (server/db/schema/*.ts).
// Each area file is a function of a `Dialect`; called with `pgDialect` it yields drizzle pgTables,
// with `sqliteDialect` sqliteTables, so the two databases' schemas cannot drift apart in code.
//
// Typing: both dialects are typed as the PostgreSQL builders. The data-access code is written
// against the PostgreSQL types anyway (`db.t`, see ../tables.ts), the schema body only calls
// builder methods both dialects share (notNull, default, $type, references, primaryKey, on, where),
// and the one place the dialects really differ, the column factories of columns.pg.ts and
// columns.sqlite.ts, is checked by ../parity.ts to produce the same row types. The database
// side (DDL from both migration folders) is compared by catalogParity.test.ts.
import { sql, type SQL } from 'drizzle-orm';
import * as pg from 'drizzle-orm/pg-core';
import * as lite from 'drizzle-orm/sqlite-core';
import { sqlInList } from '#shared/domain/statuses.js';
import * as pgColumns from '../columns.pg.js';
import * as sqliteColumns from '../columns.sqlite.js';

/** A column of either dialect, for lazy self and forward references (`(): AnyColumn => t.id`). */
export type AnyColumn = pg.AnyPgColumn;

export type Dialect = {
  kind: 'pg' | 'sqlite';
  table: typeof pg.pgTable;
  index: typeof pg.index;
  uniqueIndex: typeof pg.uniqueIndex;
  check: typeof pg.check;
  primaryKey: typeof pg.primaryKey;
  /** A CHECK that the column holds one of the listed values (the statuses in shared/domain). */
  oneOf: (name: string, column: AnyColumn, values: readonly string[]) => pg.CheckBuilder;
  text: typeof pg.text;
  integer: typeof pg.integer;
  /** Auto-incrementing integer key: bigserial on PostgreSQL, INTEGER PRIMARY KEY AUTOINCREMENT on SQLite. */
  serialId: () => ReturnType<typeof pgSerialId>;
} & Omit<typeof pgColumns, 'vectorColumn' | 'bytes'> & {
    vectorColumn: () => ReturnType<typeof pgColumns.vectorColumn>;
    bytes: () => ReturnType<typeof pgColumns.bytes>;
  };

export const pgSerialId = () => pg.bigserial({ mode: 'number' }).primaryKey();
export const sqliteSerialId = () => lite.integer().primaryKey({ autoIncrement: true });

const oneOfCheck = (column: AnyColumn | lite.AnySQLiteColumn, values: readonly string[]): SQL => sql`${column} in (${sql.raw(sqlInList(values))})`;

export const pgDialect: Dialect = {
  kind: 'pg',
  table: pg.pgTable,
  index: pg.index,
  uniqueIndex: pg.uniqueIndex,
  check: pg.check,
  primaryKey: pg.primaryKey,
  oneOf: (name, column, values) => pg.check(name, oneOfCheck(column, values)),
  text: pg.text,
  integer: pg.integer,
  serialId: pgSerialId,
  ...pgColumns,
  vectorColumn: () => pgColumns.vectorColumn(),
  bytes: () => pgColumns.bytes(),
};

// The SQLite builders, cast to the PostgreSQL types (see the note at the top of the file).
export const sqliteDialect: Dialect = {
  kind: 'sqlite',
  table: lite.sqliteTable as unknown as Dialect['table'],
  index: lite.index as unknown as Dialect['index'],
  uniqueIndex: lite.uniqueIndex as unknown as Dialect['uniqueIndex'],
  check: lite.check as unknown as Dialect['check'],
  primaryKey: lite.primaryKey as unknown as Dialect['primaryKey'],
  oneOf: (name, column, values) => lite.check(name, oneOfCheck(column, values)) as unknown as pg.CheckBuilder,
  text: lite.text as unknown as Dialect['text'],
  integer: lite.integer as unknown as Dialect['integer'],
  serialId: sqliteSerialId as unknown as Dialect['serialId'],
  ...(sqliteColumns as unknown as Omit<typeof pgColumns, 'vectorColumn' | 'bytes'>),
  vectorColumn: () => sqliteColumns.vectorColumn() as unknown as ReturnType<typeof pgColumns.vectorColumn>,
  bytes: () => sqliteColumns.bytes() as unknown as ReturnType<typeof pgColumns.bytes>,
};
