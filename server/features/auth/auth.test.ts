import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '#server/testing/testServer.js';
import { ATTEMPT_BUDGET } from './loginWithPassword.js';

describe.each(DATABASE_KINDS)('auth on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('signs in with email and password, answers me, and signs out', async () => {
    const client = await server.makeClient();
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const me = await agent.caller.auth.me();
    expect(me).toMatchObject({ email: agent.email, clientId: client.id, role: 'agent', isPlatformAdmin: false });

    // Over real HTTP, with the token as a bearer header.
    const response = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(response.status).toBe(200);
    expect((await response.json()).result.data.email).toBe(agent.email);

    await agent.caller.auth.logout();
    const after = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(after.status).toBe(401);
  });

  it('gives the same answer for an unknown email and a wrong password, and locks after repeated failures', async () => {
    const client = await server.makeClient();
    const user = await server.signIn({ clientId: client.id });
    const anonymous = server.anonymous();
    await expect(anonymous.auth.login({ email: 'nobody@example.test', password: 'whatever1' })).rejects.toThrow('wrong email or password');
    for (let attempt = 0; attempt < ATTEMPT_BUDGET; attempt++) {
      await expect(anonymous.auth.login({ email: user.email, password: 'not the password' })).rejects.toThrow('wrong email or password');
    }
    await expect(anonymous.auth.login({ email: user.email, password: TEST_PASSWORD })).rejects.toThrow(/too many failed attempts/);
  });

  it('writes an audit row for every mutation, failures included, without the password', async () => {
    const client = await server.makeClient();
    const user = await server.signIn({ clientId: client.id });
    await expect(server.anonymous().auth.login({ email: user.email, password: 'wrong password' })).rejects.toThrow();
    const { auditLogs } = server.app.db.t;
    const rows = await server.app.db.system((tx) => tx.select().from(auditLogs).where(eq(auditLogs.action, 'auth.login')));
    const failure = rows.find((row) => row.status === 'failure' && JSON.stringify(row.changes).includes(user.email));
    expect(failure?.errorMessage).toBe('wrong email or password');
    expect(JSON.stringify(failure?.changes)).not.toContain('wrong password');
    expect(JSON.stringify(failure?.changes)).toContain('[redacted]');
  });

  it('answers 401 for requests without a session', async () => {
    const response = await fetch(`${server.url}/trpc/auth.me`);
    expect(response.status).toBe(401);
  });
});

describe.each(DATABASE_KINDS)('access of deactivated members and suspended clients on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('ends the sessions of a suspended client and refuses its sign-ins with a reason', async () => {
    const client = await server.makeClient();
    const member = await server.signIn({ clientId: client.id, role: 'agent' });
    await expect(member.caller.auth.me()).resolves.toMatchObject({ clientId: client.id });
    await server.app.db.system((tx) => tx.update(server.app.db.t.clients).set({ status: 'suspended' }).where(eq(server.app.db.t.clients.id, client.id)));
    const response = await fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${member.token}` } });
    expect(response.status).toBe(401);
    await expect(server.anonymous().auth.login({ email: member.email, password: TEST_PASSWORD })).rejects.toThrow(/suspended/);
  });

  it('tells a deactivated member why they cannot sign in', async () => {
    const client = await server.makeClient();
    const member = await server.signIn({ clientId: client.id, role: 'agent' });
    const { userProfiles } = server.app.db.t;
    await server.app.db.system((tx) => tx.update(userProfiles).set({ isActive: false }).where(eq(userProfiles.id, member.userId)));
    await expect(server.anonymous().auth.login({ email: member.email, password: TEST_PASSWORD })).rejects.toThrow(/deactivated/);
  });
});
