// An audit row must be writable whatever the caller sent: PostgreSQL refuses NUL in text and jsonb
// and no database takes an unpaired surrogate as UTF-8. The audit copy keeps the text with NUL
// removed and unpaired surrogates replaced (U+FFFD), keys included.
import type { JsonValue } from '#server/db/json-types.js';
import { toStorableText } from '#shared/domain/safeText.js';

export function storableJson(value: JsonValue): JsonValue {
  if (typeof value === 'string') return toStorableText(value);
  if (Array.isArray(value)) return value.map(storableJson);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(value)) out[toStorableText(key)] = storableJson(item);
    return out;
  }
  return value;
}

export const storableText = (value: string | null | undefined): string | null => (value == null ? null : toStorableText(value));
