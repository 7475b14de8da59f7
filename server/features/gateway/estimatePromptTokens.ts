// An upper bound on a prompt's tokens without a tokenizer: a BPE token covers at least one byte,
// so the UTF-8 byte count (plus the per-message framing) is never less than the real count. Used
// for budget reservations, where undercounting would let concurrent calls overspend.
export function promptTokensUpperBound(messages: unknown, extra?: unknown): number {
  const list = Array.isArray(messages) ? messages : [];
  let tokens = 3;
  for (const message of list) tokens += 4 + Buffer.byteLength(JSON.stringify(message ?? null));
  if (extra !== undefined && extra !== null) tokens += Buffer.byteLength(JSON.stringify(extra));
  return tokens;
}

/** A realistic estimate (about four characters a token) for choosing models by context window. */
export function promptTokensEstimate(messages: unknown, extra?: unknown): number {
  const text = JSON.stringify(messages ?? []) + (extra ? JSON.stringify(extra) : '');
  return Math.ceil(text.length / 4);
}
