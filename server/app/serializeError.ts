// The logger's `err` serializer. A failed query reaches the log as drizzle's DrizzleQueryError,
// whose message, stack and `params` carry every bound value: customer text, tokens, embeddings
// (one failed bulk insert made a 171 MB log line). Logged errors keep the SQL (shortened) and the
// driver's code, never the parameters; every text is bounded, and so is the chain of causes.
const QUERY_MAX = 1000;
const TEXT_MAX = 2000;
const CAUSES_MAX = 5;
// Properties of database drivers' errors worth keeping (pg: code, table, constraint...). Not pg's
// `detail`: it quotes the row's values ("Failing row contains (...)", "Key (email)=(...)"), which
// are the parameters by another name.
const KEPT = ['code', 'errno', 'hint', 'schema', 'table', 'column', 'constraint', 'routine', 'statusCode', 'path'] as const;

export type SerializedError = { [key: string]: unknown; type: string; message: string; stack: string };

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text);

/** Drizzle puts "\nparams: …" after the query in the message (and so in the stack's first line). */
const withoutParams = (text: string) => {
  const at = text.indexOf('\nparams: ');
  return at < 0 ? text : text.slice(0, at);
};

export function serializeError(error: unknown, depth = 0): SerializedError {
  if (!(error instanceof Error)) return { type: typeof error, message: cut(String(error), TEXT_MAX), stack: '' };
  const source = error as Error & Record<string, unknown>;
  const message = cut(withoutParams(error.message), TEXT_MAX);
  // The stack starts with the message: rebuilt with the cleaned one, frames kept.
  const frames = (error.stack ?? '')
    .split('\n')
    .filter((line) => line.startsWith('    at '))
    .slice(0, 20);
  const out: SerializedError = { type: error.constructor?.name ?? error.name, message, stack: [`${error.name}: ${message}`, ...frames].join('\n') };
  if (typeof source.query === 'string') out.query = cut(source.query, QUERY_MAX);
  if (Array.isArray(source.params)) out.params = `${source.params.length} parameters (not logged)`;
  for (const key of KEPT) {
    const value = source[key];
    if (typeof value === 'string') out[key] = cut(value, TEXT_MAX);
    else if (typeof value === 'number') out[key] = value;
  }
  if (error.cause !== undefined && depth < CAUSES_MAX) out.cause = serializeError(error.cause, depth + 1);
  return out;
}
