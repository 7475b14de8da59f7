// Deterministic token arithmetic for the fake model server: a "token" is a run of up to four
// characters of a word, so the same text always has the same count and longer texts count more.
export function countTokens(text: string): number {
  let tokens = 0;
  for (const word of text.split(/\s+/)) if (word) tokens += Math.ceil(word.length / 4);
  return tokens;
}

/** The first `limit` tokens of `text` (by the same rule), for answers cut by max_tokens. */
export function truncateToTokens(text: string, limit: number): string {
  const kept: string[] = [];
  let used = 0;
  for (const word of text.split(/\s+/)) {
    if (!word) continue;
    const cost = Math.ceil(word.length / 4);
    if (used + cost > limit) break;
    kept.push(word);
    used += cost;
  }
  return kept.join(' ');
}

/** Text of an OpenAI-style message content (string, or parts with text). */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (part && typeof part === 'object' && 'text' in part ? String((part as { text: unknown }).text) : '')).join(' ');
  }
  return '';
}
