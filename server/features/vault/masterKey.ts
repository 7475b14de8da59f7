// The vault's master key: MASTER_KEY from the environment, or a key file generated once in the
// data folder with owner-only permissions. Losing it makes every stored secret unreadable.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError } from '#server/db/databaseUrl.js';

export const MASTER_KEY_FILE = 'master.key';

export function parseMasterKey(value: string, origin: string): Buffer {
  const text = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32 || (!/^[0-9a-fA-F]{64}$/.test(text) && key.toString('base64') !== text.replace(/\s/g, ''))) {
    throw new ConfigError(
      `${origin} must be a 32-byte key written as 64 hex characters or base64 ` +
        "(generate one with: node -e \"console.log(require('crypto').randomBytes(32).toString('hex'))\")",
    );
  }
  return key;
}

export function loadMasterKey(options: { masterKey?: string | undefined; dataDir: string; create?: boolean }): Buffer {
  if (options.masterKey !== undefined && options.masterKey !== '') return parseMasterKey(options.masterKey, 'MASTER_KEY');
  const file = path.join(options.dataDir, MASTER_KEY_FILE);
  if (!fs.existsSync(file)) {
    if (options.create === false) throw new ConfigError(`no MASTER_KEY and no key file at ${file}`);
    fs.mkdirSync(options.dataDir, { recursive: true });
    try {
      // 'wx': two processes starting together must not each write a different key.
      fs.writeFileSync(file, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  const mode = fs.statSync(file).mode & 0o777;
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    throw new ConfigError(`master key file ${file} is readable by other users (mode ${mode.toString(8)}); run: chmod 600 ${file}`);
  }
  return parseMasterKey(fs.readFileSync(file, 'utf8'), `master key file ${file}`);
}
