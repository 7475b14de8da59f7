// An open live stream ends with its session: sign-out, deactivation, and on PostgreSQL a sign-out
// through another instance (the live events bus carries the news over NOTIFY).
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '#shared/api.js';
import { createServer, type UzzServer } from '#server/app/createServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

type Stream = { received: number[]; ended: string | null; started: boolean; close(): void };

function openStream(baseUrl: string, token: string): Stream {
  const trpc = createTRPCClient<AppRouter>({
    links: [httpSubscriptionLink({ url: `${baseUrl}/trpc`, EventSource, connectionParams: () => ({ token }) })],
  });
  const stream: Stream = { received: [], ended: null, started: false, close: () => subscription.unsubscribe() };
  const subscription = trpc.conversations.live.subscribe(
    {},
    {
      onStarted: () => {
        stream.started = true;
      },
      onData: (event) => {
        const payload = event.data.payload as { n?: number } | null;
        if (event.data.type === 'test.ping' && typeof payload?.n === 'number') stream.received.push(payload.n);
      },
      onError: (error) => {
        stream.ended = error.data?.code ?? error.message;
      },
      onComplete: () => {
        stream.ended ??= 'completed';
      },
    },
  );
  return stream;
}

const waitFor = async (predicate: () => boolean) => {
  for (let i = 0; i < 300 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(predicate()).toBe(true);
};

const post = (url: string, token: string, body: unknown = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });

describe.each(DATABASE_KINDS)('live stream ends with its session on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  /** Both streams are open and delivering. */
  const bothLive = async (client: string, streams: Stream[], n: number) => {
    await waitFor(() => streams.every((stream) => stream.started));
    server.app.events.publish(client, 'test.ping', { n });
    await waitFor(() => streams.every((stream) => stream.received.includes(n)));
  };

  it("ends the stream of a user who signs out and delivers nothing to it afterwards; a colleague's stream goes on", async () => {
    const client = await server.makeClient();
    const leaving = await server.signIn({ clientId: client.id, role: 'agent' });
    const staying = await server.signIn({ clientId: client.id, role: 'agent' });
    const mine = openStream(server.url, leaving.token);
    const theirs = openStream(server.url, staying.token);
    await bothLive(client.id, [mine, theirs], 1);

    expect((await post(`${server.url}/trpc/auth.logout`, leaving.token)).status).toBe(200);
    await waitFor(() => mine.ended !== null);
    expect(mine.ended).toBe('UNAUTHORIZED');
    server.app.events.publish(client.id, 'test.ping', { n: 2 });
    await waitFor(() => theirs.received.includes(2));
    expect(mine.received).toEqual([1]);
    expect(theirs.ended).toBeNull();
    mine.close();
    theirs.close();
  });

  it("ends a member's stream when an admin deactivates them", async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const stream = openStream(server.url, agent.token);
    const admins = openStream(server.url, admin.token);
    await bothLive(client.id, [stream, admins], 1);
    await admin.caller.users.deactivate({ userId: agent.userId });
    await waitFor(() => stream.ended !== null);
    server.app.events.publish(client.id, 'test.ping', { n: 2 });
    await waitFor(() => admins.received.includes(2));
    expect(stream.received).toEqual([1]);
    stream.close();
    admins.close();
  });
});

describe('live stream ends with its session across instances on pg', () => {
  let server: TestServer;
  let other: UzzServer | null = null;
  beforeAll(async () => {
    server = await startTestServer('pg');
  });
  afterAll(async () => {
    await other?.stop();
    await server?.dispose();
  });

  it('ends a stream open on another instance when the user signs out here', async () => {
    other = await createServer({ ...server.config, port: 0 }, { logger: false });
    const otherUrl = await other.start();
    const client = await server.makeClient();
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const stream = openStream(otherUrl, agent.token);
    await waitFor(() => stream.started);
    expect((await post(`${server.url}/trpc/auth.logout`, agent.token)).status).toBe(200);
    await waitFor(() => stream.ended !== null);
    expect(stream.ended).toBe('UNAUTHORIZED');
    stream.close();
  });
});
