// Database errors that are really the caller's bad input, for the few places the input schemas
// cannot rule them out: a malformed uuid or NUL that slipped past (PostgreSQL 22P02, 22021, 22P05)
// is a 400; a reference to a row that does not exist (foreign key, 23503) is a 404. Anything else
// stays an internal error (and is reported without its SQL, see formatTrpcError.ts).
import { TRPCError } from '@trpc/server';

const BAD_REQUEST_CODES = new Set(['22P02', '22021', '22P05', '22001', '22003', '22007', '22008']);
const NOT_FOUND_CODES = new Set(['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY']);

export function databaseInputError(error: unknown): TRPCError | null {
  for (let current = error, depth = 0; current instanceof Error && depth < 6; current = current.cause, depth++) {
    // drizzle refuses an UPDATE with nothing in it: an update input whose every field was left out.
    if (current.message === 'No values to set') return new TRPCError({ code: 'BAD_REQUEST', message: 'nothing to change: the update names no field' });
    const code = (current as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (BAD_REQUEST_CODES.has(code)) {
      return new TRPCError({
        code: 'BAD_REQUEST',
        message: 'the input has a value of the wrong form (for example an id that is not a uuid, or text with a NUL character)',
      });
    }
    if (NOT_FOUND_CODES.has(code)) return new TRPCError({ code: 'NOT_FOUND', message: 'the input refers to something that does not exist' });
  }
  return null;
}
