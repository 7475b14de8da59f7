// Meta's webhook bodies nest about eight levels deep. A signed body nested thousands deep parsed
// fine but then failed the database insert (SQLite's JSON functions and PostgreSQL's jsonb have
// depth limits) and with it every delivery in the same group commit. One linear pass over the raw
// bytes, before JSON.parse, refuses such bodies.
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function jsonDepthExceeds(raw: Uint8Array, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < raw.length; i++) {
    const byte = raw[i]!;
    if (inString) {
      if (byte === BACKSLASH) i++;
      else if (byte === QUOTE) inString = false;
    } else if (byte === QUOTE) inString = true;
    else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > max) return true;
    } else if (byte === 0x7d || byte === 0x5d) depth--;
  }
  return false;
}
