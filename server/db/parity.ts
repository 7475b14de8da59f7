// Compile-time proof that the SQLite tables, which schema/dialect.ts types as their PostgreSQL
// twins, really have the same row types: every column factory (columns.pg.ts vs columns.sqlite.ts,
// plus the serial key and plain text/integer) is put in a probe table of each dialect, bare, not
// null and with a default, and the rows read and written are compared. A factory whose twin
// differs fails `npm run typecheck` here with its column name in the message. The database side
// (the DDL of both migration folders) is compared at run time by catalogParity.test.ts.
import * as pg from 'drizzle-orm/pg-core';
import * as lite from 'drizzle-orm/sqlite-core';
import * as P from './columns.pg.js';
import * as L from './columns.sqlite.js';
import { pgSerialId, sqliteSerialId } from './schema/dialect.js';

const _pgProbe = pg.pgTable('probe', {
  serial: pgSerialId(),
  id: P.id(),
  ref: P.ref(),
  refNotNull: P.ref().notNull(),
  createdAt: P.createdAt(),
  updatedAt: P.updatedAt(),
  ts: P.ts(),
  tsNotNull: P.ts().notNull(),
  tsDefaultNow: P.tsDefaultNow(),
  bool: P.bool(),
  boolNotNull: P.bool().notNull().default(false),
  json: P.json<{ probe: 1 }>(),
  jsonNotNull: P.json<{ probe: 1 }>().notNull().default({ probe: 1 }),
  money: P.money(),
  moneyNotNull: P.money().notNull().default('0'),
  bigNumber: P.bigNumber(),
  bigNumberNotNull: P.bigNumber().notNull(),
  textList: P.textList(),
  textListNotNull: P.textList().notNull(),
  vector: P.vectorColumn(),
  bytes: P.bytes(),
  bytesNotNull: P.bytes().notNull(),
  text: pg.text(),
  textNotNull: pg.text().notNull().default(''),
  integer: pg.integer(),
  integerNotNull: pg.integer().notNull(),
});
const _sqliteProbe = lite.sqliteTable('probe', {
  serial: sqliteSerialId(),
  id: L.id(),
  ref: L.ref(),
  refNotNull: L.ref().notNull(),
  createdAt: L.createdAt(),
  updatedAt: L.updatedAt(),
  ts: L.ts(),
  tsNotNull: L.ts().notNull(),
  tsDefaultNow: L.tsDefaultNow(),
  bool: L.bool(),
  boolNotNull: L.bool().notNull().default(false),
  json: L.json<{ probe: 1 }>(),
  jsonNotNull: L.json<{ probe: 1 }>().notNull().default({ probe: 1 }),
  money: L.money(),
  moneyNotNull: L.money().notNull().default('0'),
  bigNumber: L.bigNumber(),
  bigNumberNotNull: L.bigNumber().notNull(),
  textList: L.textList(),
  textListNotNull: L.textList().notNull(),
  vector: L.vectorColumn(),
  bytes: L.bytes(),
  bytesNotNull: L.bytes().notNull(),
  text: lite.text(),
  textNotNull: lite.text().notNull().default(''),
  integer: lite.integer(),
  integerNotNull: lite.integer().notNull(),
});

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type Row<T extends { $inferSelect: object }> = T['$inferSelect'];
type Insert<T extends { $inferInsert: object }> = T['$inferInsert'];
// The names of the probe columns whose types differ (`never` when the dialects agree); a column
// optional in one insert type and required in the other shows up as a difference of the key sets.
type Mismatches<A, B> =
  { [K in keyof A & keyof B]: Equal<A[K], B[K]> extends true ? never : K }[keyof A & keyof B] | Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>;
type RequiredKeys<T> = { [K in keyof T]-?: undefined extends T[K] ? never : K }[keyof T];

export type ColumnFactoryParity = [
  Assert<Equal<Mismatches<Row<typeof _pgProbe>, Row<typeof _sqliteProbe>>, never>>,
  Assert<Equal<Mismatches<Required<Insert<typeof _pgProbe>>, Required<Insert<typeof _sqliteProbe>>>, never>>,
  Assert<Equal<RequiredKeys<Insert<typeof _pgProbe>>, RequiredKeys<Insert<typeof _sqliteProbe>>>>,
];

// schema.pg.ts and schema.sqlite.ts re-export the built schema table by table (drizzle-kit reads a
// module's named exports): a table added to ./schema/ but not re-exported fails here.
type SchemaTableNames = keyof import('./schema/index.js').Schema;
export type ReExportsComplete = [
  Assert<Equal<keyof typeof import('./schema.pg.js'), SchemaTableNames>>,
  Assert<Equal<keyof typeof import('./schema.sqlite.js'), SchemaTableNames>>,
];
