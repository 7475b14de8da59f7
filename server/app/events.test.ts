import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEventBus, type LiveEvent } from './events.js';
import { startTestServer, type TestServer } from '../testing/testServer.js';

describe('live event bus', () => {
  it('keeps ids growing across restarts, and asks a subscriber from before a restart to reload', async () => {
    const before = createEventBus();
    const seen = before.publish('client-a', 'message.created', { n: 1 })!;
    await new Promise((resolve) => setTimeout(resolve, 5)); // a restart takes longer than this
    const after = createEventBus(); // the next process lifetime
    const next = after.publish('client-a', 'message.created', { n: 2 })!;
    expect(next.id).toBeGreaterThan(seen.id);
    expect(after.since('client-a', seen.id)).toBeNull();
    expect(after.since('client-a', next.id)).toEqual([]);
  });

  it('replays what a subscriber missed, and says when the history no longer holds it', () => {
    const bus = createEventBus({ history: 3 });
    const ids = [1, 2, 3, 4, 5].map((n) => bus.publish('client-a', 'tick', n)!.id);
    expect(bus.since('client-a', ids[2]!)!.map((event) => event.payload)).toEqual([4, 5]);
    expect(bus.since('client-a', ids[0]!)).toBeNull(); // event 2 was evicted
    expect(bus.since('client-b', bus.lastId('client-b'))).toEqual([]);
  });

  it('keeps an event of another instance that carries the same id as one of its own, under the next free id', () => {
    const bus = createEventBus();
    const local = bus.publish('client-a', 'tick', 'local')!;
    const next = bus.publish('client-a', 'tick', 'next')!;
    const received: unknown[] = [];
    bus.subscribe('client-a', (event) => received.push(event.payload));
    // Another instance issued the same microsecond ids (same clock, same moment).
    bus.receive({ ...local, payload: 'remote' }, 'instance-b');
    bus.receive({ ...next, payload: 'remote 2' }, 'instance-b');
    bus.receive({ ...local, payload: 'remote' }, 'instance-b'); // the same notification again
    const held = bus.since('client-a', local.id - 1)!;
    expect(held.map((event) => event.payload).sort()).toEqual(['local', 'next', 'remote', 'remote 2']);
    expect(new Set(held.map((event) => event.id)).size).toBe(4);
    expect(received).toEqual(['remote', 'remote 2']);
    // Its own next event still gets an id of its own.
    const after = bus.publish('client-a', 'tick', 'after')!;
    expect(held.map((event) => event.id)).not.toContain(after.id);
  });

  it('orders events received from other instances by id and ignores duplicates', async () => {
    const bus = createEventBus();
    const first = bus.publish('client-a', 'tick', 'first')!;
    await new Promise((resolve) => setTimeout(resolve, 5));
    const local = bus.publish('client-a', 'tick', 'local')!;
    const remote: LiveEvent = { id: local.id - 1, clientId: 'client-a', type: 'tick', payload: 'remote', at: new Date().toISOString() };
    const received: unknown[] = [];
    bus.subscribe('client-a', (event) => received.push(event.payload));
    bus.receive(remote);
    bus.receive(remote);
    expect(received).toEqual(['remote']);
    expect(bus.since('client-a', first.id)!.map((event) => event.payload)).toEqual(['remote', 'local']);
  });
});

describe('live events between two server instances on one PostgreSQL database', () => {
  let first: TestServer;
  let second: TestServer;
  beforeAll(async () => {
    first = await startTestServer('pg');
    second = await startTestServer('pg', { database: first.config.database, masterKey: first.config.masterKey });
  });
  afterAll(async () => {
    await second?.stop();
    await first?.dispose();
  });

  it('delivers an event published on one instance to subscribers of the other, once', async () => {
    const received: LiveEvent[] = [];
    first.app.events.subscribe('client-x', (event) => received.push(event));
    const published = second.app.events.publish('client-x', 'conversation.updated', { status: 'humano' })!;
    const big = second.app.events.publish('client-x', 'message.created', { content: 'x'.repeat(20_000) })!;
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(2);
    expect(received[0]).toEqual(published);
    expect(received[1]).toMatchObject({ id: big.id, type: 'message.created', payload: { truncated: true } });
    // The publishing instance does not receive its own event back as a second copy.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(received).toHaveLength(2);
    expect(second.app.events.since('client-x', published.id - 1)).toHaveLength(2);
  });

  it('relays a burst of events published together (several per notification) completely and in order', async () => {
    const received: LiveEvent[] = [];
    first.app.events.subscribe('client-burst', (event) => received.push(event));
    const published = Array.from({ length: 60 }, (_, n) => second.app.events.publish('client-burst', 'message.created', { n, content: 'y'.repeat(900) })!);
    await expect.poll(() => received.length, { timeout: 5000 }).toBe(60);
    expect(received).toEqual(published);
  });
});
