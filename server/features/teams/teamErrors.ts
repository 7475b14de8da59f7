// Errors of team operations a person can act on, and their tRPC codes.
import { TRPCError } from '@trpc/server';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';

export const teamNotFound = () => new TRPCError({ code: 'NOT_FOUND', message: 'team not found' });
export const duplicateTeamName = (name: string) => new TRPCError({ code: 'CONFLICT', message: `a team named "${name}" already exists: choose another name` });

/** A unique violation on the team name (two creates at once) as the CONFLICT a person can act on. */
export function asTeamError(error: unknown, name: string | undefined): unknown {
  if (error instanceof TRPCError) return error;
  if (isUniqueViolation(error, 'teams')) return duplicateTeamName(name ?? '');
  return error;
}
