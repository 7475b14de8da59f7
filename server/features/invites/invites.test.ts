import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { hashInviteToken } from './inviteTokens.js';

const PASSWORD = 'invited person password';

describe.each(DATABASE_KINDS)('invites on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  const email = () => `invitee-${Math.random().toString(36).slice(2)}@example.test`;
  const me = (token: string) => fetch(`${server.url}/trpc/auth.me`, { headers: { authorization: `Bearer ${token}` } });

  it('invites, inspects, and accepts: the account joins the client with the role and is signed in', async () => {
    const client = await server.makeClient({ name: 'Padaria Central' });
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const address = email();
    const invite = await admin.caller.invites.create({ email: `  ${address.toUpperCase()} `, role: 'agent' });
    expect(invite).toMatchObject({ email: address, role: 'agent' });
    expect(invite.token).toMatch(/^inv_/);

    // Only the hash is stored.
    const { userInvites } = server.app.db.t;
    const [stored] = await server.app.db.system((tx) => tx.select().from(userInvites).where(eq(userInvites.id, invite.id)));
    expect(stored!.token).toBe(hashInviteToken(invite.token));
    expect(stored!.token).not.toContain(invite.token);

    const anonymous = server.anonymous();
    await expect(anonymous.invites.inspect({ token: invite.token })).resolves.toEqual({
      clientName: 'Padaria Central',
      email: address,
      role: 'agent',
      expiresAt: invite.expiresAt,
    });
    const accepted = await anonymous.invites.accept({ token: invite.token, password: PASSWORD, fullName: 'Maria Souza' });
    expect(accepted).toMatchObject({ clientId: client.id, email: address });
    const response = await me(accepted.token);
    expect((await response.json()).result.data).toMatchObject({ email: address, clientId: client.id, role: 'agent', fullName: 'Maria Souza' });
    await expect(anonymous.auth.login({ email: address, password: PASSWORD })).resolves.toHaveProperty('token');

    const [after] = await admin.caller.invites.list({ state: 'accepted' });
    expect(after).toMatchObject({ id: invite.id, state: 'accepted', acceptedBy: accepted.userId });
    expect(JSON.stringify(await admin.caller.invites.list())).not.toContain(stored!.token);
  });

  it('gives a clear error for used, revoked, expired and unknown tokens', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const anonymous = server.anonymous();
    const used = await admin.caller.invites.create({ email: email(), role: 'viewer' });
    await anonymous.invites.accept({ token: used.token, password: PASSWORD, fullName: 'First' });
    await expect(anonymous.invites.accept({ token: used.token, password: PASSWORD, fullName: 'Again' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('already used'),
    });
    await expect(anonymous.invites.inspect({ token: used.token })).rejects.toMatchObject({ message: expect.stringContaining('already used') });

    const revoked = await admin.caller.invites.create({ email: email(), role: 'agent' });
    await admin.caller.invites.revoke({ id: revoked.id });
    await expect(anonymous.invites.accept({ token: revoked.token, password: PASSWORD, fullName: 'X' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('revoked'),
    });
    await expect(admin.caller.invites.revoke({ id: revoked.id })).rejects.toMatchObject({ code: 'CONFLICT', message: 'this invite was already revoked' });

    const expiring = await admin.caller.invites.create({ email: email(), role: 'agent', expiresInHours: 1 });
    const { userInvites } = server.app.db.t;
    await server.app.db.system((tx) =>
      tx
        .update(userInvites)
        .set({ expiresAt: new Date(Date.now() - 1000) })
        .where(eq(userInvites.id, expiring.id)),
    );
    await expect(anonymous.invites.accept({ token: expiring.token, password: PASSWORD, fullName: 'X' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('expired'),
    });
    expect((await admin.caller.invites.list({ state: 'expired' })).map((row) => row.id)).toEqual([expiring.id]);

    await expect(anonymous.invites.inspect({ token: 'inv_nonsense' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      message: expect.stringContaining('not valid'),
    });
    await expect(anonymous.invites.accept({ token: '', password: PASSWORD, fullName: 'X' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(anonymous.invites.accept({ token: used.token, password: 'short', fullName: 'X' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
  });

  it('re-inviting replaces the pending invite: the old link stops working', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const address = email();
    const first = await admin.caller.invites.create({ email: address, role: 'agent' });
    const second = await admin.caller.invites.create({ email: address, role: 'admin' });
    await expect(server.anonymous().invites.inspect({ token: first.token })).rejects.toMatchObject({ message: expect.stringContaining('revoked') });
    await expect(server.anonymous().invites.inspect({ token: second.token })).resolves.toMatchObject({ role: 'admin' });
    expect((await admin.caller.invites.list({ state: 'pending' })).map((row) => row.id)).toEqual([second.id]);

    // Simultaneous re-invites: exactly one pending invite remains, and it is one of theirs.
    const racing = await Promise.all(Array.from({ length: 4 }, () => admin.caller.invites.create({ email: address, role: 'viewer' })));
    const pending = await admin.caller.invites.list({ state: 'pending' });
    expect(pending).toHaveLength(1);
    expect(racing.map((invite) => invite.id)).toContain(pending[0]!.id);
  });

  it('accepts exactly once when two accepts race', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const invite = await admin.caller.invites.create({ email: email(), role: 'agent' });
    const results = await Promise.allSettled(
      Array.from({ length: 3 }, (_, index) => server.anonymous().invites.accept({ token: invite.token, password: PASSWORD, fullName: `Racer ${index}` })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already used') });
    }
    const { userProfiles } = server.app.db.t;
    const profiles = await server.app.db.system((tx) => tx.select().from(userProfiles).where(eq(userProfiles.email, invite.email)));
    expect(profiles).toHaveLength(1);
  });

  it('refuses a member of this client when inviting, and an email that already has an account when accepting', async () => {
    const client = await server.makeClient();
    const other = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const colleague = await server.signIn({ clientId: client.id, role: 'agent' });
    await expect(admin.caller.invites.create({ email: colleague.email, role: 'agent' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: `${colleague.email} is already a member of this organisation`,
    });

    // The account appears after the invite was sent (accepted elsewhere first).
    const address = email();
    const here = await admin.caller.invites.create({ email: address, role: 'agent' });
    const otherAdmin = await server.signIn({ clientId: other.id, role: 'admin' });
    const there = await otherAdmin.caller.invites.create({ email: address, role: 'agent' });
    await server.anonymous().invites.accept({ token: there.token, password: PASSWORD, fullName: 'Elsewhere' });
    await expect(server.anonymous().invites.accept({ token: here.token, password: PASSWORD, fullName: 'Here' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('sign in with that account'),
    });
    // The failed accept did not use the invite up.
    expect((await admin.caller.invites.list({ state: 'pending' })).map((row) => row.id)).toContain(here.id);
  });

  it('keeps invites to admins: agents cannot invite, admins cannot invite owners, other clients cannot revoke', async () => {
    const client = await server.makeClient();
    const other = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const outsider = await server.signIn({ clientId: other.id, role: 'owner' });
    await expect(agent.caller.invites.create({ email: email(), role: 'viewer' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.caller.invites.create({ email: email(), role: 'owner' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const invite = await owner.caller.invites.create({ email: email(), role: 'owner' });
    await expect(outsider.caller.invites.revoke({ id: invite.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await outsider.caller.invites.list()).toEqual([]);
    await expect(server.anonymous().invites.inspect({ token: invite.token })).resolves.toMatchObject({ role: 'owner' });
  });

  it('an invite to a suspended client cannot be accepted', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    const invite = await owner.caller.invites.create({ email: email(), role: 'agent' });
    await platform.caller.clients.suspend({ clientId: client.id });
    await expect(server.anonymous().invites.accept({ token: invite.token, password: PASSWORD, fullName: 'X' })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('suspended'),
    });
  });

  it('audits invite mutations without the tokens or the password', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const invite = await admin.caller.invites.create({ email: email(), role: 'agent' });
    const accepted = await server.anonymous().invites.accept({ token: invite.token, password: PASSWORD, fullName: 'Audited' });
    const page = await admin.caller.audit.list({ resourceType: 'invites' });
    expect(page.items.map((row) => row.action).sort()).toEqual(['invites.accept', 'invites.create']);
    expect(page.items.find((row) => row.action === 'invites.accept')).toMatchObject({ resourceId: accepted.userId, status: 'success' });
    const text = JSON.stringify(page.items);
    expect(text).not.toContain(invite.token);
    expect(text).not.toContain(PASSWORD);
  });
});
