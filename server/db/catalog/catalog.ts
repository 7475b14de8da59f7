// The shape both catalog readers produce: what the parity test compares, already normalised so that
// equal means "the same rule in both databases" (see normalise.ts for what is folded together).

export type ColumnFacts = {
  /** The SQLite storage class the column's values take (PostgreSQL types mapped, see normalise.ts). */
  typeClass: string;
  nullable: boolean;
  /** Normalised default expression; null when there is none. */
  default: string | null;
};

export type IndexFacts = { unique: boolean; columns: string[]; predicate: string | null };

export type TableCatalog = {
  columns: Record<string, ColumnFacts>;
  primaryKey: string[];
  /** By index name; unique constraints appear here too (both databases back them with an index). */
  indexes: Record<string, IndexFacts>;
  /** One line per foreign key: `(cols) -> table(cols) on delete X on update Y`. */
  foreignKeys: string[];
  /** By constraint name: the normalised CHECK expression. */
  checks: Record<string, string>;
  /**
   * What the table's triggers keep, by purpose (`touch_updated_at`, `spend_rollup`): PostgreSQL
   * calls one trigger function per table for all events, SQLite needs one trigger per event.
   */
  triggers: string[];
};

export type Catalog = Record<string, TableCatalog>;
