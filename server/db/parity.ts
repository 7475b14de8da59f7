// Compile-time proof that the two dialects' schemas describe the same rows: if a column is added to
// one file and not the other, or typed differently, `npm run typecheck` fails here.
import type * as Pg from './schema.pg.js';
import type * as Lite from './schema.sqlite.js';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;

type TableNames = keyof typeof import('./schema.pg.js');
type SameTables = Assert<Equal<TableNames, keyof typeof import('./schema.sqlite.js')>>;

// Each of these is the union of the tables whose types differ; `never` when the schemas agree, so a
// mismatch fails with the table's name in the message.
type RowMismatches = {
  [Name in TableNames]: Equal<(typeof Pg)[Name]['$inferSelect'], (typeof Lite)[Name]['$inferSelect']> extends true
    ? never : Name;
}[TableNames];
type InsertMismatches = {
  [Name in TableNames]: Equal<(typeof Pg)[Name]['$inferInsert'], (typeof Lite)[Name]['$inferInsert']> extends true
    ? never : Name;
}[TableNames];

export type SchemaParity = [
  SameTables,
  Assert<Equal<RowMismatches, never>>,
  Assert<Equal<InsertMismatches, never>>,
];
