// The browser's session: an HttpOnly SameSite=Strict cookie set at sign-in, accepted by tRPC, the
// live stream and /media, refused on cross-site mutations (CSRF), cleared and dead after logout.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '#server/testing/testServer.js';

describe.each(DATABASE_KINDS)('session cookie (%s)', (kind) => {
  let server: TestServer;
  let clientId: string;
  let host: string;
  beforeAll(async () => {
    server = await startTestServer(kind);
    clientId = (await server.makeClient()).id;
    host = new URL(server.url).host;
  });
  afterAll(() => server?.dispose());

  /** Signs in over HTTP as the browser does; answers the Set-Cookie header and a Cookie header to send back. */
  async function browserSignIn() {
    const { email } = await server.signIn({ clientId, role: 'owner' });
    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-uzz-csrf': '1' },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    return { setCookie, cookie: setCookie.split(';')[0]! };
  }
  const me = (cookie: string) => fetch(`${server.url}/trpc/auth.me`, { headers: { cookie } });
  const logout = (headers: Record<string, string>) =>
    fetch(`${server.url}/trpc/auth.logout`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers } });

  it('login sets an HttpOnly, SameSite=Strict, Path=/ cookie named for this port, not Secure over http', async () => {
    const { setCookie } = await browserSignIn();
    const port = new URL(server.url).port;
    expect(setCookie).toMatch(new RegExp(`^uzz_session_${port}=[A-Za-z0-9_-]{20,};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
    expect(setCookie).toContain('Path=/');
    expect(setCookie).not.toContain('Secure');
  });

  it('accepting an invite signs the browser in with the cookie as well', async () => {
    const admin = await server.signIn({ clientId, role: 'admin' });
    const invite = await admin.caller.invites.create({ email: `invited-${randomUUID()}@example.test`, role: 'agent' });
    const response = await fetch(`${server.url}/trpc/invites.accept`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-uzz-csrf': '1' },
      body: JSON.stringify({ token: invite.token, password: 'a long enough password', fullName: 'Invited Person' }),
    });
    expect(response.status).toBe(200);
    const setCookie = response.headers.get('set-cookie') ?? '';
    expect(setCookie).toContain('HttpOnly');
    const answer = await me(setCookie.split(';')[0]!);
    expect(((await answer.json()) as { result: { data: { fullName: string; role: string } } }).result.data).toMatchObject({
      fullName: 'Invited Person',
      role: 'agent',
    });
  });

  it('the cookie is Secure when the request came over https (a proxy says so)', async () => {
    const { email } = await server.signIn({ clientId, role: 'owner' });
    const response = await fetch(`${server.url}/trpc/auth.login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
      body: JSON.stringify({ email, password: TEST_PASSWORD }),
    });
    expect(response.headers.get('set-cookie')).toContain('Secure');
  });

  it('a query with only the cookie is signed in; a cookie of another port is not ours', async () => {
    const { cookie } = await browserSignIn();
    const answer = await me(cookie);
    expect(answer.status).toBe(200);
    expect(((await answer.json()) as { result: { data: { clientId: string } } }).result.data.clientId).toBe(clientId);
    const foreign = cookie.replace(/^uzz_session_\d+=/, 'uzz_session_1=');
    expect((await me(foreign)).status).toBe(401);
  });

  it('a mutation with the cookie but without the CSRF header, or from a foreign Origin, is refused 403', async () => {
    const { cookie } = await browserSignIn();
    const bare = await logout({ cookie });
    expect(bare.status).toBe(403);
    expect(await bare.text()).toContain('x-uzz-csrf');
    expect((await logout({ cookie, origin: 'https://evil.example' })).status).toBe(403);
    // Even the header does not make another site's Origin ours.
    expect((await logout({ cookie, origin: 'https://evil.example', 'x-uzz-csrf': '1' })).status).toBe(403);
    expect((await logout({ cookie, origin: 'null' })).status).toBe(403);
    // None of them ended the session.
    expect((await me(cookie)).status).toBe(200);
  });

  it('our own Origin or the CSRF header lets a cookie mutation through; Bearer calls need neither', async () => {
    const first = await browserSignIn();
    expect((await logout({ cookie: first.cookie, origin: `http://${host}` })).status).toBe(200);
    const second = await browserSignIn();
    expect((await logout({ cookie: second.cookie, 'x-uzz-csrf': '1' })).status).toBe(200);
    const { token } = await server.signIn({ clientId, role: 'owner' });
    expect((await logout({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('logout clears the cookie and the old cookie no longer works', async () => {
    const { cookie } = await browserSignIn();
    const answer = await logout({ cookie, 'x-uzz-csrf': '1' });
    expect(answer.status).toBe(200);
    const cleared = answer.headers.get('set-cookie') ?? '';
    expect(cleared).toMatch(/^uzz_session_\d+=;/);
    expect(cleared).toContain('Max-Age=0');
    expect((await me(cookie)).status).toBe(401);
  });

  it('the live stream accepts the cookie', async () => {
    const { cookie } = await browserSignIn();
    const url = `${server.url}/trpc/conversations.live?input=${encodeURIComponent(JSON.stringify({}))}`;
    const controller = new AbortController();
    const stream = await fetch(url, { headers: { cookie, accept: 'text/event-stream' }, signal: controller.signal });
    expect(stream.status).toBe(200);
    const reader = stream.body!.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    controller.abort();
    await reader.cancel().catch(() => undefined);
    expect(first).not.toContain('UNAUTHORIZED');
    const anonymous = await fetch(url, { headers: { accept: 'text/event-stream' } });
    const text = await anonymous.text();
    expect(text).toContain('UNAUTHORIZED');
  });

  it('/media accepts the cookie (an unknown id is a 404 instead of "sign in first")', async () => {
    const { cookie } = await browserSignIn();
    const path = `${server.url}/media/${randomUUID()}`;
    expect((await fetch(path, { headers: { cookie } })).status).toBe(404);
    expect((await fetch(path)).status).toBe(401);
  });

  it('an upload with the cookie but without the CSRF header is refused 403 before it is read', async () => {
    const { cookie } = await browserSignIn();
    const answer = await fetch(`${server.url}/conversations/${randomUUID()}/attachments`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'image/png', 'x-filename': 'a.png' },
      body: new Uint8Array([1, 2, 3]),
    });
    expect(answer.status).toBe(403);
  });
});
