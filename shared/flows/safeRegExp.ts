// Patterns come from flow designers and are tested against customer text. JavaScript has no
// backtracking limit, so the subject is bounded to keep a bad pattern from stalling the server.
export const PATTERN_MAX_LENGTH = 300;
export const PATTERN_SUBJECT_MAX = 1000;

/** The compiled pattern, or the reason it cannot be used. */
export function compilePattern(pattern: string): RegExp | string {
  if (pattern.length > PATTERN_MAX_LENGTH) return `the pattern is longer than ${PATTERN_MAX_LENGTH} characters`;
  try {
    return new RegExp(pattern, 'iu');
  } catch (error) {
    return `the pattern is not a valid regular expression (${(error as Error).message})`;
  }
}

export function testPattern(pattern: string, subject: string): boolean {
  const compiled = compilePattern(pattern);
  if (typeof compiled === 'string') return false;
  return compiled.test(subject.slice(0, PATTERN_SUBJECT_MAX));
}
