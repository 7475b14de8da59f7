// Accepts an invite: creates the account and its profile in the invite's client with its role,
// and signs the person in. Exactly once: the invite is claimed by a conditional update inside the
// same transaction that creates the user, so of two racing accepts one gets the row and the other
// finds it used; anything failing afterwards (email taken meanwhile) rolls the claim back.
import { TRPCError } from '@trpc/server';
import { and, eq, gt, isNull } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { DuplicateEmailError, insertUser } from '../auth/index.js';
import { hashPassword } from '../auth/index.js';
import { createSession } from '../auth/index.js';
import { findUsableInvite } from './findInviteByToken.js';

export async function acceptInvite(
  db: Database,
  input: { token: string; password: string; fullName: string },
  meta: { userAgent?: string; ip?: string } = {},
): Promise<{ token: string; userId: string; clientId: string; email: string }> {
  // Checked before the slow hash, so a dead link answers at once.
  await db.system((tx) => findUsableInvite(db, tx, input.token));
  const passwordHash = await hashPassword(input.password);
  const { userInvites } = db.t;
  try {
    return await db.system(async (tx) => {
      const invite = await findUsableInvite(db, tx, input.token);
      const now = new Date();
      const [claimed] = await tx
        .update(userInvites)
        .set({ acceptedAt: now })
        .where(and(eq(userInvites.id, invite.id), isNull(userInvites.acceptedAt), isNull(userInvites.revokedAt), gt(userInvites.expiresAt, now)))
        .returning({ id: userInvites.id });
      if (!claimed) throw new TRPCError({ code: 'CONFLICT', message: 'this invite was already used: sign in with your email and password' });
      const user = await insertUser(db, tx, {
        email: invite.email,
        passwordHash,
        fullName: input.fullName,
        clientId: invite.clientId,
        role: invite.role,
        isPlatformAdmin: false,
      });
      await tx.update(userInvites).set({ acceptedBy: user.id }).where(eq(userInvites.id, invite.id));
      await tx.update(db.t.users).set({ lastLoginAt: now }).where(eq(db.t.users.id, user.id));
      const token = await createSession(db, tx, user.id, meta);
      return { token, userId: user.id, clientId: invite.clientId, email: invite.email };
    });
  } catch (error) {
    if (error instanceof DuplicateEmailError) {
      throw new TRPCError({ code: 'CONFLICT', message: `${error.message.replace('a user with email ', '')}: sign in with that account instead` });
    }
    throw error;
  }
}
