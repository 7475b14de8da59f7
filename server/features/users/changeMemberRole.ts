// Changes a member's role within the caller's client.
import { and, eq } from 'drizzle-orm';
import type { UserRole } from '#shared/domain/statuses.js';
import type { Database } from '#server/db/openDatabase.js';
import { assertAnotherOwnerRemains, assertMayManage, findMember, lockClientMembership, type Actor } from './memberRules.js';

export async function changeMemberRole(db: Database, clientId: string, actor: Actor, input: { userId: string; role: UserRole }) {
  const { userProfiles } = db.t;
  return db.tenant(clientId, async (tx) => {
    await lockClientMembership(db, tx, clientId);
    const target = await findMember(db, tx, clientId, input.userId);
    assertMayManage(actor, target, input.role);
    if (target.role === input.role) return { id: target.id, role: target.role, changed: false };
    if (input.role !== 'owner') await assertAnotherOwnerRemains(db, tx, clientId, target, 'demoted');
    await tx
      .update(userProfiles)
      .set({ role: input.role })
      .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.id, target.id)));
    return { id: target.id, role: input.role, changed: true };
  });
}
