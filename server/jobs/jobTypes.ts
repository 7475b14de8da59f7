// The runner's vocabulary: what a caller enqueues, what a handler receives, how a type is tuned.
import type { JsonObject } from '../db/json-types.js';
import type { JobStatus } from './jobStatuses.js';

export type JobSpec = {
  type: string;
  /** Null or absent: a platform-level job. A tenant transaction may enqueue only its own client's. */
  clientId?: string | null;
  payload?: JsonObject;
  /** Unique: enqueueing the same key again (even after the job finished, until cleanup) is a no-op. */
  dedupeKey?: string | null;
  /** Jobs sharing this key run one at a time, oldest first. */
  orderingKey?: string | null;
  /** Not before this time (default: now). */
  runAt?: Date;
  /** Default: the registered type's maxAttempts, else 5. */
  maxAttempts?: number;
};

export type RunningJob = {
  id: string;
  type: string;
  clientId: string | null;
  payload: JsonObject;
  /** This attempt's number, from 1. */
  attempt: number;
  maxAttempts: number;
  /** Aborted when the runner drains on shutdown past its timeout: stop and let the job be re-claimed. */
  signal: AbortSignal;
};

export type JobHandler = (job: RunningJob) => Promise<void>;

export type JobTypeOptions = {
  maxAttempts?: number;
  /** First retry after about this long, doubling each attempt (with jitter), capped by backoffMaxMs. A function is read at each retry (settings adjustable at run time). */
  backoffMs?: number | (() => number);
  backoffMaxMs?: number;
};

export type JobCounts = Array<{ type: string; status: JobStatus; count: number }>;
export type JobMetrics = { counts: JobCounts; oldestQueuedAgeSeconds: Array<{ type: string; seconds: number }> };

/** Thrown by a handler when retrying cannot help (bad payload, the thing is gone): the job goes dead at once. */
export class PermanentJobError extends Error {
  override name = 'PermanentJobError';
}
