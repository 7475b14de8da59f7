// Invites an email to the caller's client with a role. Re-inviting the same email revokes the
// pending invite and issues a new one (the partial unique index user_invites_pending_email_key
// allows one pending invite per client and email).
import { TRPCError } from '@trpc/server';
import { and, eq, isNull } from 'drizzle-orm';
import type { UserRole } from '#shared/domain/statuses.js';
import type { Database } from '#server/db/openDatabase.js';
import { newInviteToken } from './inviteTokens.js';
import { lockKeyForTransaction } from '#server/db/dialect.js';

export async function createInvite(
  db: Database,
  clientId: string,
  actor: { userId: string; role: UserRole; isPlatformAdmin: boolean },
  input: { email: string; role: UserRole; expiresInHours: number },
) {
  if (input.role === 'owner' && actor.role !== 'owner') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'only an owner can invite an owner' });
  }
  const { userProfiles, userInvites } = db.t;
  // Only this client's own members are looked at (in the tenant's transaction): whether the email
  // has an account in another organisation is not this client's business, so such an invite is
  // answered like any other, and accepting it decides (acceptInvite refuses an email that has an
  // account). A pending invite reserves nothing outside this client either.
  const [member] = await db.tenant(clientId, (tx) =>
    tx
      .select({ id: userProfiles.id })
      .from(userProfiles)
      .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.email, input.email))),
  );
  if (member) throw new TRPCError({ code: 'CONFLICT', message: `${input.email} is already a member of this organisation` });

  const { token, tokenHash } = newInviteToken();
  const expiresAt = new Date(Date.now() + input.expiresInHours * 3_600_000);
  // A simultaneous re-invite of the same email can take the pending slot between our revoke and
  // insert; then the insert does nothing and we go round again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const invite = await db.tenant(clientId, async (tx) => {
      // On PostgreSQL, re-invites of one email take turns (SQLite transactions already do): without
      // this, racing revoke-then-insert rounds can all lose to each other.
      await lockKeyForTransaction(db, tx, `invite:${clientId}:${input.email}`);
      await tx
        .update(userInvites)
        .set({ revokedAt: new Date() })
        .where(and(eq(userInvites.clientId, clientId), eq(userInvites.email, input.email), isNull(userInvites.acceptedAt), isNull(userInvites.revokedAt)));
      const [row] = await tx
        .insert(userInvites)
        .values({ clientId, email: input.email, role: input.role, token: tokenHash, invitedBy: actor.isPlatformAdmin ? null : actor.userId, expiresAt })
        .onConflictDoNothing()
        .returning({ id: userInvites.id, email: userInvites.email, role: userInvites.role, expiresAt: userInvites.expiresAt });
      return row;
    });
    if (invite) return { ...invite, token };
  }
  throw new TRPCError({ code: 'CONFLICT', message: `${input.email} is being invited by someone else right now: try again` });
}
