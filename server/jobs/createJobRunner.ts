// The durable job runner: jobs live in the `jobs` table, so they survive restarts and any instance
// may run them. Woken by events, not by polling (driveLoop.ts): an enqueue wakes this process's
// runner and, by NOTIFY, every other instance's once its transaction commits; a timer fires for the
// earliest scheduled run_at or lease expiry; a slow heartbeat catches anything missed (a lost
// notification).
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Database } from '../db/database.js';
import type { Tx } from '../db/tables.js';
import { createWakeSignal, HEARTBEAT_MS } from '../db/wakeSignal.js';
import { retryDelayMs } from './backoff.js';
import { createDriveLoop, type PassOutcome, type PassTrigger } from './driveLoop.js';
import {
  claimJobs,
  countJobs,
  deleteFinishedBefore,
  insertJob,
  JOBS_CHANNEL,
  markDone,
  markFailed,
  nextDueAt,
  releaseJobs,
  renewLeases,
  type ClaimedJob,
} from './jobQueries.js';
import { PermanentJobError, type JobHandler, type JobMetrics, type JobSpec, type JobTypeOptions } from './jobTypes.js';

export type JobRunnerOptions = {
  /** Handlers running at once in this process. */
  concurrency?: number;
  /** How long a claim holds a job; renewed while the handler runs, so only a dead runner's lease expires. */
  leaseMs?: number;
  heartbeatMs?: number;
  /** Done jobs are deleted this long after they finished (dead ones are kept for the operator). */
  retentionMs?: number;
  /** How long stop() waits for running handlers before aborting them and releasing their jobs. */
  drainTimeoutMs?: number;
  log?: { warn(object: object, message: string): void; error(object: object, message: string): void };
  clock?: () => Date;
};

export type JobRunner = ReturnType<typeof createJobRunner>;

type Registered = { handler: JobHandler; options: Required<JobTypeOptions> };
type Running = { job: ClaimedJob; controller: AbortController; done: Promise<void> };

const DEFAULT_TYPE_OPTIONS: Required<JobTypeOptions> = { maxAttempts: 5, backoffMs: 5_000, backoffMaxMs: 60 * 60 * 1000 };
const CLEANUP_EVERY_MS = 60 * 60 * 1000;

export function createJobRunner(db: Database, options: JobRunnerOptions = {}) {
  const concurrency = options.concurrency ?? Math.max(1, Math.min(4, db.poolSize));
  const leaseMs = options.leaseMs ?? 60_000;
  const heartbeatMs = options.heartbeatMs ?? HEARTBEAT_MS;
  const retentionMs = options.retentionMs ?? 7 * 24 * 60 * 60 * 1000;
  const drainTimeoutMs = options.drainTimeoutMs ?? 10_000;
  const clock = options.clock ?? (() => new Date());
  const owner = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

  const types = new Map<string, Registered>();
  const running = new Map<string, Running>();
  let stopping = false;
  let renewal: NodeJS.Timeout | null = null;
  let lastCleanup = 0;

  const warn = (error: unknown, message: string) => options.log?.warn({ err: error }, message);
  const signal = createWakeSignal(db, JOBS_CHANNEL);

  /** Claims as many due jobs as there is room for and starts them. */
  const pass = async (why: ReadonlySet<PassTrigger>): Promise<PassOutcome> => {
    if (why.has('start') || why.has('heartbeat')) cleanUp();
    const room = concurrency - running.size;
    if (room <= 0 || types.size === 0) return; // a handler finishing wakes the loop
    const now = clock();
    const claimed = await claimJobs(db, { types: [...types.keys()], limit: room, owner, leaseMs, now });
    for (const job of claimed) begin(job);
    if (claimed.length === room) return { again: 'now' }; // there may be more
    // Handlers running here wake the loop when they finish (and it looks again then); with none,
    // it sleeps until the next job no event will announce: a scheduled run_at, another runner's lease.
    // Later than the claim's `now`, not the query's: a run_at that fell between them is due at once.
    if (running.size > 0) return;
    const next = await nextDueAt(db, [...types.keys()], now);
    return { dueAt: next ? Date.now() + (next.getTime() - now.getTime()) : null };
  };

  const loop = createDriveLoop({
    pass,
    heartbeatMs,
    signal,
    onError: (error) => warn(error, 'job runner: claiming failed (retried shortly)'),
  });
  const wake = () => loop.wake();

  function begin(job: ClaimedJob): void {
    const registered = types.get(job.type)!;
    const controller = new AbortController();
    const entry: Running = { job, controller, done: Promise.resolve() };
    running.set(job.id, entry);
    ensureRenewal();
    entry.done = (async () => {
      try {
        await registered.handler({
          id: job.id,
          type: job.type,
          clientId: job.clientId,
          payload: job.payload as RunningJobPayload,
          attempt: job.attempts,
          maxAttempts: job.maxAttempts,
          signal: controller.signal,
        });
        if (!controller.signal.aborted) await markDone(db, job.id, owner, clock());
      } catch (error) {
        if (controller.signal.aborted) return; // drained: its lease was released, another run takes it
        const message = error instanceof Error ? error.message : String(error);
        const last = error instanceof PermanentJobError || job.attempts >= job.maxAttempts;
        const now = clock();
        const retryAt = last ? null : new Date(now.getTime() + retryDelayMs(job.attempts, backoffOf(registered), registered.options.backoffMaxMs));
        if (last) options.log?.error({ err: error, jobId: job.id, type: job.type, attempts: job.attempts }, 'job failed for good (dead letter)');
        await markFailed(db, job.id, owner, { error: message, retryAt, now });
        if (retryAt) loop.wakeAt(Date.now() + (retryAt.getTime() - now.getTime()));
      }
    })()
      .catch((error: unknown) => warn(error, `job runner: recording the outcome of job ${job.id} failed (its lease expires and it runs again)`))
      .finally(() => {
        running.delete(job.id);
        if (!stopping) wake(); // room for another, and a successor with the same ordering key may be free now
      });
  }

  /** While handlers run, their leases are extended together; with nothing running, no statements. */
  function ensureRenewal(): void {
    if (renewal) return;
    renewal = setInterval(
      () => {
        if (running.size === 0) {
          clearInterval(renewal!);
          renewal = null;
          return;
        }
        renewLeases(db, [...running.keys()], owner, new Date(clock().getTime() + leaseMs)).catch((error: unknown) =>
          warn(error, 'job runner: lease renewal failed'),
        );
      },
      Math.max(10, Math.floor(leaseMs / 3)),
    );
    renewal.unref();
  }

  /** Done jobs past the retention go, at most once an hour (on a heartbeat or at start). */
  function cleanUp(): void {
    const now = clock().getTime();
    if (now - lastCleanup < CLEANUP_EVERY_MS) return;
    lastCleanup = now;
    deleteFinishedBefore(db, new Date(now - retentionMs)).catch((error: unknown) => warn(error, 'job runner: cleanup failed'));
  }

  return {
    owner,

    /** Handlers by type; a job of a type no process has registered waits in the queue. */
    register(type: string, handler: JobHandler, typeOptions: JobTypeOptions = {}): void {
      if (types.has(type)) throw new Error(`a handler for job type "${type}" is already registered`);
      types.set(type, { handler, options: { ...DEFAULT_TYPE_OPTIONS, ...typeOptions } });
      wake();
    },

    /**
     * Enqueues inside the caller's transaction: the job exists if and only if the caller's write
     * commits, and once it does this runner and (NOTIFY) every other instance's are woken, once per
     * transaction however many jobs it enqueued. Returns null when the dedupe key exists.
     */
    async enqueue(tx: Tx, spec: JobSpec): Promise<string | null> {
      const maxAttempts = spec.maxAttempts ?? types.get(spec.type)?.options.maxAttempts ?? DEFAULT_TYPE_OPTIONS.maxAttempts;
      const { id } = await insertJob(db, tx, { ...spec, maxAttempts });
      if (id) void signal.wakeEverywhere();
      return id;
    },

    /** Looks for due jobs soon (after the enclosing transaction commits, if any). */
    wake,

    async start(): Promise<void> {
      stopping = false;
      await loop.start();
    },

    /** Drain: stop claiming, wait for running handlers up to the timeout, abort the rest and release their jobs. */
    async stop(timeoutMs = drainTimeoutMs): Promise<void> {
      if (stopping) return;
      stopping = true;
      await loop.stop();
      const all = Promise.allSettled([...running.values()].map((entry) => entry.done));
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([all, new Promise((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
      clearTimeout(timer);
      const left = [...running.values()];
      for (const entry of left) entry.controller.abort(new Error('the server is shutting down'));
      await releaseJobs(
        db,
        left.map((entry) => entry.job.id),
        owner,
        clock(),
      ).catch((error: unknown) => warn(error, 'job runner: releasing jobs at shutdown failed (their leases expire)'));
      if (renewal) clearInterval(renewal);
      renewal = null;
    },

    /** Counts per type and status, and how long the oldest due job has waited (the /metrics route). */
    async metrics(): Promise<JobMetrics> {
      const now = clock();
      const { counts, oldestDue } = await countJobs(db, now);
      return {
        counts,
        oldestQueuedAgeSeconds: oldestDue.map((row) => ({ type: row.type, seconds: Math.max(0, (now.getTime() - row.since.getTime()) / 1000) })),
      };
    },

    /** Handlers running in this process now (tests, drain). */
    get runningCount(): number {
      return running.size;
    },

    /** Passes of the claim loop so far, by what caused them (tests). */
    get passes() {
      return loop.passes;
    },
  };
}

const backoffOf = (registered: Registered) =>
  typeof registered.options.backoffMs === 'function' ? registered.options.backoffMs() : registered.options.backoffMs;

type RunningJobPayload = import('../db/json-types.js').JsonObject;
