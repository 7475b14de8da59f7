import { UserFacingError } from '../app/userFacingError.js';

export class DatabaseUnavailableError extends UserFacingError {
  override name = 'DatabaseUnavailableError';
  constructor(url: string, cause: unknown) {
    const where = safeLocation(url);
    super(`cannot connect to PostgreSQL at ${where}: ${cause instanceof Error ? cause.message : String(cause)}. `
      + 'Is it running? (scripts/setup-postgres.sh sets up a local one.)', { cause });
  }
}

export class DatabaseNewerThanCodeError extends UserFacingError {
  override name = 'DatabaseNewerThanCodeError';
  constructor(applied: string, known: string) {
    super(`the database was migrated by a newer version of UZZ.AI (its last migration is ${applied}; this version `
      + `knows up to ${known}). Upgrade the application instead of downgrading the database.`);
  }
}

/** The runtime could not log in as one of its roles (wrong password, role missing). */
export class DatabaseLoginError extends UserFacingError {
  override name = 'DatabaseLoginError';
  constructor(variable: string, url: string, cause: unknown) {
    super(`cannot log in to PostgreSQL at ${safeLocation(url)} as "${safeLogin(url)}" (${variable}): `
      + `${cause instanceof Error ? cause.message : String(cause)}. Run \`npm run setup:postgres\` to create the runtime roles, `
      + `or set ${variable} to a role's credentials.`, { cause });
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

function safeLogin(url: string): string {
  try {
    return decodeURIComponent(new URL(url).username);
  } catch {
    return '?';
  }
}
