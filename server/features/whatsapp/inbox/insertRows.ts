// Multi-row inserts for the inbox's hot path, written as one `sql` template instead of drizzle's
// insert builder. The builder walks every column of the table (defaults included) through generic
// checks for each row: ~30–90 µs per row to produce the SQL text, most of the server's CPU per
// message at hundreds of messages a second. Here only the given columns are listed (~5 µs per
// row). Values are bound through their column (sql.param: dates and JSON as each dialect stores
// them) and returned rows are read back through their columns, as the builder would.
import { getTableColumns, sql, type SQL } from 'drizzle-orm';
import { CasingCache } from 'drizzle-orm/casing';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';

type AnyTable = Parameters<typeof getTableColumns>[0];
type AnyColumn = ReturnType<typeof getTableColumns>[string];

// The database is opened with casing: 'snake_case' (openDatabase), so column names are derived the same way.
const casing = new CasingCache('snake_case');

/** The column's name in the database ("conversation_id" for conversationId). */
export function columnName(column: AnyColumn): string {
  return casing.getColumnCasing(column);
}

/** `("a", "b") values ($1, $2), ($3, $4)`: the given keys of each row, bound through their columns. */
export function valuesOf<T extends AnyTable>(
  table: T,
  keys: ReadonlyArray<keyof T['$inferInsert'] & string>,
  rows: ReadonlyArray<Partial<T['$inferInsert']>>,
): SQL {
  const columns = getTableColumns(table);
  const listed = keys.map((key) => {
    const column = columns[key];
    if (!column) throw new Error(`no column ${key}`);
    return column;
  });
  const names = sql.join(
    listed.map((column) => sql.identifier(columnName(column))),
    sql`, `,
  );
  const tuples = rows.map((row) => {
    const values = keys.map((key, index) => sql.param((row as Record<string, unknown>)[key] ?? null, listed[index]!));
    return sql`(${sql.join(values, sql`, `)})`;
  });
  return sql`(${names}) values ${sql.join(tuples, sql`, `)}`;
}

/** Raw rows (`returning *`) as the builder returns them: keys by property, values read through the columns. */
export function readRows<T extends AnyTable>(table: T, raw: ReadonlyArray<Record<string, unknown>>): Array<T['$inferSelect']> {
  const columns = Object.entries(getTableColumns(table)).map(([key, column]) => [key, columnName(column), column] as const);
  return raw.map((row) => {
    const out: Record<string, unknown> = {};
    for (const [key, name, column] of columns) {
      const value = row[name];
      out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
    }
    return out as T['$inferSelect'];
  });
}

/** Runs an insert … returning * and reads its rows. */
export async function insertReturning<T extends AnyTable>(db: Database, tx: Tx, table: T, query: SQL): Promise<Array<T['$inferSelect']>> {
  return readRows(table, await db.rows<Record<string, unknown>>(tx, sql`${query} returning *`));
}
