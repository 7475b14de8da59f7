// Removes a member from the client: the profile, and with it the account (sessions, devices), so
// the email can be invited again. A platform administrator's account is kept, only its membership goes.
import { TRPCError } from '@trpc/server';
import { and, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { assertAnotherOwnerRemains, assertMayManage, findMember, lockClientMembership, type Actor } from './memberRules.js';

export async function removeMember(db: Database, clientId: string, actor: Actor, input: { userId: string }) {
  if (input.userId === actor.userId) {
    throw new TRPCError({ code: 'BAD_REQUEST', message: 'you cannot remove yourself: ask another admin' });
  }
  const { userProfiles, users } = db.t;
  const removed = await db.tenant(clientId, async (tx) => {
    await lockClientMembership(db, tx, clientId);
    const target = await findMember(db, tx, clientId, input.userId);
    assertMayManage(actor, target);
    await assertAnotherOwnerRemains(db, tx, clientId, target, 'removed');
    await tx.delete(userProfiles).where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.id, target.id)));
    return target;
  });
  // The account itself is platform data. Only an account left without any membership is deleted.
  await db.system(async (tx) => {
    const [profile] = await tx.select({ id: userProfiles.id }).from(userProfiles).where(eq(userProfiles.id, removed.id));
    if (!profile) await tx.delete(users).where(and(eq(users.id, removed.id), eq(users.isPlatformAdmin, false)));
    await tx.delete(db.t.sessions).where(eq(db.t.sessions.userId, removed.id));
  });
  return { id: removed.id, email: removed.email };
}
