// Who may change which canned response. Chatwoot leaves the list to administrators; here agents
// write replies too (they know what customers ask), so: every member reads the list (viewers
// included: they see what the team sends), agents, admins and owners add to it, and a response is
// changed or deleted by its author or by an admin/owner (an agent cannot rewrite a colleague's).
import { TRPCError } from '@trpc/server';
import type { UserRole } from '#shared/domain/statuses.js';

export type Actor = { userId: string; role: UserRole };

export function mayChange(actor: Actor, row: { createdBy: string | null }): boolean {
  return actor.role === 'admin' || actor.role === 'owner' || (row.createdBy !== null && row.createdBy === actor.userId);
}

export function assertMayChange(actor: Actor, row: { shortcut: string; createdBy: string | null }): void {
  if (!mayChange(actor, row)) {
    throw new TRPCError({ code: 'FORBIDDEN', message: `only its author or an admin may change the canned response /${row.shortcut}` });
  }
}

export function duplicateShortcut(shortcut: string): TRPCError {
  return new TRPCError({ code: 'CONFLICT', message: `the shortcut /${shortcut} is already in use: choose another one` });
}

export function notFound(): TRPCError {
  return new TRPCError({ code: 'NOT_FOUND', message: 'this canned response does not exist (it may have been deleted)' });
}
