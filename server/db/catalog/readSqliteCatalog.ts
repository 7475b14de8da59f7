// The catalog of a migrated SQLite database, from sqlite_master and the table pragmas.
import type BetterSqlite3 from 'better-sqlite3';
import type { Catalog, IndexFacts, TableCatalog } from './catalog.js';
import { foreignKeyLine, generatedDefault, normaliseDefault, normaliseExpression, purposes, sqliteTypeClass } from './normalise.js';

type ColumnRow = { name: string; type: string; notnull: number; dflt_value: string | null; pk: number; hidden: number };
type IndexRow = { name: string; unique: number; origin: string; partial: number };
type ForeignKeyRow = { id: number; seq: number; table: string; from: string; to: string; on_update: string; on_delete: string };

/** Tables the migrator and SQLite itself keep: not part of the data model. */
const isInternal = (name: string) => name.startsWith('sqlite_') || name === '__drizzle_migrations';

export function readSqliteCatalog(connection: BetterSqlite3.Database): Catalog {
  const tables = connection.prepare(`select name, sql from sqlite_master where type = 'table' order by name`).all() as { name: string; sql: string }[];
  // An FTS5 index (CREATE VIRTUAL TABLE) and the tables it keeps its data in: SQLite's counterpart
  // of a PostgreSQL index, not tables of the data model. Its triggers show on the indexed table.
  const searchIndexes = tables.filter((table) => /^create virtual table/i.test(table.sql)).map((table) => table.name);
  const isSearchIndex = (name: string) => searchIndexes.some((index) => name === index || name.startsWith(`${index}_`));
  const catalog: Catalog = {};
  for (const { name, sql } of tables) {
    if (isInternal(name) || isSearchIndex(name)) continue;
    catalog[name] = readTable(connection, name, sql);
  }
  return catalog;
}

function readTable(connection: BetterSqlite3.Database, table: string, createSql: string): TableCatalog {
  const quoted = `"${table.replace(/"/g, '""')}"`;
  const columnRows = connection.prepare(`pragma table_xinfo(${quoted})`).all() as ColumnRow[];
  const autoIncrement = /\bautoincrement\b/i.test(createSql);
  const columns: TableCatalog['columns'] = {};
  for (const column of columnRows) {
    // hidden 1: a virtual table's hidden column; 2 and 3: generated (virtual, stored), compared by expression.
    const generated = column.hidden === 2 || column.hidden === 3;
    if (column.hidden !== 0 && !generated) continue;
    // INTEGER PRIMARY KEY AUTOINCREMENT: the rowid alias, which numbers itself (bigserial's twin).
    const isAutoKey = autoIncrement && column.pk === 1 && column.type.toLowerCase() === 'integer';
    columns[column.name] = {
      typeClass: sqliteTypeClass(column.type),
      // A primary key column is NOT NULL on PostgreSQL; SQLite only enforces it for the rowid alias
      // and WITHOUT ROWID tables, but drizzle declares the key columns not null either way.
      nullable: column.notnull === 0 && column.pk === 0,
      default: generated ? generatedDefault(generationExpression(createSql, column.name)) : isAutoKey ? 'autoincrement' : normaliseDefault(column.dflt_value),
    };
  }
  const primaryKey = columnRows
    .filter((column) => column.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((column) => column.name);
  const triggers = (connection.prepare(`select name from sqlite_master where type = 'trigger' and tbl_name = ?`).all(table) as { name: string }[]).map(
    (trigger) => trigger.name,
  );
  return {
    columns,
    primaryKey,
    indexes: readIndexes(connection, quoted),
    foreignKeys: readForeignKeys(connection, quoted),
    checks: readChecks(createSql),
    triggers: purposes(table, triggers),
  };
}

function readIndexes(connection: BetterSqlite3.Database, quotedTable: string): Record<string, IndexFacts> {
  const indexes: Record<string, IndexFacts> = {};
  for (const index of connection.prepare(`pragma index_list(${quotedTable})`).all() as IndexRow[]) {
    if (index.origin === 'pk') continue; // compared as the primary key
    const columns = (connection.prepare(`pragma index_info("${index.name.replace(/"/g, '""')}")`).all() as { seqno: number; name: string }[])
      .sort((a, b) => a.seqno - b.seqno)
      .map((column) => column.name);
    const { sql } = connection.prepare(`select sql from sqlite_master where type = 'index' and name = ?`).get(index.name) as { sql: string | null };
    const predicate = index.partial && sql ? normaliseExpression(sql.slice(sql.search(/\bwhere\b/i) + 5)) : null;
    indexes[index.name] = { unique: index.unique === 1, columns, predicate };
  }
  return indexes;
}

function readForeignKeys(connection: BetterSqlite3.Database, quotedTable: string): string[] {
  const rows = connection.prepare(`pragma foreign_key_list(${quotedTable})`).all() as ForeignKeyRow[];
  const byId = new Map<number, ForeignKeyRow[]>();
  for (const row of rows) byId.set(row.id, [...(byId.get(row.id) ?? []), row]);
  return [...byId.values()]
    .map((parts) => {
      parts.sort((a, b) => a.seq - b.seq);
      const first = parts[0]!;
      return foreignKeyLine(
        parts.map((part) => part.from),
        first.table,
        parts.map((part) => part.to),
        first.on_delete,
        first.on_update,
      );
    })
    .sort();
}

/** CHECK constraints live only in the CREATE TABLE text: `CONSTRAINT "name" CHECK(<expr>)`. */
function readChecks(createSql: string): Record<string, string> {
  const checks: Record<string, string> = {};
  const pattern = /constraint\s+"?([\w]+)"?\s+check\s*\(/gi;
  for (let match = pattern.exec(createSql); match; match = pattern.exec(createSql)) {
    const start = match.index + match[0].length;
    let depth = 1;
    let end = start;
    while (end < createSql.length && depth > 0) {
      const char = createSql[end];
      if (char === "'")
        end = createSql.indexOf("'", end + 1); // skip string literals whole
      else if (char === '(') depth++;
      else if (char === ')') depth--;
      end++;
    }
    checks[match[1]!] = normaliseExpression(createSql.slice(start, end - 1));
  }
  return checks;
}

/** A generated column's expression, from the table's CREATE statement (`<name> … generated always as (<expr>)`). */
function generationExpression(createSql: string, column: string): string {
  const start = new RegExp(`["\`]?${column}["\`]?[^,]*?generated always as \\(`, 'i').exec(createSql);
  if (!start) return `unreadable generated column ${column}`;
  let depth = 1;
  let index = start.index + start[0].length;
  const from = index;
  for (; index < createSql.length && depth > 0; index++) {
    if (createSql[index] === '(') depth++;
    if (createSql[index] === ')') depth--;
  }
  return createSql.slice(from, index - 1);
}
