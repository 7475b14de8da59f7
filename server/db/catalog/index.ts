// Reading both databases' catalogs into one normalised shape and listing where they differ
// (used by catalogParity.test.ts to keep the PostgreSQL and SQLite migrations in step).
export type { Catalog, ColumnFacts, IndexFacts, TableCatalog } from './catalog.js';
export { compareCatalogs } from './compareCatalogs.js';
export { readPgCatalog } from './readPgCatalog.js';
export { readSqliteCatalog } from './readSqliteCatalog.js';
