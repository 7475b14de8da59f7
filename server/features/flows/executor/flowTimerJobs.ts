// The flows' clock on the durable job runner, instead of a query every second: a `flows.timer` job
// runs at each moment something falls due (a delay's resume_at, a question's expires_at), enqueued
// in the transaction that stores the waiting step. Each run sweeps everything due
// (runDueFlowTimers) and schedules the next run at the earliest due time still ahead, at most
// STALE_RUNNING_MS away, so a step whose worker died (status `running`, no activity) is still
// found on an instance that never saw it start (scheduleFlowTimer.ts enqueues).
import { inArray, sql, type AnyColumn } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { STALE_RUNNING_MS } from './continueFlowExecution.js';
import { runDueFlowTimers } from './runDueFlowTimers.js';
import { FLOW_TIMER_JOB, scheduleFlowTimer } from './scheduleFlowTimer.js';

export function registerFlowTimerJobs(app: AppContext): void {
  app.jobs.register(
    FLOW_TIMER_JOB,
    async () => {
      await runDueFlowTimers(app);
      await scheduleNextSweep(app);
    },
    { maxAttempts: 10, backoffMs: 1_000, backoffMaxMs: 60_000 },
  );
}

/** Start-up: one sweep now (what fell due while no server ran), which then schedules the next. */
export async function scheduleStartupSweep(app: AppContext): Promise<void> {
  await app.db.system((tx) => scheduleFlowTimer(app, tx, new Date()));
}

async function scheduleNextSweep(app: AppContext): Promise<void> {
  const now = Date.now();
  const { flowExecutions } = app.db.t;
  // Every column here is a timestamp: one decoder (resume_at's) reads each dialect's value as a Date.
  const dueOf = (status: string, column: AnyColumn) =>
    sql<Date | null>`min(case when ${flowExecutions.status} = ${status} then ${column} end)`.mapWith(flowExecutions.resumeAt);
  const [row] = await app.db.system((tx) =>
    tx
      .select({
        delay: dueOf('waiting_delay', flowExecutions.resumeAt),
        question: dueOf('waiting_input', flowExecutions.expiresAt),
        running: dueOf('running', flowExecutions.lastActivityAt),
      })
      .from(flowExecutions)
      .where(inArray(flowExecutions.status, ['waiting_delay', 'waiting_input', 'running'])),
  );
  const candidates = [
    row?.delay?.getTime(),
    row?.question?.getTime(),
    row?.running ? row.running.getTime() + STALE_RUNNING_MS + 1_000 : undefined,
    now + STALE_RUNNING_MS,
  ].filter((value): value is number => value !== undefined);
  // Still due now (more than one sweep's batch was due): again at once.
  const next = new Date(Math.max(now + 1, Math.min(...candidates)));
  await app.db.system((tx) => scheduleFlowTimer(app, tx, next));
}
