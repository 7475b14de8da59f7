// Email + password sign-in. The same message for an unknown email and a wrong password, so the
// form does not reveal who has an account.
//
// Guessing is bounded per account without letting a stranger lock anyone out for good: every
// attempt first reserves a slot in SQL (users.failed_login_count, reset by a successful sign-in),
// before any hashing. The ATTEMPT_BUDGET-th slot in a row also sets users.locked_until, a delay
// that doubles with each used-up budget (1, 2, 4, 8 minutes, at most MAX_DELAY_MINUTES); while
// it lasts attempts are refused without hashing, and when it ends the right password works again.
// Unknown emails get the same treatment (unknownEmailAttempts.ts), so the refusal reveals nothing.
// A burst of simultaneous guesses therefore checks at most ATTEMPT_BUDGET of them. Per-address
// limits and batching are handled at the HTTP edge (loginRateLimit.ts), the CPU by the password
// queue (passwordChecks.ts).
import { TRPCError } from '@trpc/server';
import { and, eq, isNull, lte, or, sql } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { hashPassword, needsRehash, verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';
import { ATTEMPT_BUDGET, delayMinutes } from './attemptPolicy.js';
import { reserveUnknownEmailAttempt } from './unknownEmailAttempts.js';

export { ATTEMPT_BUDGET, MAX_DELAY_MINUTES, delayMinutes } from './attemptPolicy.js';

const tooMany = (until: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - Date.now()) / 1000));
  return new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many failed attempts: try again in ${seconds} second(s)` });
};

export async function loginWithPassword(
  db: Database,
  input: { email: string; password: string },
  meta: { userAgent?: string; ip?: string } = {},
): Promise<{ token: string; userId: string }> {
  const email = input.email.trim().toLowerCase();
  const { users } = db.t;
  const [user] = await db.system((tx) => tx.select().from(users).where(eq(users.email, email)));
  if (user) await reserveAttempt(db, user.id);
  else {
    const refusedUntil = reserveUnknownEmailAttempt(email);
    if (refusedUntil) throw tooMany(refusedUntil);
  }
  const valid = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !valid) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong email or password' });

  const access = await memberAccess(db, user.id);
  if (!user.isPlatformAdmin && access === 'deactivated') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'this account was deactivated: ask an administrator of your organisation' });
  }
  if (!user.isPlatformAdmin && access === 'client-suspended') {
    throw new TRPCError({ code: 'FORBIDDEN', message: "your organisation's account is suspended: contact the platform administrator" });
  }
  // Stored with older scrypt parameters: store today's (the password is at hand only now).
  const rehashed = needsRehash(user.passwordHash) ? await hashPassword(input.password) : null;
  const token = await db.system(async (tx) => {
    await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
    if (rehashed) {
      // Only if the password did not change meanwhile.
      await tx
        .update(users)
        .set({ passwordHash: rehashed })
        .where(and(eq(users.id, user.id), eq(users.passwordHash, user.passwordHash!)));
    }
    return createSession(db, tx, user.id, meta);
  });
  return { token, userId: user.id };
}

/**
 * Takes one attempt slot, or refuses while the account's delay lasts. One conditional UPDATE per
 * attempt: simultaneous attempts take turns on the row (PostgreSQL re-checks the condition after
 * the row lock, SQLite runs one writer at a time), so no two can take the same slot.
 */
async function reserveAttempt(db: Database, userId: string): Promise<void> {
  const { users } = db.t;
  const refusedUntil = await db.system(async (tx) => {
    const now = new Date();
    const [slot] = await tx
      .update(users)
      .set({ failedLoginCount: sql`${users.failedLoginCount} + 1` })
      .where(and(eq(users.id, userId), or(isNull(users.lockedUntil), lte(users.lockedUntil, now))))
      .returning({ count: users.failedLoginCount });
    if (slot) {
      // The last slot of this budget: the next attempts wait (this one still goes ahead).
      if (slot.count % ATTEMPT_BUDGET === 0) {
        const until = new Date(now.getTime() + delayMinutes(slot.count / ATTEMPT_BUDGET) * 60_000);
        await tx.update(users).set({ lockedUntil: until }).where(eq(users.id, userId));
      }
      return null;
    }
    const [row] = await tx.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, userId));
    return row?.lockedUntil ?? now;
  });
  if (refusedUntil) throw tooMany(refusedUntil);
}

/** Whether the account's membership lets it in (accounts without a membership are platform-level). */
async function memberAccess(db: Database, userId: string): Promise<'ok' | 'deactivated' | 'client-suspended'> {
  const { userProfiles, clients } = db.t;
  const [profile] = await db.system((tx) =>
    tx
      .select({ active: userProfiles.isActive, clientStatus: clients.status })
      .from(userProfiles)
      .innerJoin(clients, eq(clients.id, userProfiles.clientId))
      .where(eq(userProfiles.id, userId)),
  );
  if (!profile) return 'ok';
  if (!profile.active) return 'deactivated';
  return profile.clientStatus === 'active' ? 'ok' : 'client-suspended';
}
