// The runtime's PostgreSQL logins cannot be talked out of row-level security. A tenant transaction
// of the real server (db.tenant, what every tRPC procedure and processor uses) tries every switch a
// session has: the old platform flag (SET app.system / set_config), RESET ROLE, SET ROLE to the
// owner or the system role, dropping FORCE. None widens what it sees. And a server whose logins do
// not fit refuses to start, with one line saying why.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { startTestServer, type TestServer } from '../testing/testServer.js';
import { createTestTarget } from '../testing/testDatabases.js';
import { runNode } from '../testing/runProcess.js';
import { withLogin, type DatabaseTarget } from './databaseUrl.js';

describe('PostgreSQL runtime roles: a tenant transaction cannot widen what it sees', () => {
  let server: TestServer;
  let clientA: string;
  let clientB: string;
  let memberOfB: string;

  beforeAll(async () => {
    server = await startTestServer('pg');
    clientA = (await server.makeClient()).id;
    clientB = (await server.makeClient()).id;
    memberOfB = (await server.signIn({ clientId: clientB, role: 'owner' })).userId;
  }, 60_000);
  afterAll(() => server?.dispose());

  const db = () => server.app.db;
  /** What tenant A's transaction sees of B after running `attack` in the same transaction. */
  const seenAfter = (attack: string) =>
    db().tenant(clientA, async (tx) => {
      await db().exec(tx, sql.raw(attack));
      const [row] = await db().rows<{ clients: number; secrets: number; users: number; sessions: number; me: string }>(
        tx,
        sql`
      select (select count(*)::int from clients where id = ${clientB}) as clients,
             (select count(*)::int from secrets where client_id = ${clientB}) as secrets,
             (select count(*)::int from users where id = ${memberOfB}) as users,
             (select count(*)::int from sessions) as sessions,
             current_user as me`,
      );
      return row;
    });

  it('runs tenant work as uzz_app and platform work as uzz_system, which sees every tenant', async () => {
    expect(await db().tenant(clientA, async (tx) => (await db().rows<{ me: string }>(tx, sql`select current_user as me`))[0]!.me)).toBe('uzz_app');
    const platform = await db().system(
      async (tx) =>
        (
          await db().rows<{ me: string; clients: number }>(
            tx,
            sql`select current_user as me, (select count(*)::int from clients where id in (${clientA}, ${clientB})) as clients`,
          )
        )[0],
    );
    expect(platform).toEqual({ me: 'uzz_system', clients: 2 });
  });

  it.each([
    "set app.system = 'on'",
    "set local app.system = 'on'",
    "select set_config('app.system', 'on', true)",
    "select set_config('app.system', 'on', false)",
    'reset role',
    'set role none',
  ])("after `%s` tenant A still sees none of tenant B's rows and is still uzz_app", async (attack) => {
    expect(await seenAfter(attack)).toEqual({ clients: 0, secrets: 0, users: 0, sessions: 0, me: 'uzz_app' });
  });

  it.each([
    ['set role uzz_owner', /permission denied to set role "uzz_owner"/],
    ['set role uzz_system', /permission denied to set role "uzz_system"/],
    ['set session authorization uzz_owner', /permission denied to set session authorization/],
    ['alter table clients no force row level security', /must be owner of table clients/],
    ['alter table clients disable row level security', /must be owner of table clients/],
    ['drop policy tenant_isolation on clients', /must be owner of (table|relation) clients/],
  ])('refuses `%s`', async (attack, message) => {
    // drizzle wraps the driver's error ("Failed query: ..."); PostgreSQL's reason is its cause.
    const error = await seenAfter(attack).then(
      () => null,
      (failure: Error) => failure,
    );
    expect(error, 'the statement was accepted').not.toBeNull();
    expect(String((error!.cause as Error | undefined)?.message ?? error!.message)).toMatch(message);
  });

  it('cannot write accounts or platform tables from a tenant transaction, flag or not', async () => {
    await db().system((tx) => tx.insert(db().t.planBudgets).values({ planName: 'roles-test-plan' }));
    const writes = await db().tenant(clientA, async (tx) => {
      await db().exec(tx, sql`select set_config('app.system', 'on', true)`);
      const [row] = await db().rows<{ plans: number; config: number }>(
        tx,
        sql`
        with plans as (update plan_budgets set updated_at = updated_at returning 1),
             config as (update shared_gateway_config set updated_at = updated_at returning 1)
        select (select count(*)::int from plans) as plans, (select count(*)::int from config) as config`,
      );
      return row;
    });
    expect(writes).toEqual({ plans: 0, config: 0 });
    const present = await db().system(
      async (tx) =>
        (
          await db().rows<{ plans: number; config: number }>(
            tx,
            sql`select (select count(*)::int from plan_budgets) as plans, (select count(*)::int from shared_gateway_config) as config`,
          )
        )[0]!,
    );
    expect(present.plans, 'plan_budgets has rows to update').toBeGreaterThan(0);
    expect(present.config, 'shared_gateway_config has rows to update').toBeGreaterThan(0);
    const forged = db().tenant(clientA, async (tx) => {
      await db().exec(tx, sql`set app.system = 'on'`);
      await db().exec(tx, sql`insert into users (id, email) values (gen_random_uuid(), 'forged@example.test')`);
    });
    const error = await forged.then(
      () => null,
      (failure: Error) => failure,
    );
    expect(String((error?.cause as Error | undefined)?.message ?? error?.message)).toMatch(/row-level security/);
  });

  it('keeps refusing on the same pooled connections afterwards (a session-level SET leaves nothing behind that matters)', async () => {
    // Every pooled connection has now run the attacks above; fill the pool and look again.
    const results = await Promise.all(Array.from({ length: 10 }, () => seenAfter('select 1')));
    for (const seen of results) expect(seen).toEqual({ clients: 0, secrets: 0, users: 0, sessions: 0, me: 'uzz_app' });
  });
});

describe('PostgreSQL runtime roles: a login that does not fit stops the start-up', () => {
  let target: Extract<DatabaseTarget, { kind: 'pg' }>;
  let drop: () => Promise<void>;
  let dataDir: string;

  beforeAll(async () => {
    const created = await createTestTarget('pg');
    if (created.target.kind !== 'pg') throw new Error('unreachable');
    target = created.target;
    drop = created.drop;
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-roles-'));
  });
  afterAll(async () => {
    await drop?.();
    if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // A server that does start is killed after 30 s and the test fails (code null).
  const start = (env: NodeJS.ProcessEnv) =>
    runNode('bin/start.mjs', [], { DATABASE_URL: target.url, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn', ...env }, undefined, { timeoutMs: 30_000 });

  it.each([
    [
      'the owner as the app role',
      () => ({ DATABASE_APP_URL: target.url }),
      /^uzz: DATABASE_APP_URL logs in as "uzz_owner", which owns the tables or can SET ROLE to their owner \(uzz_owner\); tenant work must run as a role that row-level security applies to/,
    ],
    [
      'the system role as the app role',
      () => ({ DATABASE_APP_URL: target.systemUrl }),
      /^uzz: DATABASE_APP_URL logs in as "uzz_system", which bypasses row-level security \(BYPASSRLS\)/,
    ],
    [
      'the app role as the system role',
      () => ({ DATABASE_SYSTEM_URL: target.appUrl }),
      /^uzz: DATABASE_SYSTEM_URL logs in as "uzz_app", which lacks BYPASSRLS/,
    ],
    ['the owner as the system role', () => ({ DATABASE_SYSTEM_URL: target.url }), /^uzz: DATABASE_SYSTEM_URL logs in as "uzz_owner", which owns the tables/],
    [
      'an app login that cannot connect',
      () => ({ DATABASE_APP_URL: withLogin(target.url.replace(/\/uzz_test_\w+$/, '/uzz_nowhere'), 'uzz_app', 'its-password') }),
      /^uzz: cannot log in to PostgreSQL at 127\.0\.0\.1:5432\/uzz_nowhere as "uzz_app" \(DATABASE_APP_URL\): database "uzz_nowhere" does not exist\. Run `npm run setup:postgres`/,
    ],
    [
      'a role that does not exist',
      () => ({ DATABASE_SYSTEM_URL: withLogin(target.url, 'uzz_nobody') }),
      /^uzz: PostgreSQL role "uzz_nobody" \(DATABASE_SYSTEM_URL\) does not exist\. Run `npm run setup:postgres`/,
    ],
  ])(
    'refuses %s with one line and exit code 1',
    async (_name, env, message) => {
      const result = await start(env());
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toContain('its-password');
    },
    60_000,
  );
});
