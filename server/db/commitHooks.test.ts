// After-commit hooks on both databases: effects follow the commit, never a rollback, nest with
// their transaction, and a failing hook neither breaks the caller nor the hooks after it. Live
// events, wake-ups and NOTIFY use them, so those are checked here too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import { DATABASE_KINDS, createTestTarget } from '../testing/testDatabases.js';
import { openDatabase, type Database } from './openDatabase.js';
import { createEventBus, type LiveEvent } from '../app/events.js';
import { createWakeSignal } from './wakeSignal.js';
import { inTransaction } from './commitHooks.js';

describe.each(DATABASE_KINDS)('after-commit hooks on %s', (kind) => {
  let db: Database;
  let drop: () => Promise<void>;
  let target: Awaited<ReturnType<typeof createTestTarget>>['target'];
  const logged: string[] = [];
  beforeAll(async () => {
    const created = await createTestTarget(kind);
    drop = created.drop;
    target = created.target;
    db = await openDatabase(created.target, { log: (message) => logged.push(message) });
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  const insertClient = async (slug: string) => db.system(async (tx) => (await tx.insert(db.t.clients).values({ name: slug, slug }).returning())[0]!.id);
  /** Whether the client is visible to a separate transaction (another connection on PostgreSQL). */
  const clientVisible = async (slug: string) => db.system(async (tx) => (await tx.select().from(db.t.clients).where(eq(db.t.clients.slug, slug))).length > 0);

  it('runs a hook after the commit, when a separate transaction sees the rows', async () => {
    const slug = `commit-${randomUUID()}`;
    const steps: string[] = [];
    let seenByHook: Promise<boolean> | undefined;
    await db.system(async (tx) => {
      expect(inTransaction()).toBe(true);
      await tx.insert(db.t.clients).values({ name: 'Commit', slug });
      db.afterCommit(() => {
        steps.push('hook');
        seenByHook = clientVisible(slug);
      });
      steps.push('end of transaction');
    });
    steps.push('caller resumed');
    expect(steps).toEqual(['end of transaction', 'hook', 'caller resumed']);
    expect(await seenByHook).toBe(true);
    expect(inTransaction()).toBe(false);
  });

  it('drops the hooks of a transaction that rolls back', async () => {
    const slug = `rollback-${randomUUID()}`;
    let ran = false;
    await expect(
      db.system(async (tx) => {
        await tx.insert(db.t.clients).values({ name: 'Rollback', slug });
        db.afterCommit(() => (ran = true));
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(ran).toBe(false);
    expect(await clientVisible(slug)).toBe(false);
    // The next transaction starts with its own, empty list.
    await db.system(async () => undefined);
    expect(ran).toBe(false);
  });

  it('runs hooks of nested calls once, in order, when the outermost transaction commits', async () => {
    const clientId = await insertClient(`nested-${randomUUID()}`);
    const order: string[] = [];
    await db.tenant(clientId, async () => {
      db.afterCommit(() => order.push('outer'));
      await db.tenant(clientId, async () => {
        db.afterCommit(() => order.push('inner'));
      });
      expect(order).toEqual([]); // the inner call's end is not a commit
    });
    expect(order).toEqual(['outer', 'inner']);

    const dropped: string[] = [];
    await expect(
      db.tenant(clientId, async () => {
        await db.tenant(clientId, async () => {
          db.afterCommit(() => dropped.push('inner'));
        });
        throw new Error('outer fails after the inner call returned');
      }),
    ).rejects.toThrow('outer fails');
    expect(dropped).toEqual([]);
  });

  it('runs a hook at once outside any transaction', () => {
    let ran = false;
    db.afterCommit(() => (ran = true));
    expect(ran).toBe(true);
  });

  it('logs a hook that throws, and the caller and the later hooks carry on', async () => {
    logged.length = 0;
    let later = false;
    const value = await db.system(async () => {
      db.afterCommit(() => {
        throw new Error('hook exploded');
      });
      db.afterCommit(() => (later = true));
      return 42;
    });
    expect(value).toBe(42);
    expect(later).toBe(true);
    expect(logged.join('\n')).toContain('hook exploded');
  });

  it('publishes live events only after the commit, and never after a rollback', async () => {
    const bus = createEventBus();
    const received: LiveEvent[] = [];
    bus.subscribe('client-live', (event) => received.push(event));
    const slug = `live-${randomUUID()}`;
    let visibleWhenReceived: Promise<boolean> | undefined;
    bus.subscribe('client-live', () => (visibleWhenReceived = clientVisible(slug)));
    await db.system(async (tx) => {
      await tx.insert(db.t.clients).values({ name: 'Live', slug });
      expect(bus.publish('client-live', 'client.created', { slug })).toBeNull();
      expect(received).toEqual([]);
    });
    expect(received.map((event) => event.payload)).toEqual([{ slug }]);
    expect(await visibleWhenReceived).toBe(true);

    await expect(
      db.system(async () => {
        bus.publish('client-live', 'client.created', { slug: 'never' });
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(received).toHaveLength(1);
    expect(bus.since('client-live', received[0]!.id)).toEqual([]);
  });

  it('wakes background loops only after the commit, once per transaction, and not for a rollback', async () => {
    const signal = createWakeSignal(db, `uzz_wake_test_${randomUUID().replaceAll('-', '')}`);
    // Two loops on one signal (two senders on one app): each hears every wake-up.
    const woke = [0, 0];
    signal.subscribe(() => woke[0]!++);
    const unsubscribe = signal.subscribe(() => woke[1]!++);
    await expect(
      db.system(async () => {
        signal.wake();
        void signal.wakeEverywhere();
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(woke).toEqual([0, 0]);

    await db.system(async () => {
      for (let index = 0; index < 5; index++) signal.wake();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(woke).toEqual([0, 0]); // still inside the transaction
    });
    expect(woke).toEqual([1, 1]);
    unsubscribe();
    signal.wake();
    expect(woke).toEqual([2, 1]);
  });

  it("wakes another instance's loops through NOTIFY after the commit, and not its own twice", async () => {
    if (kind === 'sqlite') return; // one process: in-process wake-ups are all there is
    const channel = `uzz_wake_test_${randomUUID().replaceAll('-', '')}`;
    const other = await openDatabase(target); // another instance's connections
    try {
      const here = createWakeSignal(db, channel);
      const there = createWakeSignal(other, channel);
      let hereWoke = 0;
      let thereWoke = 0;
      here.subscribe(() => hereWoke++);
      there.subscribe(() => thereWoke++);
      await Promise.all([here.listen(), there.listen()]);
      await db.system(async () => {
        void here.wakeEverywhere();
        void here.wakeEverywhere();
        await new Promise((resolve) => setTimeout(resolve, 100));
        expect([hereWoke, thereWoke]).toEqual([0, 0]);
      });
      expect(hereWoke).toBe(1);
      await expect.poll(() => thereWoke, { timeout: 5000 }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 200));
      // One notification per transaction, and this instance's own comes back to it unheeded.
      expect([hereWoke, thereWoke]).toEqual([1, 1]);
    } finally {
      await other.close();
    }
  });

  it('sends NOTIFY from inside a transaction after its commit, never after a rollback', async () => {
    if (kind === 'sqlite') return expect(db.notify('uzz_commit_hooks_test', 'x')).resolves.toBeUndefined(); // one process: nothing to notify
    const channel = `uzz_commit_hooks_${randomUUID().replaceAll('-', '')}`;
    const heard: string[] = [];
    await db.listen(channel, (payload) => heard.push(payload));
    await expect(
      db.system(async () => {
        await db.notify(channel, 'rolled back');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await db.system(async () => {
      await db.notify(channel, 'committed'); // resolves at once inside a transaction: no self-wait
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(heard).toEqual([]);
    });
    await expect.poll(() => heard, { timeout: 5000 }).toEqual(['committed']);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual(['committed']);
  });
});
