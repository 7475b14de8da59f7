// Which database to open, from DATABASE_URL. Empty means the embedded SQLite file in DATA_DIR.
// PostgreSQL uses three logins (see scripts/setup-postgres.sh): DATABASE_URL, the tables' owner,
// only migrates and grants; the runtime logs in as the app role for tenant work (row-level security
// applies, and it cannot become the owner) and as the system role for platform work.
import { UserFacingError } from '../app/userFacingError.js';
import path from 'node:path';

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | {
      kind: 'pg';
      /** The owner's connection: migrations and grants only, closed once the server has started. */
      url: string;
      /** Tenant transactions (db.tenant): a role subject to row-level security. */
      appUrl: string;
      /** Platform transactions (db.system): a role with BYPASSRLS that owns nothing. */
      systemUrl: string;
      /**
       * The one session connection that LISTENs for other instances' wake-ups and live events
       * (DATABASE_LISTEN_URL; default appUrl). Behind PgBouncer in transaction mode the pools go
       * through it and this goes straight to PostgreSQL: LISTEN needs a session of its own.
       */
      listenUrl?: string;
      /** Connections in each of the two pools (DATABASE_POOL_SIZE; default 10). */
      poolSize?: number;
    };

export class ConfigError extends UserFacingError {
  override name = 'ConfigError';
}

/** The runtime roles `npm run setup:postgres` creates (login name and password alike). */
export const DEFAULT_APP_ROLE = 'uzz_app';
export const DEFAULT_SYSTEM_ROLE = 'uzz_system';

export type DatabaseEnv = {
  DATABASE_URL?: string;
  DATABASE_APP_URL?: string;
  DATABASE_SYSTEM_URL?: string;
  DATABASE_APP_ROLE?: string;
  DATABASE_LISTEN_URL?: string;
  DATABASE_POOL_SIZE?: string;
};

export function parseDatabaseUrl(databaseUrl: string | undefined, dataDir: string, env: DatabaseEnv = {}): DatabaseTarget {
  const value = databaseUrl?.trim();
  if (!value) return { kind: 'sqlite', file: path.join(dataDir, 'uzz.sqlite') };
  if (value.startsWith('sqlite:')) {
    const file = value.replace(/^sqlite:(\/\/)?/, '');
    if (!file) throw new ConfigError('DATABASE_URL "sqlite:" needs a file path, for example sqlite:./data/uzz.sqlite');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    checkPgUrl('DATABASE_URL', value, false);
    const appUrl = env.DATABASE_APP_URL?.trim() || withLogin(value, env.DATABASE_APP_ROLE?.trim() || DEFAULT_APP_ROLE);
    const systemUrl = env.DATABASE_SYSTEM_URL?.trim() || withLogin(value, DEFAULT_SYSTEM_ROLE);
    checkPgUrl('DATABASE_APP_URL', appUrl);
    checkPgUrl('DATABASE_SYSTEM_URL', systemUrl);
    const listenUrl = env.DATABASE_LISTEN_URL?.trim();
    if (listenUrl) checkPgUrl('DATABASE_LISTEN_URL', listenUrl);
    const poolSize = parsePoolSize(env.DATABASE_POOL_SIZE);
    return { kind: 'pg', url: value, appUrl, systemUrl, ...(listenUrl ? { listenUrl } : {}), ...(poolSize ? { poolSize } : {}) };
  }
  throw new ConfigError(`DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got "${value.split(':')[0]}:...")`);
}

function parsePoolSize(value: string | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const size = Number(text);
  if (!Number.isInteger(size) || size < 1 || size > 500) {
    throw new ConfigError(`DATABASE_POOL_SIZE must be a whole number from 1 to 500 (got "${text}")`);
  }
  return size;
}

/**
 * The same server and database as `url`, logged in as `role` with the role's name as its password
 * (what `npm run setup:postgres` creates). Deployments with other passwords set DATABASE_APP_URL
 * and DATABASE_SYSTEM_URL instead.
 */
export function withLogin(url: string, role: string, password = role): string {
  const parsed = new URL(url);
  parsed.username = encodeURIComponent(role);
  parsed.password = encodeURIComponent(password);
  return parsed.toString();
}

/** The login name of a PostgreSQL URL (for grants and error messages). */
export function loginOf(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

function checkPgUrl(name: string, value: string, needsUser = true): void {
  if (!/^postgres(ql)?:\/\//.test(value)) throw new ConfigError(`${name} must start with postgres:// or postgresql://`);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL: expected postgres://user:password@host:5432/database`);
  }
  if (!parsed.hostname) throw new ConfigError(`${name} has no host: expected postgres://user@host:5432/database`);
  if (parsed.pathname.length <= 1) throw new ConfigError(`${name} has no database name: expected postgres://user@host:5432/database`);
  if (needsUser && !parsed.username) throw new ConfigError(`${name} has no user: expected postgres://user:password@host:5432/database`);
}
