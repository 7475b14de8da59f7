import { UserFacingError } from '../app/userFacingError.js';

export class DatabaseUnavailableError extends UserFacingError {
  override name = 'DatabaseUnavailableError';
  constructor(url: string, cause: unknown) {
    const where = safeLocation(url);
    super(
      `cannot connect to PostgreSQL at ${where}: ${cause instanceof Error ? cause.message : String(cause)}. ` +
        'Is it running? (scripts/setup-postgres.sh sets up a local one.)',
      { cause },
    );
  }
}

export class DatabaseNewerThanCodeError extends UserFacingError {
  override name = 'DatabaseNewerThanCodeError';
  constructor(applied: string, known: string) {
    super(
      `the database was migrated by a newer version of UZZ.AI (its last migration is ${applied}; this version ` +
        `knows up to ${known}). Upgrade the application instead of downgrading the database.`,
    );
  }
}

/** The runtime could not log in as one of its roles (wrong password, role missing). */
export class DatabaseLoginError extends UserFacingError {
  override name = 'DatabaseLoginError';
  constructor(variable: string, url: string, cause: unknown) {
    super(
      `cannot log in to PostgreSQL at ${safeLocation(url)} as "${safeLogin(url)}" (${variable}): ` +
        `${cause instanceof Error ? cause.message : String(cause)}. Run \`npm run setup:postgres\` to create the runtime roles, ` +
        `or set ${variable} to a role's credentials.`,
      { cause },
    );
  }
}

/** A runtime role that could widen what it sees (superuser, owner, BYPASSRLS) or lacks what it needs: the server refuses to start. */
export class DatabaseRoleError extends UserFacingError {
  override name = 'DatabaseRoleError';
}

/** host:port/database without credentials, for error messages. */
export function safeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * Trouble with the database itself rather than with the data: no pooled connection in time, a
 * connection lost or refused, the server shutting down or out of connections, a serialization
 * failure or deadlock, SQLite busy or locked. The same work done again later can succeed, so
 * callers retry it (an inbox event is retried, a write is tried again); it is never the fault of
 * a model, a customer or a request. Looks through wrappers (drizzle's query error keeps the
 * driver's error as `cause`). A constraint violation or a bad query is not this: retrying it
 * gives the same answer.
 */
export function isDatabaseError(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; current = (current as { cause?: unknown }).cause, depth++) {
    if (current instanceof TransientDatabaseError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_CODE.test(code)) return true;
    const message = current instanceof Error ? current.message : '';
    if (TRANSIENT_MESSAGE.test(message)) return true;
  }
  return false;
}

/** Thrown where a database call failed for a reason isDatabaseError recognises, e.g. by the test fault injector. */
export class TransientDatabaseError extends Error {
  override name = 'TransientDatabaseError';
  constructor(
    message: string,
    readonly code?: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

// PostgreSQL SQLSTATEs: 08xxx connection exceptions, 40001 serialization failure, 40P01 deadlock,
// 53xxx insufficient resources (too many connections, out of memory/disk), 57P01-57P05 the server
// shutting down, restarting or dropping an idle session, 55P03 lock not available. Node socket
// errors. SQLite: busy, locked, I/O errors (SQLITE_BUSY_SNAPSHOT, SQLITE_IOERR_* and so on).
const TRANSIENT_CODE =
  /^(08[0-9A-Z]{3}|40001|40P01|53[0-9A-Z]{3}|57P0[1-5]|55P03|ECONNREFUSED|ECONNRESET|EPIPE|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|SQLITE_(BUSY|LOCKED|IOERR|PROTOCOL)\w*)$/;
// pg and pg-pool report a pool timeout or a dropped connection with a plain Error and no code.
const TRANSIENT_MESSAGE =
  /^(timeout exceeded when trying to connect|Connection terminated( unexpectedly| due to connection timeout)?|Client has encountered a connection error and is not queryable|Client was closed and is not queryable|terminating connection due to|database is locked|sorry, too many clients)/;

function safeLogin(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username);
  } catch {
    return '?';
  }
}
