import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '#server/testing/testServer.js';
import { currentHashCost, hashPassword, setHashCostForTests } from './passwords.js';

const post = (url: string, body: unknown) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe.each(DATABASE_KINDS)('password rehash on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('replaces a hash of older parameters at the next successful sign-in, not at a failed one', async () => {
    const client = await server.makeClient();
    const member = await server.signIn({ clientId: client.id });
    const today = currentHashCost();
    setHashCostForTests({ N: 2 ** 10, r: 8, p: 1 });
    const old = await hashPassword(TEST_PASSWORD);
    setHashCostForTests(today);
    const { users } = server.app.db.t;
    const stored = async () =>
      (await server.app.db.system((tx) => tx.select({ hash: users.passwordHash }).from(users).where(eq(users.id, member.userId))))[0]!.hash!;
    await server.app.db.system((tx) => tx.update(users).set({ passwordHash: old }).where(eq(users.id, member.userId)));

    expect((await post(`${server.url}/trpc/auth.login`, { email: member.email, password: 'not the password' })).status).toBe(401);
    expect(await stored()).toBe(old);

    expect((await post(`${server.url}/trpc/auth.login`, { email: member.email, password: TEST_PASSWORD })).status).toBe(200);
    const renewed = await stored();
    expect(renewed).not.toBe(old);
    expect(renewed.startsWith(`scrypt$${today.N}$${today.r}$${today.p}$`)).toBe(true);
    expect((await post(`${server.url}/trpc/auth.login`, { email: member.email, password: TEST_PASSWORD })).status).toBe(200);
  });
});
