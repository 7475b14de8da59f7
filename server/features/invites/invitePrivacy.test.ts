// Cross-tenant existence oracles and squatting: an admin learns nothing about other
// organisations' people or phone numbers, and an invite reserves nothing outside its client.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { createUser } from '../auth/createUser.js';

const PASSWORD = 'invited person password';

describe.each(DATABASE_KINDS)('invites and settings reveal nothing about other clients on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  const address = () => `someone-${Math.random().toString(36).slice(2)}@example.test`;
  const shape = (invite: Record<string, unknown>) => Object.fromEntries(Object.entries(invite).map(([key, value]) => [key, typeof value]));

  it("answers an invite of another client's user exactly like any other invite; accepting decides", async () => {
    const mine = await server.makeClient();
    const theirs = await server.makeClient();
    const admin = await server.signIn({ clientId: mine.id, role: 'admin' });
    const theirUser = await server.signIn({ clientId: theirs.id, role: 'agent' });

    const unknown = await admin.caller.invites.create({ email: address(), role: 'agent' });
    const existing = await admin.caller.invites.create({ email: theirUser.email, role: 'agent' });
    expect(shape(existing)).toEqual(shape(unknown));
    expect(existing).toMatchObject({ email: theirUser.email, role: 'agent' });
    // Over HTTP too: the same status.
    const response = await fetch(`${server.url}/trpc/invites.create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` },
      body: JSON.stringify({ email: theirUser.email, role: 'viewer' }),
    });
    expect(response.status).toBe(200);

    // The person (who has an account) cannot create a second one: accepting is where it is decided.
    await expect(server.anonymous().invites.accept({ token: existing.token, password: PASSWORD, fullName: 'Someone' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const { userProfiles } = server.app.db.t;
    const profiles = await server.app.db.system((tx) => tx.select().from(userProfiles).where(eq(userProfiles.email, theirUser.email)));
    expect(profiles.map((profile) => profile.clientId)).toEqual([theirs.id]);
  });

  it('reserves nothing outside the client: another client can invite the same address, and the account can be made elsewhere', async () => {
    const first = await server.makeClient();
    const second = await server.makeClient();
    const firstAdmin = await server.signIn({ clientId: first.id, role: 'admin' });
    const secondAdmin = await server.signIn({ clientId: second.id, role: 'admin' });
    const email = address();
    const squat = await firstAdmin.caller.invites.create({ email, role: 'agent' });
    const real = await secondAdmin.caller.invites.create({ email, role: 'agent' });
    const accepted = await server.anonymous().invites.accept({ token: real.token, password: PASSWORD, fullName: 'The Real Person' });
    expect(accepted).toMatchObject({ clientId: second.id, email });
    await expect(server.anonymous().invites.accept({ token: squat.token, password: PASSWORD, fullName: 'Squatter' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });

    // A pending invite does not stop the platform from creating the account either.
    const pendingOnly = address();
    await firstAdmin.caller.invites.create({ email: pendingOnly, role: 'agent' });
    await expect(createUser(server.app.db, { email: pendingOnly, password: PASSWORD, clientId: second.id, role: 'agent' })).resolves.toMatchObject({
      email: pendingOnly,
    });
  });

  it('refuses a phone number id of another client without saying that another client has it', async () => {
    const holder = await server.makeClient();
    const mine = await server.makeClient();
    const owner = await server.signIn({ clientId: mine.id, role: 'owner' });
    const error = await owner.caller.clients.updateSettings({ metaPhoneNumberId: holder.phoneNumberId }).then(
      () => ({ code: 'OK', message: '' }),
      (caught: unknown) => caught as { code: string; message: string },
    );
    expect(error).toMatchObject({ code: 'CONFLICT' });
    expect(error.message).not.toMatch(/another|belongs|client|organisation/i);
    expect(error.message).toContain('cannot be used');
  });
});
