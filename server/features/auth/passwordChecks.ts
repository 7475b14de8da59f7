// At most MAX_RUNNING password hashes at once in this process, at most MAX_WAITING waiting;
// beyond that a request is refused at once instead of queueing for minutes. scrypt at OWASP's
// parameters takes ~128 MiB and most of a core for a fraction of a second: without a bound, a
// burst of sign-ins (or of invite accepts) takes every core and the memory of the machine, and
// every tenant's requests wait behind it.
import { TRPCError } from '@trpc/server';

export const MAX_RUNNING = 2;
export const MAX_WAITING = 16;

let running = 0;
const waiting: Array<() => void> = [];
/** How many hashes ran in this process (tests count them). */
export const passwordCheckStats = { started: 0, refused: 0, peakRunning: 0 };

export async function inPasswordQueue<T>(work: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNNING) {
    if (waiting.length >= MAX_WAITING) {
      passwordCheckStats.refused++;
      throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: 'the server is busy checking passwords: try again in a few seconds' });
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  } else {
    running++;
  }
  // A finishing check hands its place straight to the next one (running stays the same).
  passwordCheckStats.started++;
  passwordCheckStats.peakRunning = Math.max(passwordCheckStats.peakRunning, running);
  try {
    return await work();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}
