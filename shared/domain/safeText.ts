// Text that every store accepts: PostgreSQL refuses NUL in text and jsonb (22021, 22P05) and a lone
// UTF-16 surrogate is not Unicode at all (it cannot be encoded as UTF-8), so input carrying either
// is refused at the edge with a 400 instead of failing deep inside a query with a 500.
import { z } from 'zod';

// eslint-disable-next-line no-control-regex
const NUL = /\u0000/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `value` cannot be stored as text, or null when it can. */
export function unsafeTextReason(value: string): string | null {
  if (NUL.test(value)) return 'contains a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(value)) return 'contains an unpaired surrogate (not valid Unicode)';
  return null;
}

/** The same text with NUL removed and unpaired surrogates replaced by U+FFFD: for copies kept as records. */
export function toStorableText(value: string): string {
  // eslint-disable-next-line no-control-regex -- NUL is exactly what is removed (PostgreSQL text refuses it)
  return value.replace(/\u0000/g, '').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
}

/** A zod string that refuses NUL and unpaired surrogates; chain `.trim()`, `.min()`, `.max()` as usual. */
export const safeText = () =>
  z.string().refine((value) => unsafeTextReason(value) === null, {
    message: 'text must not contain NUL characters or unpaired surrogates',
  });

/** A row id: a uuid. */
export const uuidId = (name = 'id') => z.string().uuid(`${name} must be a uuid`);
