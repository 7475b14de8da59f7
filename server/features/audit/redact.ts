// Audit rows record what changed, never the secrets that changed.
import type { JsonValue } from '#server/db/json-types.js';

const SECRET_KEY = /pass(word)?|secret|token|api_?key|authorization|credential|private/i;

export function redactSecrets(value: unknown, depth = 0): JsonValue {
  if (value === null || value === undefined) return null;
  if (depth > 6) return '[truncated]';
  if (Array.isArray(value)) return value.slice(0, 100).map((item) => redactSecrets(item, depth + 1));
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? '[redacted]' : redactSecrets(item, depth + 1);
    return out;
  }
  if (typeof value === 'string') return value.length > 2000 ? `${value.slice(0, 2000)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  return String(value);
}
