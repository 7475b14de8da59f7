// The caller's client's invites, newest first, with their state. Token hashes are never returned.
import { desc, eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import { inviteState, type InviteState } from './inviteTokens.js';

export async function listInvites(db: Database, clientId: string, filter: { state?: InviteState | undefined }) {
  const { userInvites } = db.t;
  const rows = await db.tenant(clientId, (tx) =>
    tx
      .select({
        id: userInvites.id,
        email: userInvites.email,
        role: userInvites.role,
        invitedBy: userInvites.invitedBy,
        expiresAt: userInvites.expiresAt,
        acceptedAt: userInvites.acceptedAt,
        acceptedBy: userInvites.acceptedBy,
        revokedAt: userInvites.revokedAt,
        createdAt: userInvites.createdAt,
      })
      .from(userInvites)
      .where(eq(userInvites.clientId, clientId))
      .orderBy(desc(userInvites.createdAt))
      .limit(500),
  );
  const now = new Date();
  return rows.map((row) => ({ ...row, state: inviteState(row, now) })).filter((row) => !filter.state || row.state === filter.state);
}
