// The database's own guards (unique shortcut per client, the CHECKs on shortcut and content) as
// the errors a person can act on. The service validates first; these cover races (a rename to a
// shortcut created a moment earlier) and any letter the database lowercases differently.
import { TRPCError } from '@trpc/server';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import { duplicateShortcut } from './cannedResponseRules.js';

export function asCannedResponseError(error: unknown, shortcut: string | undefined): unknown {
  if (error instanceof TRPCError) return error;
  if (isUniqueViolation(error, 'canned_responses')) return duplicateShortcut(shortcut ?? '');
  if (isCheckViolation(error, 'canned_responses')) {
    return new TRPCError({
      code: 'BAD_REQUEST',
      message: 'the shortcut or the response is not acceptable (1-40 letters, digits, "-" or "_"; a response of 1-4096 characters)',
    });
  }
  return error;
}

function isCheckViolation(error: unknown, name: string): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    const text = `${current.message} ${(current as { constraint?: unknown }).constraint ?? ''}`;
    if ((code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK') && text.includes(name)) return true;
  }
  return false;
}
