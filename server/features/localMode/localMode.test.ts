import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { LOCAL_OWNER_EMAIL } from './signInLocalOwner.js';

const trpcPost = (url: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${url}/trpc/${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe.each(DATABASE_KINDS)('local mode on %s', (kind) => {
  const launchToken = randomBytes(24).toString('base64url');
  let local: TestServer;
  let remote: TestServer;
  beforeAll(async () => {
    [local, remote] = await Promise.all([startTestServer(kind, { launchToken }), startTestServer(kind)]);
  });
  afterAll(async () => {
    await Promise.all([local?.dispose(), remote?.dispose()]);
  });

  it('signs the local owner in over HTTP with the launch token, as the owner of the local client', async () => {
    const headers = { 'x-uzz-launch-token': launchToken };
    const response = await trpcPost(local.url, 'localMode.signIn', { launchToken }, headers);
    expect(response.status).toBe(200);
    const token = (await response.json()).result.data.token as string;
    const me = await fetch(`${local.url}/trpc/auth.me`, { headers: { ...headers, authorization: `Bearer ${token}` } });
    expect((await me.json()).result.data).toMatchObject({ email: LOCAL_OWNER_EMAIL, role: 'owner', isPlatformAdmin: false });
    // The desktop window loads the renderer from this server, so it is signed in by the HttpOnly cookie alone.
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    const byCookie = await fetch(`${local.url}/trpc/auth.me`, { headers: { ...headers, cookie: setCookie.split(';')[0]! } });
    expect((await byCookie.json()).result.data).toMatchObject({ email: LOCAL_OWNER_EMAIL });
  });

  it('refuses a wrong token, and the request without the launch header never reaches tRPC', async () => {
    const wrong = await trpcPost(local.url, 'localMode.signIn', { launchToken: 'x'.repeat(launchToken.length) }, { 'x-uzz-launch-token': launchToken });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.message).toBe('wrong launch token');
    const bare = await trpcPost(local.url, 'localMode.signIn', { launchToken });
    expect(bare.status).toBe(401);
  });

  it('never works on a server without a launch token, whatever is presented', async () => {
    const response = await trpcPost(remote.url, 'localMode.signIn', { launchToken: 'anything-at-all' });
    expect(response.status).toBe(403);
    expect((await response.json()).error.message).toMatch(/not running in local mode/);
    const status = await fetch(`${remote.url}/trpc/localMode.status`);
    expect((await status.json()).result.data).toEqual({ enabled: false });
  });

  it('is idempotent under concurrent sign-ins: one local client, one owner, a session each, no password', async () => {
    const anonymous = local.anonymous();
    const results = await Promise.all([1, 2, 3, 4].map(() => anonymous.localMode.signIn({ launchToken })));
    expect(new Set(results.map((result) => result.token)).size).toBe(4);
    const { users, userProfiles, clients } = local.app.db.t;
    const owners = await local.app.db.system((tx) => tx.select().from(users).where(eq(users.email, LOCAL_OWNER_EMAIL)));
    expect(owners).toHaveLength(1);
    expect(owners[0]!.passwordHash).toBeNull();
    const profiles = await local.app.db.system((tx) => tx.select().from(userProfiles).where(eq(userProfiles.id, owners[0]!.id)));
    const localClients = await local.app.db.system((tx) => tx.select().from(clients).where(eq(clients.slug, 'local')));
    expect(localClients).toHaveLength(1);
    expect(profiles[0]).toMatchObject({ clientId: localClients[0]!.id, role: 'owner' });
    // The passwordless account cannot be used with a password.
    await expect(anonymous.auth.login({ email: LOCAL_OWNER_EMAIL, password: 'anything-long' })).rejects.toThrow('wrong email or password');
  });

  it('reports local mode to the sign-in screen', async () => {
    expect(await local.anonymous().localMode.status()).toEqual({ enabled: true });
  });
});
