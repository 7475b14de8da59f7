// Secrets never reach the request log: the webhook handshake's verify token, session tokens in
// /media?token= and in the live stream's connectionParams, invite tokens and passwords.
import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '#shared/api.js';
import { DATABASE_KINDS } from '../testing/testDatabases.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../testing/testServer.js';
import { redactUrl } from './loggerOptions.js';

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

describe('redactUrl', () => {
  it('keeps the path and parameter names, never the values', () => {
    expect(redactUrl('/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=abc')).toBe('/webhooks/whatsapp?hub.mode=[redacted]&hub.verify_token=[redacted]');
    expect(redactUrl('/media/x')).toBe('/media/x');
  });
});

describe.each(DATABASE_KINDS)('request logs on %s', (kind) => {
  let server: TestServer;
  const lines: string[] = [];
  beforeAll(async () => {
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    server = await startTestServer(kind, { logLevel: 'info' }, { logStream });
  });
  afterAll(() => server?.dispose());

  it('contains no verify token, session token, invite token or password', async () => {
    const verifyToken = `verify-${randomUUID()}`;
    const client = await server.makeClient({ metaVerifyToken: verifyToken });
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });

    const handshake = await fetch(`${server.url}/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=4242&hub.verify_token=${verifyToken}`);
    expect(await handshake.text()).toBe('4242');

    const invite = await admin.caller.invites.create({ email: `log-${randomUUID()}@example.test`, role: 'agent' });
    const inspected = await post(`${server.url}/trpc/invites.inspect`, { token: invite.token });
    expect(inspected.status).toBe(200);
    // The token-bearing call is not accepted as a GET (its input would be in the URL).
    const asGet = await fetch(`${server.url}/trpc/invites.inspect?input=${encodeURIComponent(JSON.stringify({ token: invite.token }))}`);
    expect(asGet.status).toBe(405);

    const login = await post(`${server.url}/trpc/auth.login`, { email: admin.email, password: TEST_PASSWORD });
    const session = (await login.json()).result.data.token as string;
    expect(session).toBeTruthy();

    await fetch(`${server.url}/media/${randomUUID()}?token=${session}`);
    expect((await fetch(`${server.url}/no-such-route?token=${session}`)).status).toBe(404);

    // The live stream as the renderer opens it: the session token in connectionParams.
    const trpc = createTRPCClient<AppRouter>({
      links: [httpSubscriptionLink({ url: `${server.url}/trpc`, EventSource, connectionParams: () => ({ token: session }) })],
    });
    await new Promise<void>((resolve, reject) => {
      const subscription = trpc.conversations.live.subscribe(
        {},
        {
          onStarted: () => {
            subscription.unsubscribe();
            resolve();
          },
          onError: reject,
        },
      );
    });
    // Wait for the log lines of every request above ("request completed" comes after the reply).
    for (let i = 0; i < 100 && !lines.some((line) => line.includes('conversations.live') && line.includes('request completed')); i++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    const log = lines.join('');
    for (const path of ['/webhooks/whatsapp', '/trpc/invites.inspect', '/trpc/auth.login', '/media/', '/trpc/conversations.live']) expect(log).toContain(path);
    expect(log).toContain('connectionParams=[redacted]');
    for (const secret of [verifyToken, invite.token, session, admin.token, TEST_PASSWORD]) expect(log).not.toContain(secret);
  });
});
