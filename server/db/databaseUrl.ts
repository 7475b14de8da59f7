// Which database to open, from DATABASE_URL. Empty means the embedded SQLite file in DATA_DIR.
import { UserFacingError } from '../app/userFacingError.js';
import path from 'node:path';

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'pg'; url: string };

export class ConfigError extends UserFacingError {
  override name = 'ConfigError';
}

export function parseDatabaseUrl(databaseUrl: string | undefined, dataDir: string): DatabaseTarget {
  const value = databaseUrl?.trim();
  if (!value) return { kind: 'sqlite', file: path.join(dataDir, 'uzz.sqlite') };
  if (value.startsWith('sqlite:')) {
    const file = value.replace(/^sqlite:(\/\/)?/, '');
    if (!file) throw new ConfigError('DATABASE_URL "sqlite:" needs a file path, for example sqlite:./data/uzz.sqlite');
    return { kind: 'sqlite', file: file === ':memory:' ? file : path.resolve(file) };
  }
  if (/^postgres(ql)?:\/\//.test(value)) {
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      throw new ConfigError('DATABASE_URL is not a valid URL: expected postgres://user:password@host:5432/database');
    }
    if (!parsed.hostname) throw new ConfigError('DATABASE_URL has no host: expected postgres://user@host:5432/database');
    if (parsed.pathname.length <= 1) throw new ConfigError('DATABASE_URL has no database name: expected postgres://user@host:5432/database');
    return { kind: 'pg', url: value };
  }
  throw new ConfigError(
    `DATABASE_URL must start with postgres://, postgresql:// or sqlite: (got "${value.split(':')[0]}:...")`,
  );
}
