// Every statement the runner issues. The one dialect difference lives here: PostgreSQL claims with
// FOR UPDATE SKIP LOCKED (several instances claim at once without waiting on each other's rows),
// SQLite claims inside its single write transaction (one writer at a time, nothing to skip).
import { and, asc, count, eq, gt, inArray, lt, lte, min, or, sql } from 'drizzle-orm';
import type { Database } from '../db/database.js';
import type { Tx } from '../db/tables.js';
import type { JobStatus } from './jobStatuses.js';
import type { JobCounts, JobSpec } from './jobTypes.js';

/** The PostgreSQL channel a committed enqueue notifies (createJobRunner's wake signal). */
export const JOBS_CHANNEL = 'uzz_jobs';

export type ClaimedJob = {
  id: string;
  type: string;
  clientId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  maxAttempts: number;
};

// Jobs of one ordering key run in created_at order. The column's default is the transaction's
// start on PostgreSQL, the same for every job one transaction enqueues: ordered jobs get a strictly
// increasing time from this process's clock instead, so they run in the order they were enqueued.
let lastOrderedAt = 0;
function nextOrderedAt(): Date {
  const now = Date.now();
  lastOrderedAt = now > lastOrderedAt ? now : lastOrderedAt + 1;
  return new Date(lastOrderedAt);
}

/** Inserts the job in the caller's transaction (the runner announces it once the transaction commits). */
export async function insertJob(db: Database, tx: Tx, spec: JobSpec & { maxAttempts: number }): Promise<{ id: string | null }> {
  const { jobs } = db.t;
  const [row] = await tx
    .insert(jobs)
    .values({
      type: spec.type,
      clientId: spec.clientId ?? null,
      payload: spec.payload ?? {},
      dedupeKey: spec.dedupeKey ?? null,
      orderingKey: spec.orderingKey ?? null,
      maxAttempts: spec.maxAttempts,
      ...(spec.runAt ? { runAt: spec.runAt } : {}),
      ...(spec.orderingKey ? { createdAt: nextOrderedAt() } : {}),
    })
    .onConflictDoNothing({ target: jobs.dedupeKey })
    .returning({ id: jobs.id });
  return { id: row?.id ?? null };
}

export async function claimJobs(db: Database, input: { types: string[]; limit: number; owner: string; leaseMs: number; now: Date }): Promise<ClaimedJob[]> {
  const { jobs } = db.t;
  const { now } = input;
  if (input.types.length === 0 || input.limit <= 0) return [];
  return db.system(async (tx) => {
    // A runner that died on a job's last attempt: dead letter, with why.
    await tx
      .update(jobs)
      .set({
        status: 'dead',
        finishedAt: now,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: now,
        lastError: sql`coalesce(${jobs.lastError} || '; ', '') || ${'the runner holding its last attempt stopped (lease expired)'}`,
      })
      .where(and(inArray(jobs.type, input.types), eq(jobs.status, 'running'), lt(jobs.leaseUntil, now), sql`${jobs.attempts} >= ${jobs.maxAttempts}`));

    // Per-key order: not while an older job with the same key is unfinished (a retry waiting for
    // its backoff included), so a key's jobs run one at a time, in the order they were enqueued.
    const notBlocked = sql`(${jobs.orderingKey} is null or not exists (select 1 from jobs older
      where older.ordering_key = ${jobs.orderingKey} and older.status in ('queued', 'running')
      and (older.created_at < ${jobs.createdAt} or (older.created_at = ${jobs.createdAt} and older.id < ${jobs.id}))))`;
    const candidates = tx
      .select({ id: jobs.id })
      .from(jobs)
      .where(
        and(
          inArray(jobs.type, input.types),
          notBlocked,
          or(
            and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)),
            and(eq(jobs.status, 'running'), lt(jobs.leaseUntil, now)), // its runner crashed: the lease ran out
          ),
        ),
      )
      .orderBy(asc(jobs.runAt), asc(jobs.createdAt))
      .limit(input.limit);
    const ids = (await (db.kind === 'pg' ? candidates.for('update', { skipLocked: true }) : candidates)).map((row) => row.id);
    if (ids.length === 0) return [];
    const claimed = await tx
      .update(jobs)
      .set({
        status: 'running',
        attempts: sql`${jobs.attempts} + 1`,
        leaseOwner: input.owner,
        leaseUntil: new Date(now.getTime() + input.leaseMs),
        updatedAt: now,
      })
      .where(inArray(jobs.id, ids))
      .returning({
        id: jobs.id,
        type: jobs.type,
        clientId: jobs.clientId,
        payload: jobs.payload,
        attempts: jobs.attempts,
        maxAttempts: jobs.maxAttempts,
      });
    return claimed.sort((a, b) => ids.indexOf(a.id) - ids.indexOf(b.id));
  });
}

const mine = (db: Database, id: string, owner: string) => and(eq(db.t.jobs.id, id), eq(db.t.jobs.leaseOwner, owner), eq(db.t.jobs.status, 'running'));

/** Each finish is guarded by the lease: a runner that lost its job (lease expired, drained) changes nothing. */
export async function markDone(db: Database, id: string, owner: string, now: Date): Promise<void> {
  await db.system((tx) =>
    tx
      .update(db.t.jobs)
      .set({ status: 'done', finishedAt: now, leaseOwner: null, leaseUntil: null, updatedAt: now })
      .where(mine(db, id, owner)),
  );
}

export async function markFailed(db: Database, id: string, owner: string, input: { error: string; retryAt: Date | null; now: Date }): Promise<void> {
  const { now } = input;
  await db.system((tx) =>
    tx
      .update(db.t.jobs)
      .set(
        input.retryAt
          ? { status: 'queued', runAt: input.retryAt, lastError: input.error, leaseOwner: null, leaseUntil: null, updatedAt: now }
          : { status: 'dead', finishedAt: now, lastError: input.error, leaseOwner: null, leaseUntil: null, updatedAt: now },
      )
      .where(mine(db, id, owner)),
  );
}

/** Drain: jobs still running when the timeout passes go back to the queue, the attempt not counted. */
export async function releaseJobs(db: Database, ids: string[], owner: string, now: Date): Promise<void> {
  if (ids.length === 0) return;
  const { jobs } = db.t;
  await db.system((tx) =>
    tx
      .update(jobs)
      .set({
        status: 'queued',
        runAt: now,
        leaseOwner: null,
        leaseUntil: null,
        updatedAt: now,
        attempts: sql`case when ${jobs.attempts} > 0 then ${jobs.attempts} - 1 else 0 end`,
      })
      .where(and(inArray(jobs.id, ids), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running'))),
  );
}

export async function renewLeases(db: Database, ids: string[], owner: string, leaseUntil: Date): Promise<void> {
  if (ids.length === 0) return;
  const { jobs } = db.t;
  await db.system((tx) =>
    tx
      .update(jobs)
      .set({ leaseUntil })
      .where(and(inArray(jobs.id, ids), eq(jobs.leaseOwner, owner), eq(jobs.status, 'running'))),
  );
}

/**
 * When the runner next has something to do that no event announces: the earliest future run_at, or
 * another runner's lease running out. Jobs already due are not counted: what keeps them waiting (an
 * older job of their ordering key) wakes the runner when it finishes.
 */
export async function nextDueAt(db: Database, types: string[], now: Date): Promise<Date | null> {
  if (types.length === 0) return null;
  const { jobs } = db.t;
  const [row] = await db.system((tx) =>
    tx
      .select({
        next: min(sql`case when ${jobs.status} = 'queued' then ${jobs.runAt} else ${jobs.leaseUntil} end`).mapWith(jobs.runAt),
      })
      .from(jobs)
      .where(
        and(inArray(jobs.type, types), or(and(eq(jobs.status, 'queued'), gt(jobs.runAt, now)), and(eq(jobs.status, 'running'), gt(jobs.leaseUntil, now)))),
      ),
  );
  return row?.next ?? null;
}

export async function countJobs(db: Database, now: Date): Promise<{ counts: JobCounts; oldestDue: Array<{ type: string; since: Date }> }> {
  const { jobs } = db.t;
  return db.system(async (tx) => {
    const counts = await tx.select({ type: jobs.type, status: jobs.status, count: count() }).from(jobs).groupBy(jobs.type, jobs.status);
    const oldest = await tx
      .select({ type: jobs.type, since: min(jobs.runAt) })
      .from(jobs)
      .where(and(eq(jobs.status, 'queued'), lte(jobs.runAt, now)))
      .groupBy(jobs.type);
    return {
      counts: counts.map((row) => ({ type: row.type, status: row.status as JobStatus, count: Number(row.count) })),
      oldestDue: oldest.filter((row) => row.since).map((row) => ({ type: row.type, since: row.since! })),
    };
  });
}

export async function deleteFinishedBefore(db: Database, before: Date): Promise<number> {
  const { jobs } = db.t;
  const removed = await db.system((tx) =>
    tx
      .delete(jobs)
      .where(and(eq(jobs.status, 'done'), lt(jobs.finishedAt, before)))
      .returning({ id: jobs.id }),
  );
  return removed.length;
}
