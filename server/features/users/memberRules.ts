// Who may change whom inside one client. Shared by role changes, deactivation and removal so the
// rules cannot drift apart: only an owner touches an owner or makes one, and a client always keeps
// at least one active owner.
import { TRPCError } from '@trpc/server';
import { and, count, eq, ne } from 'drizzle-orm';
import type { UserRole } from '#shared/domain/statuses.js';
import type { Database } from '#server/db/openDatabase.js';
import type { Tx } from '#server/db/tables.js';
import { lockClientRow } from '#server/db/dialect.js';

export type Actor = { userId: string; role: UserRole };
export type Member = { id: string; email: string; role: UserRole; isActive: boolean; fullName: string | null };

/**
 * Serialises membership changes of one client for the rest of the transaction. Without it, two
 * admins demoting the only two owners at once would both see "another owner remains" and leave
 * none. SQLite transactions are already serial (BEGIN IMMEDIATE).
 */
export async function lockClientMembership(db: Database, tx: Tx, clientId: string): Promise<void> {
  await lockClientRow(db, tx, clientId);
}

/** The member of this client, or NOT_FOUND: another client's user id looks exactly like an unknown one. */
export async function findMember(db: Database, tx: Tx, clientId: string, userId: string): Promise<Member> {
  const { userProfiles } = db.t;
  const [member] = await tx
    .select({ id: userProfiles.id, email: userProfiles.email, role: userProfiles.role, isActive: userProfiles.isActive, fullName: userProfiles.fullName })
    .from(userProfiles)
    .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.id, userId)));
  if (!member) throw new TRPCError({ code: 'NOT_FOUND', message: 'no member with this id in your client' });
  return member;
}

export function assertMayManage(actor: Actor, target: Member, newRole?: UserRole): void {
  if (target.role === 'owner' && actor.role !== 'owner') {
    throw new TRPCError({ code: 'FORBIDDEN', message: `${target.email} is an owner: only an owner can change an owner` });
  }
  if (newRole === 'owner' && actor.role !== 'owner') {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'only an owner can make someone an owner' });
  }
}

/** Refuses a change that would leave the client without an active owner. */
export async function assertAnotherOwnerRemains(db: Database, tx: Tx, clientId: string, target: Member, what: string): Promise<void> {
  if (target.role !== 'owner' || !target.isActive) return;
  const { userProfiles } = db.t;
  const [others] = await tx
    .select({ n: count() })
    .from(userProfiles)
    .where(and(eq(userProfiles.clientId, clientId), eq(userProfiles.role, 'owner'), eq(userProfiles.isActive, true), ne(userProfiles.id, target.id)));
  if (!others || Number(others.n) === 0) {
    throw new TRPCError({
      code: 'PRECONDITION_FAILED',
      message: `${target.email} is the last owner of this client and cannot be ${what}: make another member an owner first`,
    });
  }
}
