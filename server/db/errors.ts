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

/** host:port/database without credentials, for error messages. */
function safeLocation(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL';
  }
}
