import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config.js';
import { ConfigError } from '#server/db/databaseUrl.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

const HOUR = 3_600_000;

describe.each(DATABASE_KINDS)('session idle timeout and maximum age on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { sessionIdleHours: 12, sessionMaxDays: 30 });
  });
  afterAll(() => server?.dispose());

  const me = (token: string) => fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });
  const sessionOf = async (userId: string) => {
    const { sessions } = server.app.db.t;
    const [row] = await server.app.db.system((tx) => tx.select().from(sessions).where(eq(sessions.userId, userId)));
    return row!;
  };
  const setSession = (userId: string, values: { lastSeenAt?: Date; createdAt?: Date }) =>
    server.app.db.system((tx) => tx.update(server.app.db.t.sessions).set(values).where(eq(server.app.db.t.sessions.userId, userId)));
  const member = async () => server.signIn({ clientId: (await server.makeClient()).id, role: 'agent' });

  it('ends a session left unused for longer than the idle timeout', async () => {
    const user = await member();
    expect((await me(user.token)).status).toBe(200);
    await setSession(user.userId, { lastSeenAt: new Date(Date.now() - 13 * HOUR) });
    expect((await me(user.token)).status).toBe(401);
  });

  it('slides with use, writing the last use at most once a minute', async () => {
    const user = await member();
    await setSession(user.userId, { lastSeenAt: new Date(Date.now() - 11 * HOUR) });
    expect((await me(user.token)).status).toBe(200);
    const touched = (await sessionOf(user.userId)).lastSeenAt!;
    expect(Date.now() - touched.getTime()).toBeLessThan(HOUR);
    // Used again within the minute: no new write.
    expect((await me(user.token)).status).toBe(200);
    expect((await sessionOf(user.userId)).lastSeenAt!.getTime()).toBe(touched.getTime());
  });

  it('ends a session at its maximum age however much it is used', async () => {
    const user = await member();
    await setSession(user.userId, { createdAt: new Date(Date.now() - 31 * 24 * HOUR), lastSeenAt: new Date() });
    expect((await me(user.token)).status).toBe(401);
  });
});

describe('session settings', () => {
  it('reads SESSION_IDLE_HOURS and SESSION_MAX_DAYS, 12 hours and 30 days by default, and refuses nonsense', () => {
    expect(loadConfig({})).toMatchObject({ sessionIdleHours: 12, sessionMaxDays: 30, loginAttemptsPerMinute: 10 });
    expect(loadConfig({ SESSION_IDLE_HOURS: '2', SESSION_MAX_DAYS: '7' })).toMatchObject({ sessionIdleHours: 2, sessionMaxDays: 7 });
    expect(() => loadConfig({ SESSION_IDLE_HOURS: 'soon' })).toThrow(ConfigError);
  });
});
