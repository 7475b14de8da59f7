// Attacks on sign-in: a burst of guesses at one account, batched guesses, one address spraying,
// a flood of password checks, and a stranger trying to keep a platform admin out.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '#server/testing/testServer.js';
import { ATTEMPT_BUDGET, MAX_DELAY_MINUTES, delayMinutes } from './loginWithPassword.js';
import { MAX_RUNNING, passwordCheckStats } from './passwordChecks.js';

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.each(DATABASE_KINDS)('sign-in throttling on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  const lockedUntil = async (userId: string) => {
    const { users } = server.app.db.t;
    const [row] = await server.app.db.system((tx) => tx.select({ lockedUntil: users.lockedUntil }).from(users).where(eq(users.id, userId)));
    return row!.lockedUntil;
  };
  /** The delay has passed (the test cannot wait minutes). */
  const delayPasses = (userId: string) =>
    server.app.db.system((tx) =>
      tx
        .update(server.app.db.t.users)
        .set({ lockedUntil: new Date(Date.now() - 1000) })
        .where(eq(server.app.db.t.users.id, userId)),
    );

  it('checks at most the budget of 50 simultaneous wrong passwords, and refuses the right one while the delay lasts', async () => {
    const client = await server.makeClient();
    const victim = await server.signIn({ clientId: client.id, role: 'owner' });
    const anonymous = server.anonymous();
    const hashesBefore = passwordCheckStats.started;
    const attempts = [
      ...Array.from({ length: 50 }, (_, index) => anonymous.auth.login({ email: victim.email, password: `guess number ${index}` })),
      anonymous.auth.login({ email: victim.email, password: TEST_PASSWORD }),
    ];
    const results = await Promise.allSettled(attempts);
    const codes = results.map((result) => (result.status === 'rejected' ? (result.reason as { code: string }).code : 'OK'));
    expect(passwordCheckStats.started - hashesBefore).toBeLessThanOrEqual(ATTEMPT_BUDGET);
    expect(codes.filter((code) => code === 'UNAUTHORIZED').length).toBeLessThanOrEqual(ATTEMPT_BUDGET);
    expect(codes.filter((code) => code === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(51 - ATTEMPT_BUDGET);
    expect(codes.at(-1)).toBe('TOO_MANY_REQUESTS');

    const hashesAfterBurst = passwordCheckStats.started;
    await expect(anonymous.auth.login({ email: victim.email, password: TEST_PASSWORD })).rejects.toMatchObject({
      code: 'TOO_MANY_REQUESTS',
      message: expect.stringMatching(/try again in \d+ second/),
    });
    expect(passwordCheckStats.started).toBe(hashesAfterBurst);
  });

  it('never locks a platform admin out for good: the delay grows but is bounded, and after it the right password works', async () => {
    const admin = await server.signIn({ clientId: null, platformAdmin: true });
    const anonymous = server.anonymous();
    for (let round = 1; round <= 6; round++) {
      for (let attempt = 0; attempt < ATTEMPT_BUDGET; attempt++) {
        await expect(anonymous.auth.login({ email: admin.email, password: 'a stranger guessing' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
      }
      const until = await lockedUntil(admin.userId);
      const minutes = (until!.getTime() - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(delayMinutes(round) - 0.5);
      expect(minutes).toBeLessThanOrEqual(MAX_DELAY_MINUTES);
      await expect(anonymous.auth.login({ email: admin.email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'TOO_MANY_REQUESTS' });
      await delayPasses(admin.userId);
    }
    expect(delayMinutes(6)).toBe(MAX_DELAY_MINUTES);
    const signedIn = await anonymous.auth.login({ email: admin.email, password: TEST_PASSWORD });
    expect(signedIn.token).toBeTruthy();
    // And the slate is clean: the owner's next typo does not start a delay.
    await expect(anonymous.auth.login({ email: admin.email, password: 'one typo' })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    expect(await lockedUntil(admin.userId)).toBeNull();
  });

  it('throttles an email without an account exactly like an account, so the delay does not reveal who has one', async () => {
    const client = await server.makeClient();
    const real = await server.signIn({ clientId: client.id });
    const anonymous = server.anonymous();
    const answers = async (email: string) => {
      const codes: string[] = [];
      for (let attempt = 0; attempt <= ATTEMPT_BUDGET; attempt++) {
        codes.push(
          await anonymous.auth.login({ email, password: 'a guess' }).then(
            () => 'OK',
            (error: { code: string; message: string }) => `${error.code} ${error.message.replace(/\d+/g, 'N')}`,
          ),
        );
      }
      return codes;
    };
    const forAccount = await answers(real.email);
    const forNobody = await answers(`nobody-${Date.now()}@example.test`);
    expect(forNobody).toEqual(forAccount);
    expect(forNobody.at(-1)).toBe('TOO_MANY_REQUESTS too many failed attempts: try again in N second(s)');
  });

  it('refuses a batched call containing auth.* with 400, without checking any password', async () => {
    const client = await server.makeClient();
    const victim = await server.signIn({ clientId: client.id });
    const hashesBefore = passwordCheckStats.started;
    const batch = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [String(index), { email: victim.email, password: `batched guess ${index}` }]));
    const response = await post(`${server.url}/trpc/${Array(30).fill('auth.login').join(',')}?batch=1`, batch);
    expect(response.status).toBe(400);
    expect(JSON.stringify(await response.json())).toContain('cannot be batched');
    expect(passwordCheckStats.started).toBe(hashesBefore);
    const mixed = await fetch(`${server.url}/trpc/auth.me,auth.me?batch=1&input=${encodeURIComponent('{}')}`, {
      headers: { authorization: `Bearer ${victim.token}` },
    });
    expect(mixed.status).toBe(400);
    // One sign-in per request still works.
    const single = await post(`${server.url}/trpc/auth.login`, { email: victim.email, password: TEST_PASSWORD });
    expect(single.status).toBe(200);
  });

  it('bounds simultaneous password checks and refuses the overflow at once, while the server keeps answering', async () => {
    const anonymous = server.anonymous();
    passwordCheckStats.peakRunning = 0;
    const refusedBefore = passwordCheckStats.refused;
    const burst = Promise.allSettled(
      Array.from({ length: 150 }, (_, index) => anonymous.auth.login({ email: `nobody-${index}@burst.test`, password: 'whatever it is' })),
    );
    const health = await fetch(`${server.url}/health`);
    expect(health.status).toBeLessThan(500);
    const results = await burst;
    const busy = results.filter((result) => result.status === 'rejected' && (result.reason as { code: string }).code === 'TOO_MANY_REQUESTS');
    expect(busy.length).toBeGreaterThan(0);
    expect((busy[0] as PromiseRejectedResult).reason.message).toContain('busy');
    expect(passwordCheckStats.refused - refusedBefore).toBe(busy.length);
    expect(passwordCheckStats.peakRunning).toBeLessThanOrEqual(MAX_RUNNING);
    expect(results.every((result) => result.status === 'rejected')).toBe(true);
  });
});

describe.each(DATABASE_KINDS)('sign-in limit per address on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind, { loginAttemptsPerMinute: 3 });
  });
  afterAll(() => server?.dispose());

  it('answers 429 with Retry-After once an address used its sign-ins for the minute, whatever the accounts', async () => {
    const statuses: number[] = [];
    for (let index = 0; index < 3; index++) {
      statuses.push((await post(`${server.url}/trpc/auth.login`, { email: `spray-${index}@example.test`, password: 'Summer2026!' })).status);
    }
    expect(statuses).toEqual([401, 401, 401]);
    const limited = await post(`${server.url}/trpc/auth.login`, { email: 'spray-4@example.test', password: 'Summer2026!' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = await limited.json();
    expect(body.error).toMatchObject({ message: expect.stringContaining('too many sign-in attempts'), data: { code: 'TOO_MANY_REQUESTS' } });
    // Other procedures are not limited.
    expect((await fetch(`${server.url}/trpc/auth.me`)).status).toBe(401);
  });
});
