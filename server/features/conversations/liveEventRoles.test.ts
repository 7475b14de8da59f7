// Live events meant for admins (a budget alert carries spend figures) reach admins' and owners'
// streams only: neither live nor in the replay after a reconnect does an agent's stream get them.
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '#shared/api.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

type Stream = { received: number[]; started: boolean; close(): void };

function openStream(baseUrl: string, token: string, lastEventId?: string): Stream {
  const trpc = createTRPCClient<AppRouter>({
    links: [httpSubscriptionLink({ url: `${baseUrl}/trpc`, EventSource, connectionParams: () => ({ token }) })],
  });
  const stream: Stream = { received: [], started: false, close: () => subscription.unsubscribe() };
  const subscription = trpc.conversations.live.subscribe(lastEventId ? { lastEventId } : {}, {
    onStarted: () => {
      stream.started = true;
    },
    onData: (event) => {
      const payload = event.data.payload as { n?: number } | null;
      if (event.data.type === 'test.ping' && typeof payload?.n === 'number') stream.received.push(payload.n);
    },
  });
  return stream;
}

const waitFor = async (predicate: () => boolean) => {
  for (let i = 0; i < 300 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(predicate()).toBe(true);
};

describe.each(DATABASE_KINDS)('live events for admins only on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it("an admin-only event reaches the admin's and the owner's streams, not the agent's, live or replayed", async () => {
    const client = await server.makeClient();
    const [agent, admin, owner] = await Promise.all((['agent', 'admin', 'owner'] as const).map((role) => server.signIn({ clientId: client.id, role })));
    const streams = { agent: openStream(server.url, agent!.token), admin: openStream(server.url, admin!.token), owner: openStream(server.url, owner!.token) };
    await waitFor(() => Object.values(streams).every((stream) => stream.started));
    const before = String(server.app.events.lastId(client.id));

    server.app.events.publish(client.id, 'test.ping', { n: 1 }, { minRole: 'admin' });
    server.app.events.publish(client.id, 'test.ping', { n: 2 });
    await waitFor(() => streams.agent.received.includes(2) && streams.admin.received.includes(2) && streams.owner.received.includes(2));
    expect(streams.agent.received).toEqual([2]);
    expect(streams.admin.received).toEqual([1, 2]);
    expect(streams.owner.received).toEqual([1, 2]);

    // A reconnecting agent catches up on what it missed, still without the admin-only event.
    const replayed = openStream(server.url, agent!.token, before);
    await waitFor(() => replayed.received.includes(2));
    expect(replayed.received).toEqual([2]);
    for (const stream of [...Object.values(streams), replayed]) stream.close();
  });
});
