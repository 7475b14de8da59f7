// Enqueues the flows' clock (see flowTimerJobs.ts): the step that stores a wait calls this, the
// sweep that runs the job calls it for the next due time. Apart from the job's handler so that the
// executor, which schedules, and the sweep, which runs the executor, do not import each other.
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';

export const FLOW_TIMER_JOB = 'flows.timer';

/**
 * In the caller's transaction; call app.jobs.wake() after it commits. `clientId`: the tenant whose
 * transaction this is (row-level security lets it enqueue only its own jobs); the sweep is global.
 * The dedupe key is the due time: several steps or instances due at one moment make one job.
 */
export async function scheduleFlowTimer(app: AppContext, tx: Tx, at: Date, clientId: string | null = null): Promise<void> {
  await app.jobs.enqueue(tx, { type: FLOW_TIMER_JOB, clientId, runAt: at, dedupeKey: `${FLOW_TIMER_JOB}:${at.getTime()}`, maxAttempts: 10 });
}
