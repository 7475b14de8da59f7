import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '#server/testing/testServer.js';

describe.each(DATABASE_KINDS)('users (members and rights) on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  const me = (token: string) => fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });

  it("lists the members of the caller's client only, and only for admins", async () => {
    const client = await server.makeClient();
    const other = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const outsider = await server.signIn({ clientId: other.id, role: 'agent' });
    const members = await owner.caller.users.list();
    expect(members.map((member) => member.email).sort()).toEqual([owner.email, agent.email].sort());
    expect(members.find((member) => member.id === agent.userId)).toMatchObject({ role: 'agent', isActive: true });
    expect(JSON.stringify(members)).not.toContain(outsider.email);
    expect(JSON.stringify(members)).not.toContain('scrypt');
    await expect(agent.caller.users.list()).rejects.toMatchObject({ code: 'FORBIDDEN' });

    // Every member sees the team's names and roles (for assigning), without emails; inactive members are left out.
    const viewer = await server.signIn({ clientId: client.id, role: 'viewer' });
    await owner.caller.users.deactivate({ userId: agent.userId });
    const directory = await viewer.caller.users.directory();
    expect(directory.map((member) => member.id).sort()).toEqual([owner.userId, viewer.userId].sort());
    expect(directory.find((member) => member.id === owner.userId)).toEqual({ id: owner.userId, name: owner.email.split('@')[0], role: 'owner' });
    expect(JSON.stringify(await outsider.caller.users.directory())).not.toContain(owner.userId);
  });

  it('changes roles within the rules: admins cannot touch owners or make owners, the last owner stays', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });

    await expect(admin.caller.users.changeRole({ userId: agent.userId, role: 'viewer' })).resolves.toMatchObject({ role: 'viewer', changed: true });
    await expect(admin.caller.users.changeRole({ userId: owner.userId, role: 'agent' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('only an owner'),
    });
    await expect(admin.caller.users.changeRole({ userId: agent.userId, role: 'owner' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(owner.caller.users.changeRole({ userId: owner.userId, role: 'admin' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('last owner'),
    });

    // With a second owner, the first may step down.
    await owner.caller.users.changeRole({ userId: admin.userId, role: 'owner' });
    await expect(owner.caller.users.changeRole({ userId: owner.userId, role: 'admin' })).resolves.toMatchObject({ role: 'admin' });
    const roles = Object.fromEntries((await admin.caller.users.list()).map((member) => [member.id, member.role]));
    expect(roles).toEqual({ [owner.userId]: 'admin', [admin.userId]: 'owner', [agent.userId]: 'viewer' });
  });

  it('never leaves a client without an owner when two owners demote each other at once', async () => {
    const client = await server.makeClient();
    const first = await server.signIn({ clientId: client.id, role: 'owner' });
    const second = await server.signIn({ clientId: client.id, role: 'owner' });
    const results = await Promise.allSettled([
      first.caller.users.changeRole({ userId: second.userId, role: 'admin' }),
      second.caller.users.changeRole({ userId: first.userId, role: 'admin' }),
    ]);
    const owners = (
      await server.app.db.system((tx) => tx.select().from(server.app.db.t.userProfiles).where(eq(server.app.db.t.userProfiles.clientId, client.id)))
    ).filter((member) => member.role === 'owner');
    expect(owners).toHaveLength(1);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
  });

  it('deactivation signs the member out everywhere and blocks sign-in; reactivation lets them sign in again', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    expect((await me(agent.token)).status).toBe(200);

    await expect(admin.caller.users.deactivate({ userId: agent.userId })).resolves.toMatchObject({ isActive: false, changed: true });
    expect((await me(agent.token)).status).toBe(401);
    // Signing in again is refused, with the reason, while the member is inactive.
    await expect(server.anonymous().auth.login({ email: agent.email, password: TEST_PASSWORD })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringMatching(/deactivated/),
    });

    await expect(admin.caller.users.deactivate({ userId: admin.userId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.users.deactivate({ userId: owner.userId })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await admin.caller.users.reactivate({ userId: agent.userId });
    expect((await me(agent.token)).status).toBe(401); // sessions from before stay dead…
    const again = await server.anonymous().auth.login({ email: agent.email, password: TEST_PASSWORD });
    expect((await me(again.token)).status).toBe(200); // …a new sign-in works
  });

  it('refuses to deactivate or remove the last active owner', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const coOwner = await server.signIn({ clientId: client.id, role: 'owner' });
    await owner.caller.users.deactivate({ userId: coOwner.userId });
    // coOwner is inactive, so owner is now the last active owner: coOwner reactivated could not act, so use a platform admin.
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    await expect(platform.caller.users.deactivate({ clientId: client.id, userId: owner.userId })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(platform.caller.users.remove({ clientId: client.id, userId: owner.userId })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(platform.caller.users.remove({ clientId: client.id, userId: coOwner.userId })).resolves.toMatchObject({ id: coOwner.userId });
  });

  it('removes a member with their account, so the email can be invited again', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    await expect(admin.caller.users.remove({ userId: agent.userId })).resolves.toEqual({ id: agent.userId, email: agent.email });
    expect((await me(agent.token)).status).toBe(401);
    const { users } = server.app.db.t;
    expect(await server.app.db.system((tx) => tx.select().from(users).where(eq(users.id, agent.userId)))).toEqual([]);
    await expect(admin.caller.users.remove({ userId: agent.userId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(admin.caller.users.remove({ userId: admin.userId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.invites.create({ email: agent.email, role: 'agent' })).resolves.toMatchObject({ email: agent.email });
  });

  it('changes the own password with the current one, revoking the other sessions but not this one', async () => {
    const client = await server.makeClient();
    const user = await server.signIn({ clientId: client.id, role: 'viewer' });
    const elsewhere = await server.anonymous().auth.login({ email: user.email, password: TEST_PASSWORD });
    await expect(user.caller.users.changePassword({ currentPassword: 'not it at all', newPassword: 'a brand new secret' })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: 'the current password is wrong',
    });
    await expect(user.caller.users.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(user.caller.users.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'a brand new secret' })).resolves.toEqual({
      otherSessionsRevoked: 1,
    });
    expect((await me(elsewhere.token)).status).toBe(401);
    expect((await me(user.token)).status).toBe(200);
    await expect(server.anonymous().auth.login({ email: user.email, password: TEST_PASSWORD })).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
    await expect(server.anonymous().auth.login({ email: user.email, password: 'a brand new secret' })).resolves.toHaveProperty('token');

    const { auditLogs } = server.app.db.t;
    const rows = await server.app.db.system((tx) => tx.select().from(auditLogs).where(eq(auditLogs.action, 'users.changePassword')));
    const text = JSON.stringify(rows);
    expect(
      rows
        .filter((row) => row.userId === user.userId)
        .map((row) => row.status)
        .sort(),
    ).toEqual(['failure', 'failure', 'success']);
    expect(text).not.toContain('a brand new secret');
    expect(text).not.toContain(TEST_PASSWORD);
  });

  it("answers NOT_FOUND for another client's member and leaves them untouched", async () => {
    const client = await server.makeClient();
    const other = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const victim = await server.signIn({ clientId: other.id, role: 'agent' });
    for (const attempt of [
      () => owner.caller.users.changeRole({ userId: victim.userId, role: 'viewer' }),
      () => owner.caller.users.deactivate({ userId: victim.userId }),
      () => owner.caller.users.remove({ userId: victim.userId }),
    ])
      await expect(attempt()).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(owner.caller.users.list({ clientId: other.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await me(victim.token)).status).toBe(200);
  });
});
