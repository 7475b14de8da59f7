import { UserFacingError } from './userFacingError.js';

/** One readable line for the errors a person can fix; the stack only for the unexpected. */
export function describeStartupError(error: unknown): string {
  if (error instanceof UserFacingError) return error.message;
  if (error instanceof Error && 'code' in error && error.code === 'EADDRINUSE') return `${error.message}: the port is taken (set PORT)`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
