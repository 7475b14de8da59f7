/**
 * Delay before retry number `attempt` (1 = the first retry): exponential, capped, with "full
 * jitter" (a random point in [delay/2, delay]) so jobs that failed together do not retry together.
 */
export function retryDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const exponential = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(exponential / 2 + random() * (exponential / 2));
}
