// Attempts at emails that have no account are throttled like real accounts (same budget, same
// growing delay, same refusal), so "too many failed attempts" does not reveal that an account
// exists. Kept in memory (there is no row to count on): per process, at most MAX_TRACKED emails.
import { ATTEMPT_BUDGET, delayMinutes } from './attemptPolicy.js';

const MAX_TRACKED = 10_000;
const tracked = new Map<string, { count: number; lockedUntil: number }>();

/** Takes an attempt slot for an unknown email: null when allowed, else until when it is refused. */
export function reserveUnknownEmailAttempt(email: string, now = Date.now()): Date | null {
  const entry = tracked.get(email) ?? { count: 0, lockedUntil: 0 };
  if (entry.lockedUntil > now) return new Date(entry.lockedUntil);
  entry.count++;
  if (entry.count % ATTEMPT_BUDGET === 0) entry.lockedUntil = now + delayMinutes(entry.count / ATTEMPT_BUDGET) * 60_000;
  tracked.delete(email);
  tracked.set(email, entry); // most recent last: the oldest is dropped first
  if (tracked.size > MAX_TRACKED) tracked.delete(tracked.keys().next().value!);
  return null;
}
