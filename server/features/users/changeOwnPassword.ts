// A signed-in user changes their own password. The current password is required (a stolen session
// alone cannot take over the account); every other session is revoked, this one stays.
import { TRPCError } from '@trpc/server';
import { and, eq, ne } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { hashPassword, verifyPassword } from '../auth/index.js';

export async function changeOwnPassword(
  db: Database,
  session: { userId: string; sessionId: string },
  input: { currentPassword: string; newPassword: string },
): Promise<{ otherSessionsRevoked: number }> {
  const { users, sessions } = db.t;
  const [user] = await db.system((tx) => tx.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, session.userId)));
  if (!user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'your account no longer exists' });
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'the current password is wrong' });
  }
  if (input.currentPassword === input.newPassword) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'the new password must differ from the current one' });
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.system(async (tx) => {
    // Compare-and-set on the old hash: of two simultaneous changes, the second fails instead of
    // silently overwriting the first with a password checked against a stale hash.
    const updated = await tx
      .update(users)
      .set({ passwordHash, failedLoginCount: 0, lockedUntil: null })
      .where(and(eq(users.id, session.userId), user.passwordHash === null ? eq(users.id, session.userId) : eq(users.passwordHash, user.passwordHash)))
      .returning({ id: users.id });
    if (updated.length === 0) throw new TRPCError({ code: 'CONFLICT', message: 'your password was changed meanwhile: sign in again' });
    const revoked = await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, session.userId), ne(sessions.id, session.sessionId)))
      .returning({ id: sessions.id });
    return { otherSessionsRevoked: revoked.length };
  });
}
