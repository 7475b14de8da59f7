// Email + password sign-in with a lockout after repeated failures. The same message for an
// unknown email and a wrong password, so the form does not reveal who has an account.
import { TRPCError } from '@trpc/server';
import { and, eq, gte, sql } from 'drizzle-orm';
import type { Database } from '../../db/openDatabase.js';
import { verifyPassword } from './passwords.js';
import { createSession } from './sessions.js';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MINUTES = 15;

export async function loginWithPassword(
  db: Database,
  input: { email: string; password: string },
  meta: { userAgent?: string; ip?: string } = {},
): Promise<{ token: string; userId: string }> {
  const email = input.email.trim().toLowerCase();
  const { users } = db.t;
  const [user] = await db.system((tx) => tx.select().from(users).where(eq(users.email, email)));
  if (user?.lockedUntil && user.lockedUntil > new Date()) {
    const minutes = Math.ceil((user.lockedUntil.getTime() - Date.now()) / 60_000);
    throw new TRPCError({ code: 'TOO_MANY_REQUESTS', message: `too many failed attempts: try again in ${minutes} minute(s)` });
  }
  const valid = await verifyPassword(input.password, user?.passwordHash ?? null);
  if (!user || !valid) {
    if (user) {
      // Counted in SQL so that simultaneous wrong attempts are all counted.
      await db.system(async (tx) => {
        await tx.update(users).set({ failedLoginCount: sql`${users.failedLoginCount} + 1` }).where(eq(users.id, user.id));
        await tx.update(users).set({ lockedUntil: new Date(Date.now() + LOCKOUT_MINUTES * 60_000), failedLoginCount: 0 })
          .where(and(eq(users.id, user.id), gte(users.failedLoginCount, MAX_FAILED_LOGINS)));
      });
    }
    throw new TRPCError({ code: 'UNAUTHORIZED', message: 'wrong email or password' });
  }
  const access = await memberAccess(db, user.id);
  if (!user.isPlatformAdmin && access === 'deactivated') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'this account was deactivated: ask an administrator of your organisation' });
  }
  if (!user.isPlatformAdmin && access === 'client-suspended') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'your organisation\'s account is suspended: contact the platform administrator' });
  }
  const token = await db.system(async (tx) => {
    await tx.update(users).set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: new Date() }).where(eq(users.id, user.id));
    return createSession(db, tx, user.id, meta);
  });
  return { token, userId: user.id };
}

/** Whether the account's membership lets it in (accounts without a membership are platform-level). */
async function memberAccess(db: Database, userId: string): Promise<'ok' | 'deactivated' | 'client-suspended'> {
  const { userProfiles, clients } = db.t;
  const [profile] = await db.system((tx) => tx.select({ active: userProfiles.isActive, clientStatus: clients.status })
    .from(userProfiles).innerJoin(clients, eq(clients.id, userProfiles.clientId)).where(eq(userProfiles.id, userId)));
  if (!profile) return 'ok';
  if (!profile.active) return 'deactivated';
  return profile.clientStatus === 'active' ? 'ok' : 'client-suspended';
}
