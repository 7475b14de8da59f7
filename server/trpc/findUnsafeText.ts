// The global safety net behind the input schemas: a request whose input carries a NUL character or
// an unpaired surrogate anywhere (a value or a key, used or ignored) is refused before any procedure
// runs, so such text never reaches a query, an audit row or a log line.
import { unsafeTextReason } from '#shared/domain/safeText.js';

/** Where the first unsafe string is (`a.b.0`) and why, or null. Iterative: deep input cannot overflow the stack. */
export function findUnsafeText(input: unknown): { path: string; reason: string } | null {
  const pending: Array<{ value: unknown; path: string }> = [{ value: input, path: '' }];
  const join = (path: string, key: string) => (path ? `${path}.${key}` : key);
  while (pending.length > 0) {
    const { value, path } = pending.pop()!;
    if (typeof value === 'string') {
      const reason = unsafeTextReason(value);
      if (reason) return { path: path || '(input)', reason };
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, path: join(path, String(index)) }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        const reason = unsafeTextReason(key);
        if (reason) return { path: join(path, toSafeKey(key)), reason: `key ${reason}` };
        pending.push({ value: item, path: join(path, key) });
      }
    }
  }
  return null;
}

const toSafeKey = (key: string) => JSON.stringify(key).slice(1, -1);
