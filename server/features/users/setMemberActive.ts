// Deactivates or reactivates a member. A deactivated member's sessions are deleted (and
// resolveSession also refuses inactive members), so they are signed out everywhere at once.
// Reactivation deletes them again: a sign-in made while inactive (login does not look at the
// profile) must not turn into a working session, only a sign-in after reactivation does.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { assertAnotherOwnerRemains, assertMayManage, findMember, lockClientMembership, type Actor } from './memberRules.js';

export async function setMemberActive(db: Database, clientId: string, actor: Actor, input: { userId: string; active: boolean }) {
  const { userProfiles, sessions } = db.t;
  if (!input.active && input.userId === actor.userId) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'you cannot deactivate your own account: ask another admin' });
  }
  const result = await db.tenant(clientId, async (tx) => {
    await lockClientMembership(db, tx, clientId);
    const target = await findMember(db, tx, clientId, input.userId);
    assertMayManage(actor, target);
    if (target.isActive === input.active) return { id: target.id, isActive: target.isActive, changed: false };
    if (!input.active) await assertAnotherOwnerRemains(db, tx, clientId, target, 'deactivated');
    await tx
      .update(userProfiles)
      .set({ isActive: input.active })
      .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.id, target.id)));
    return { id: target.id, isActive: input.active, changed: true };
  });
  // Sessions belong to the platform (see migrations/pg/0001_tenancy.sql), hence a system transaction.
  if (result.changed) await db.system((tx) => tx.delete(sessions).where(eq(sessions.userId, input.userId)));
  return result;
}
