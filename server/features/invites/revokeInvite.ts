// Revokes a pending invite of the caller's client; its link stops working at once.
import { TRPCError } from '@trpc/server';
import { and, eq, isNull } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { inviteState } from './inviteTokens.js';

export async function revokeInvite(db: Database, clientId: string, inviteId: string) {
  const { userInvites } = db.t;
  return db.tenant(clientId, async (tx) => {
    const [revoked] = await tx
      .update(userInvites)
      .set({ revokedAt: new Date() })
      .where(and(eq(userInvites.id, inviteId), eq(userInvites.clientId, clientId), isNull(userInvites.acceptedAt), isNull(userInvites.revokedAt)))
      .returning({ id: userInvites.id, email: userInvites.email });
    if (revoked) return revoked;
    const [invite] = await tx
      .select()
      .from(userInvites)
      .where(and(eq(userInvites.id, inviteId), eq(userInvites.clientId, clientId)));
    if (!invite) throw new TRPCError({ code: 'NOT_FOUND', message: 'no invite with this id in your client' });
    throw new TRPCError({ code: 'CONFLICT', message: `this invite was already ${inviteState(invite)}` });
  });
}
