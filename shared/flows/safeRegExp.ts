// Patterns come from flow designers (and, through {{variables}} in a condition, from customers) and
// are tested against customer text. JavaScript's RegExp backtracks: `^(a+)+$` against 25 characters
// held the event loop for seconds, for every tenant. RE2 (re2js, pure JS so it runs in the renderer
// too) matches in time linear in the subject, so no subject is cut and no pattern can stall the
// server. RE2 has no backreferences or lookarounds (they are what make backtracking necessary), so
// the validator refuses patterns that use them.
import { RE2JS } from 're2js';

export const PATTERN_MAX_LENGTH = 300;

const UNSUPPORTED = 'patterns cannot use backreferences such as \\1 or lookarounds such as (?=…), (?!…), (?<=…), (?<!…)';

// A published flow tests the same few patterns for every answer: keep them compiled.
const CACHE_MAX = 200;
const cache = new Map<string, RE2JS | string>();

/** The compiled pattern (case-insensitive, like before), or the reason it cannot be used. */
export function compilePattern(pattern: string): RE2JS | string {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  const compiled = compileUncached(pattern);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  cache.set(pattern, compiled);
  return compiled;
}

function compileUncached(pattern: string): RE2JS | string {
  if (pattern.length > PATTERN_MAX_LENGTH) return `the pattern is longer than ${PATTERN_MAX_LENGTH} characters`;
  try {
    // translateRegExp accepts JavaScript spellings RE2 lacks (\u00e9, (?<name>…), [^]).
    return RE2JS.compile(RE2JS.translateRegExp(pattern), RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    const reason = (error as Error).message.replace(/^error parsing regexp: /, '');
    if (/\\[1-9]|\(\?<?[=!]/.test(pattern)) return `the pattern cannot be used: ${UNSUPPORTED} (${reason})`;
    return `the pattern is not a valid regular expression (${reason})`;
  }
}

/** Whether the pattern matches anywhere in the subject; an unusable pattern matches nothing. */
export function testPattern(pattern: string, subject: string): boolean {
  const compiled = compilePattern(pattern);
  if (typeof compiled === 'string') return false;
  return compiled.test(subject);
}
