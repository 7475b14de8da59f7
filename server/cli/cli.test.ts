// `npx uzz` through its real entry point (bin/uzz.mjs), on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DATABASE_KINDS, createTestTarget } from '../testing/testDatabases.js';
import { runNode } from '../testing/runProcess.js';
import type { DatabaseTarget } from '../db/databaseUrl.js';
import { openDatabase } from '../db/openDatabase.js';
import { verifyPassword } from '../features/auth/passwords.js';

const databaseUrl = (target: DatabaseTarget) => (target.kind === 'pg' ? target.url : `sqlite:${target.file}`);

describe.each(DATABASE_KINDS)('npx uzz on %s', (kind) => {
  let target: DatabaseTarget;
  let drop: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  const uzz = (...args: string[]) => runNode('bin/uzz.mjs', args, env);
  const uzzWith = (stdin: string, extraEnv: NodeJS.ProcessEnv, ...args: string[]) =>
    runNode('bin/uzz.mjs', args, { ...env, ...extraEnv }, undefined, { stdin });

  beforeAll(async () => {
    ({ target, drop } = await createTestTarget(kind));
    env = { DATABASE_URL: databaseUrl(target), DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-cli-')), MASTER_KEY: randomBytes(32).toString('hex') };
  });
  afterAll(() => drop?.());

  it('migrates and reports the level', async () => {
    const result = await uzz('migrate');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ database: kind === 'pg' ? 'postgresql' : 'sqlite', latest: expect.any(String) });
  });

  it('creates a client with its secrets in the vault, and users that can sign in', async () => {
    // Secrets from standard input ("-") and the environment, never from argv: no warning.
    const client = await uzzWith(
      'EAAG-real-looking-token\napp-secret-123\n',
      { UZZ_VERIFY_TOKEN: 'my-verify-token' },
      'client',
      'create',
      '--name',
      'Padaria Pão Quente',
      '--slug',
      'padaria',
      '--phone-number-id',
      '106540352242922',
      '--display-phone',
      '+55 11 98888-7777',
      '--access-token',
      '-',
      '--app-secret',
      '-',
    );
    expect(client.stderr).toBe('');
    expect(client.code).toBe(0);
    const { id } = JSON.parse(client.stdout) as { id: string };

    const owner = await uzzWith(
      'pao-quente-123\n',
      {},
      'user',
      'create',
      '--email',
      'Dona@Padaria.com',
      '--password-stdin',
      '--client',
      'padaria',
      '--role',
      'owner',
      '--name',
      'Dona Maria',
    );
    expect(owner.stderr).toBe('');
    expect(owner.code).toBe(0);
    expect(JSON.parse(owner.stdout)).toMatchObject({ email: 'dona@padaria.com', clientId: id, role: 'owner' });
    const admin = await uzzWith('', { UZZ_PASSWORD: 'platform-123' }, 'user', 'create', '--email', 'root@uzz.test', '--platform-admin');
    expect(admin.stderr).toBe('');
    expect(admin.code).toBe(0);

    const db = await openDatabase(target);
    try {
      const [row] = await db.system((tx) => tx.select().from(db.t.clients));
      expect(row).toMatchObject({ slug: 'padaria', metaPhoneNumberId: '106540352242922' });
      const secrets = await db.system((tx) => tx.select().from(db.t.secrets));
      // The three Meta credentials, and the sandbox number's own webhook secret every client gets.
      expect(secrets.map((secret) => secret.name).sort()).toEqual(['meta_access_token', 'meta_app_secret', 'meta_verify_token', 'sandbox_app_secret']);
      expect(JSON.stringify(secrets)).not.toContain('EAAG-real-looking-token');
      const users = await db.system((tx) => tx.select().from(db.t.users));
      const hashOf = (email: string) => users.find((user) => user.email === email)!.passwordHash;
      await expect(verifyPassword('pao-quente-123', hashOf('dona@padaria.com'))).resolves.toBe(true);
      await expect(verifyPassword('platform-123', hashOf('root@uzz.test'))).resolves.toBe(true);
    } finally {
      await db.close();
    }
  }, 180_000); // three CLI processes and two checks of a production-cost (OWASP) password hash

  it('refuses duplicates and bad input with one line and a non-zero exit, writing nothing', async () => {
    const cases: [string[], number, RegExp, string?][] = [
      [['client', 'create', '--name', 'Outra', '--slug', 'padaria'], 1, /slug "padaria" already exists/],
      [['client', 'create', '--name', 'Outra', '--slug', 'outra', '--phone-number-id', '106540352242922'], 1, /already belongs to another client/],
      [['client', 'create', '--name', 'Sem slug'], 2, /missing --slug/],
      [['client', 'create', '--name', 'X', '--slug', 'Bad Slug!'], 2, /slug/],
      [['client', 'create', '--name', 'X', '--slug', 'x-zone', '--timezone', 'Mars/Olympus'], 2, /unknown time zone/],
      [['client', 'create', '--bogus'], 2, /Unknown option '--bogus'/],
      [['user', 'create', '--email', 'dona@padaria.com', '--password', '-', '--client', 'padaria'], 1, /already exists/, 'whatever-123\n'],
      [['user', 'create', '--email', 'new@padaria.com', '--password', '-', '--client', 'padaria'], 2, /at least 8 characters/, 'short\n'],
      [['user', 'create', '--email', 'new@padaria.com', '--password', '-', '--client', 'nope'], 2, /no client with slug or id "nope"/, 'long-enough\n'],
      [
        ['user', 'create', '--email', 'new@padaria.com', '--password', '-', '--client', 'padaria', '--role', 'king'],
        2,
        /--role must be one of/,
        'long-enough\n',
      ],
      [['user', 'create', '--email', 'new@padaria.com', '--password-stdin', '--client', 'padaria'], 2, /--password: expected a line on standard input/, ''],
      [['frobnicate'], 2, /unknown command/],
    ];
    for (const [args, code, message, stdin] of cases) {
      const result = await uzzWith(stdin ?? '', {}, ...args);
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n'), `one line for ${args.join(' ')}`).toHaveLength(1);
    }
    const db = await openDatabase(target);
    try {
      expect(await db.system((tx) => tx.select().from(db.t.clients))).toHaveLength(1);
      expect(await db.system((tx) => tx.select().from(db.t.users))).toHaveLength(2);
    } finally {
      await db.close();
    }
  }, 240_000); // twelve CLI processes one after another, each booting tsx: minutes on a loaded 2-core machine

  it('still takes a secret written on the command line, with a warning that others can read it', async () => {
    const result = await uzz('user', 'create', '--email', 'argv@padaria.com', '--password', 'typed-in-argv-123', '--client', 'padaria');
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/warning: --password on the command line is visible to other users.*UZZ_PASSWORD/);
    expect(result.stderr).not.toContain('typed-in-argv-123');
  });

  it('fails with one line on a wrong or malformed master key', async () => {
    const wrongKey = await runNode('bin/uzz.mjs', ['migrate'], { ...env, MASTER_KEY: 'nope' });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr.trim()).toMatch(/^uzz: error: MASTER_KEY must be a 32-byte key/);
  });
});

describe('npx uzz configuration errors', () => {
  const run = (env: NodeJS.ProcessEnv) => runNode('bin/uzz.mjs', ['migrate'], { DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-cli-')), ...env });

  it.each([
    ['mysql://root@localhost/db', /DATABASE_URL must start with postgres/],
    ['postgres://', /DATABASE_URL has no host|not a valid URL/],
    ['postgres://user@127.0.0.1:5432', /no database name/],
    ['postgres://nobody@127.0.0.1:1/uzz', /cannot connect to PostgreSQL at 127.0.0.1:1\/uzz/],
  ])('DATABASE_URL=%s', async (url, message) => {
    const result = await run({ DATABASE_URL: url });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('prints its usage', async () => {
    const result = await runNode('bin/uzz.mjs', ['help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('uzz client create');
    expect(result.stdout).toContain('uzz user create');
  });
});
