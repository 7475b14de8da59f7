// Looks an invite up by the token from its link, with a reason the person can act on when it
// cannot be used. Runs in the platform context: whoever holds the link is not signed in yet.
import { TRPCError } from '@trpc/server';
import { eq } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { hashInviteToken, inviteState } from './inviteTokens.js';

const REASONS = {
  accepted: 'this invite was already used: sign in with your email and password',
  revoked: 'this invite was revoked: ask your administrator for a new one',
  expired: 'this invite has expired: ask your administrator for a new one',
} as const;

export async function findUsableInvite(db: Database, tx: Tx, token: string) {
  const { userInvites, clients } = db.t;
  const [row] = await tx
    .select({ invite: userInvites, clientName: clients.name, clientStatus: clients.status })
    .from(userInvites)
    .innerJoin(clients, eq(clients.id, userInvites.clientId))
    .where(eq(userInvites.token, hashInviteToken(token)));
  if (!row) throw new TRPCError({ code: 'NOT_FOUND', message: 'this invite link is not valid: check that you copied all of it' });
  const state = inviteState(row.invite);
  if (state !== 'pending') throw new TRPCError({ code: state === 'expired' ? 'PRECONDITION_FAILED' : 'CONFLICT', message: REASONS[state] });
  if (row.clientStatus !== 'active')
    throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `${row.clientName} is ${row.clientStatus}: invites cannot be accepted` });
  return { ...row.invite, clientName: row.clientName };
}
