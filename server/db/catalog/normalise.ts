// Folding the two databases' spellings of the same rule into one text. Each rule says why it is
// safe: it only removes what the dialect adds on its own, never a difference in meaning.

/**
 * PostgreSQL type → the SQLite storage class our column factories use for it (columns.*.ts):
 * uuids, json, money and text arrays are text on SQLite, booleans and timestamps integers
 * (0/1 and epoch milliseconds), vectors and bytes blobs.
 */
const PG_TYPE_CLASS: Record<string, string> = {
  text: 'text',
  uuid: 'text',
  jsonb: 'text',
  numeric: 'text',
  'text[]': 'text',
  integer: 'integer',
  bigint: 'integer',
  boolean: 'integer',
  'timestamp with time zone': 'integer',
  vector: 'blob',
  bytea: 'blob',
};

export function pgTypeClass(pgType: string): string {
  const base = pgType.replace(/\(.*\)$/, '');
  return PG_TYPE_CLASS[base] ?? `unmapped:${pgType}`;
}

export function sqliteTypeClass(declared: string): string {
  return declared.toLowerCase() || 'none';
}

/** The "now" each dialect writes: now() on PostgreSQL, epoch milliseconds on SQLite. */
const NOW_DEFAULTS = [/^now\(\)$/i, /^\(?cast\(unixepoch\('subsec'\) \* 1000 as integer\)\)?$/i];

export function normaliseDefault(expression: string | null): string | null {
  if (expression === null) return null;
  const text = expression.trim();
  if (NOW_DEFAULTS.some((pattern) => pattern.test(text))) return 'now';
  // bigserial's sequence on PostgreSQL; SQLite's AUTOINCREMENT key has no default text (see the readers).
  if (/^nextval\(/i.test(text)) return 'autoincrement';
  return normaliseExpression(text);
}

/** A generated column: its expression stands where a default would (stored on PostgreSQL, virtual on SQLite: same values). */
export const generatedDefault = (expression: string): string => `generated as ${normaliseExpression(expression)}`;

/**
 * Expressions of CHECKs, index predicates and defaults. Parentheses are dropped altogether (PostgreSQL
 * wraps every comparison in its own), so two expressions differing only in grouping compare equal:
 * a blind spot accepted for the simple predicates this schema uses. PostgreSQL's pg_get_expr/constraintdef
 * adds type casts, parentheses and `= ANY (ARRAY[...])` for `in (...)`, and expands BETWEEN;
 * drizzle's SQLite DDL qualifies columns with the table name and quotes identifiers.
 */
export function normaliseExpression(expression: string): string {
  let text = expression.toLowerCase();
  text = text.replace(/::[a-z_ ]+(\[\])?/g, '');
  text = text.replace(/"[a-z0-9_]+"\."([a-z0-9_]+)"/g, '$1');
  text = text.replace(/"/g, '');
  text = text.replace(/= any \(array\[(.*?)\]\)/g, 'in ($1)');
  text = text.replace(/([a-z_]+\([a-z0-9_]+\)|[a-z0-9_]+) between (\S+) and (\S+)/g, '$1 >= $2 and $1 <= $3');
  text = text.replace(/[()]/g, ' ');
  // A quoted number is the same constant as the bare one: the column's type class is compared on
  // its own, so this only folds PostgreSQL printing numeric defaults bare and SQLite keeping quotes.
  text = text.replace(/'(-?\d+(?:\.\d+)?)'/g, '$1');
  return text.replace(/\s+/g, ' ').replace(/ ,/g, ',').trim();
}

/** `messages_touch_updated_at` (SQLite) and `touch_updated_at` (PostgreSQL) are one purpose. */
export function triggerPurpose(table: string, name: string): string {
  const purpose = name.startsWith(`${table}_`) ? name.slice(table.length + 1) : name;
  return purpose.replace(/_(insert|update|delete)$/, '');
}

export const purposes = (table: string, names: string[]) => [...new Set(names.map((name) => triggerPurpose(table, name)))].sort();

export function foreignKeyLine(columns: string[], table: string, referenced: string[], onDelete: string, onUpdate: string): string {
  return `(${columns.join(', ')}) -> ${table}(${referenced.join(', ')}) on delete ${onDelete.toLowerCase()} on update ${onUpdate.toLowerCase()}`;
}
