// Differences between the PostgreSQL and the SQLite catalog, one readable line each, e.g.
// `messages.status: nullable pg=false sqlite=true` or `users: index users_email_key only on pg`.
import type { Catalog, TableCatalog } from './catalog.js';

const show = (value: unknown) => JSON.stringify(value);

export function compareCatalogs(pg: Catalog, sqlite: Catalog): string[] {
  const differences: string[] = [];
  for (const table of union(Object.keys(pg), Object.keys(sqlite))) {
    const pgTable = pg[table];
    const sqliteTable = sqlite[table];
    if (!pgTable || !sqliteTable) {
      differences.push(`${table}: table only on ${pgTable ? 'pg' : 'sqlite'}`);
      continue;
    }
    differences.push(...compareTables(table, pgTable, sqliteTable));
  }
  return differences;
}

function compareTables(table: string, pg: TableCatalog, sqlite: TableCatalog): string[] {
  const differences: string[] = [];
  for (const column of union(Object.keys(pg.columns), Object.keys(sqlite.columns))) {
    const a = pg.columns[column];
    const b = sqlite.columns[column];
    if (!a || !b) {
      differences.push(`${table}.${column}: column only on ${a ? 'pg' : 'sqlite'}`);
      continue;
    }
    for (const fact of ['typeClass', 'nullable', 'default'] as const) {
      if (a[fact] !== b[fact]) differences.push(`${table}.${column}: ${fact} pg=${show(a[fact])} sqlite=${show(b[fact])}`);
    }
  }
  if (show(pg.primaryKey) !== show(sqlite.primaryKey)) {
    differences.push(`${table}: primary key pg=${show(pg.primaryKey)} sqlite=${show(sqlite.primaryKey)}`);
  }
  for (const index of union(Object.keys(pg.indexes), Object.keys(sqlite.indexes))) {
    const a = pg.indexes[index];
    const b = sqlite.indexes[index];
    if (!a || !b) differences.push(`${table}: index ${index} only on ${a ? 'pg' : 'sqlite'}`);
    else if (show(a) !== show(b)) differences.push(`${table}: index ${index} pg=${show(a)} sqlite=${show(b)}`);
  }
  for (const key of union(pg.foreignKeys, sqlite.foreignKeys)) {
    const onPg = pg.foreignKeys.includes(key);
    if (onPg !== sqlite.foreignKeys.includes(key)) differences.push(`${table}: foreign key ${key} only on ${onPg ? 'pg' : 'sqlite'}`);
  }
  for (const check of union(Object.keys(pg.checks), Object.keys(sqlite.checks))) {
    const a = pg.checks[check];
    const b = sqlite.checks[check];
    if (a === undefined || b === undefined) differences.push(`${table}: check ${check} only on ${a !== undefined ? 'pg' : 'sqlite'}`);
    else if (a !== b) differences.push(`${table}: check ${check} pg=${show(a)} sqlite=${show(b)}`);
  }
  for (const trigger of union(pg.triggers, sqlite.triggers)) {
    const onPg = pg.triggers.includes(trigger);
    if (onPg !== sqlite.triggers.includes(trigger)) differences.push(`${table}: trigger ${trigger} only on ${onPg ? 'pg' : 'sqlite'}`);
  }
  return differences;
}

const union = (a: string[], b: string[]) => [...new Set([...a, ...b])].sort();
