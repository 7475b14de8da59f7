// The durable job runner on both databases: enqueue inside a transaction, dedupe, retries with
// backoff, the dead letter, a crashed runner's lease, per-key order, two runners on one database,
// and drain on shutdown.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase, type Database } from '../db/openDatabase.js';
import { createTestDatabase, DATABASE_KINDS, type TestDatabase } from '../testing/testDatabases.js';
import { createJobRunner, PermanentJobError, retryDelayMs, type JobRunner, type JobSpec } from './index.js';

describe('retryDelayMs', () => {
  it('doubles per attempt, stays between half and all of it, and is capped', () => {
    expect(retryDelayMs(1, 100, 10_000, () => 0)).toBe(50);
    expect(retryDelayMs(1, 100, 10_000, () => 1)).toBe(100);
    expect(retryDelayMs(3, 100, 10_000, () => 1)).toBe(400);
    expect(retryDelayMs(20, 100, 10_000, () => 1)).toBe(10_000);
  });
});

describe.each(DATABASE_KINDS)('job runner on %s', (kind) => {
  let test: TestDatabase;
  let db: Database;
  const runners: JobRunner[] = [];
  const extraDatabases: Database[] = [];

  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop(200)));
    await Promise.all(extraDatabases.splice(0).map((other) => other.close()));
    await db.system((tx) => tx.delete(db.t.jobs));
  });
  afterAll(() => test?.dispose());

  const runner = (options: Parameters<typeof createJobRunner>[1] = {}, on: Database = db) => {
    const created = createJobRunner(on, { heartbeatMs: 60_000, ...options });
    runners.push(created);
    return created;
  };
  const enqueue = async (jobs: JobRunner, spec: JobSpec) => {
    const id = await db.system((tx) => jobs.enqueue(tx, spec));
    jobs.wake(); // after the commit, never inside
    return id;
  };
  const row = async (id: string) => (await db.system((tx) => tx.select().from(db.t.jobs).where(eq(db.t.jobs.id, id))))[0]!;

  it('runs an enqueued job with its payload, and marks it done', async () => {
    const jobs = runner();
    const seen: unknown[] = [];
    jobs.register('test.echo', async (job) => {
      seen.push({ payload: job.payload, attempt: job.attempt, clientId: job.clientId });
    });
    await jobs.start();
    const id = (await enqueue(jobs, { type: 'test.echo', payload: { hello: 'world' } }))!;
    await expect.poll(async () => (await row(id)).status).toBe('done');
    expect(seen).toEqual([{ payload: { hello: 'world' }, attempt: 1, clientId: null }]);
    const done = await row(id);
    expect(done.finishedAt).toBeInstanceOf(Date);
    expect(done.leaseOwner).toBeNull();
  });

  it('a job enqueued in a transaction that rolls back does not exist', async () => {
    const jobs = runner();
    await db
      .system(async (tx) => {
        await jobs.enqueue(tx, { type: 'test.rollback' });
        throw new Error('the caller fails after enqueueing');
      })
      .catch(() => undefined);
    expect(await db.system((tx) => tx.select().from(db.t.jobs))).toEqual([]);
  });

  it('enqueueing the same dedupe key twice is one job', async () => {
    const jobs = runner();
    const first = await enqueue(jobs, { type: 'test.dedupe', dedupeKey: 'same-work' });
    const second = await enqueue(jobs, { type: 'test.dedupe', dedupeKey: 'same-work', payload: { other: true } });
    expect(first).toEqual(expect.any(String));
    expect(second).toBeNull();
    expect(await db.system((tx) => tx.select().from(db.t.jobs))).toHaveLength(1);
  });

  it('retries a failing job with growing delays, then dead-letters it with the reason', async () => {
    const jobs = runner();
    const attempts: Array<{ attempt: number; at: number }> = [];
    jobs.register(
      'test.flaky',
      async (job) => {
        attempts.push({ attempt: job.attempt, at: Date.now() });
        throw new Error(`provider down (attempt ${job.attempt})`);
      },
      { maxAttempts: 3, backoffMs: 40, backoffMaxMs: 10_000 },
    );
    await jobs.start();
    const id = (await enqueue(jobs, { type: 'test.flaky' }))!;
    await expect.poll(async () => (await row(id)).status, { timeout: 5_000 }).toBe('dead');
    const dead = await row(id);
    expect(dead.attempts).toBe(3);
    expect(dead.lastError).toBe('provider down (attempt 3)');
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    // Backoff: at least half of 40 ms before the second attempt, half of 80 ms before the third.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(20);
    expect(attempts[2]!.at - attempts[1]!.at).toBeGreaterThanOrEqual(40);
  });

  it('a permanent failure goes to the dead letter at once', async () => {
    const jobs = runner();
    jobs.register(
      'test.bad',
      async () => {
        throw new PermanentJobError('the payload names a client that does not exist');
      },
      { maxAttempts: 5 },
    );
    await jobs.start();
    const id = (await enqueue(jobs, { type: 'test.bad' }))!;
    await expect.poll(async () => (await row(id)).status).toBe('dead');
    expect(await row(id)).toMatchObject({ attempts: 1, lastError: 'the payload names a client that does not exist' });
  });

  it('re-claims the job of a runner that crashed once its lease has run out', async () => {
    const { jobs: table } = db.t;
    // What a crash leaves: running, held by a process that no longer exists, lease in the past.
    const [crashed] = await db.system((tx) =>
      tx
        .insert(table)
        .values({
          type: 'test.crash',
          status: 'running',
          attempts: 1,
          leaseOwner: 'dead-host:1:gone',
          leaseUntil: new Date(Date.now() - 1000),
        })
        .returning(),
    );
    const [live] = await db.system((tx) =>
      tx
        .insert(table)
        .values({
          type: 'test.crash',
          status: 'running',
          attempts: 1,
          leaseOwner: 'live-host:2:busy',
          leaseUntil: new Date(Date.now() + 60_000),
        })
        .returning(),
    );
    const ran: string[] = [];
    const jobs = runner();
    jobs.register('test.crash', async (job) => {
      ran.push(job.id);
    });
    await jobs.start();
    await expect.poll(async () => (await row(crashed!.id)).status).toBe('done');
    expect(ran).toEqual([crashed!.id]);
    expect((await row(crashed!.id)).attempts).toBe(2);
    expect(await row(live!.id)).toMatchObject({ status: 'running', leaseOwner: 'live-host:2:busy' });
  });

  it('a crash on the last attempt is dead-lettered with why', async () => {
    const [crashed] = await db.system((tx) =>
      tx
        .insert(db.t.jobs)
        .values({
          type: 'test.crash-last',
          status: 'running',
          attempts: 2,
          maxAttempts: 2,
          leaseOwner: 'dead-host:1:gone',
          leaseUntil: new Date(Date.now() - 1000),
        })
        .returning(),
    );
    const jobs = runner();
    let ran = false;
    jobs.register('test.crash-last', async () => {
      ran = true;
    });
    await jobs.start();
    await expect.poll(async () => (await row(crashed!.id)).status).toBe('dead');
    expect((await row(crashed!.id)).lastError).toContain('lease expired');
    expect(ran).toBe(false);
  });

  it('runs jobs with one ordering key one at a time, oldest first, others alongside', async () => {
    const jobs = runner({ concurrency: 4 });
    const order: string[] = [];
    let activeForKey = 0;
    let maxActiveForKey = 0;
    jobs.register('test.ordered', async (job) => {
      const keyed = job.payload.key === 'conversation-1';
      if (keyed) activeForKey++;
      maxActiveForKey = Math.max(maxActiveForKey, activeForKey);
      await new Promise((resolve) => setTimeout(resolve, 30));
      order.push(String(job.payload.name));
      if (keyed) activeForKey--;
    });
    for (const name of ['a1', 'a2', 'a3']) {
      await enqueue(jobs, { type: 'test.ordered', orderingKey: 'conversation-1', payload: { name, key: 'conversation-1' } });
      await new Promise((resolve) => setTimeout(resolve, 5)); // distinct created_at
    }
    await enqueue(jobs, { type: 'test.ordered', orderingKey: 'conversation-2', payload: { name: 'b1', key: 'conversation-2' } });
    await jobs.start();
    await expect.poll(() => order.length, { timeout: 5_000 }).toBe(4);
    expect(order.filter((name) => name.startsWith('a'))).toEqual(['a1', 'a2', 'a3']);
    expect(maxActiveForKey).toBe(1);
    // b1 did not wait for the whole a-chain.
    expect(order.indexOf('b1')).toBeLessThan(order.indexOf('a3'));
  });

  it('two runners on one database never run a job twice', async () => {
    const other = await openDatabase(test.target);
    extraDatabases.push(other);
    const ranBy = new Map<string, string[]>();
    const handler = (name: string) => async (job: { id: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 2));
      ranBy.set(job.id, [...(ranBy.get(job.id) ?? []), name]);
    };
    const first = runner({ concurrency: 4 });
    const second = runner({ concurrency: 4 }, other);
    first.register('test.shared', handler('first'));
    second.register('test.shared', handler('second'));
    const ids = await db.system(async (tx) => {
      const created: string[] = [];
      for (let index = 0; index < 60; index++) created.push((await first.enqueue(tx, { type: 'test.shared', payload: { index } }))!);
      return created;
    });
    await Promise.all([first.start(), second.start()]);
    first.wake();
    second.wake();
    await expect.poll(() => ranBy.size, { timeout: 15_000 }).toBe(60);
    expect([...ranBy.values()].filter((names) => names.length !== 1)).toEqual([]);
    expect(new Set(ranBy.keys())).toEqual(new Set(ids));
    await expect.poll(async () => (await db.system((tx) => tx.select().from(db.t.jobs).where(eq(db.t.jobs.status, 'done')))).length).toBe(60);
  });

  it('drains on shutdown: a quick job finishes, a stuck one is aborted and released for another run', async () => {
    const jobs = runner({ concurrency: 2 });
    let stuckSignal: AbortSignal | null = null;
    jobs.register('test.quick', async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    jobs.register('test.stuck', async (job) => {
      stuckSignal = job.signal;
      await new Promise((_resolve, reject) => job.signal.addEventListener('abort', () => reject(job.signal.reason as Error)));
    });
    await jobs.start();
    const quick = (await enqueue(jobs, { type: 'test.quick' }))!;
    const stuck = (await enqueue(jobs, { type: 'test.stuck' }))!;
    await expect.poll(() => jobs.runningCount).toBe(2);
    await jobs.stop(300);
    expect(await row(quick)).toMatchObject({ status: 'done' });
    expect(stuckSignal!.aborted).toBe(true);
    expect(await row(stuck)).toMatchObject({ status: 'queued', attempts: 0, leaseOwner: null, leaseUntil: null });
    // A fresh runner (the next start) takes it.
    const next = runner();
    next.register('test.stuck', async () => undefined);
    await next.start();
    await expect.poll(async () => (await row(stuck)).status).toBe('done');
  });

  it('reports counts per type and status and the oldest due job', async () => {
    const jobs = runner();
    await enqueue(jobs, { type: 'test.unhandled', runAt: new Date(Date.now() - 5_000) });
    await enqueue(jobs, { type: 'test.unhandled' });
    const metrics = await jobs.metrics();
    expect(metrics.counts).toEqual([{ type: 'test.unhandled', status: 'queued', count: 2 }]);
    expect(metrics.oldestQueuedAgeSeconds[0]!.type).toBe('test.unhandled');
    expect(metrics.oldestQueuedAgeSeconds[0]!.seconds).toBeGreaterThanOrEqual(4);
  });
});
