// The flows' clock, run by the flows.timer job (flowTimerJobs.ts) when something falls due and by tests with a chosen `now`:
// delays whose time has come resume, executions nobody answered expire, and steps whose worker
// died are failed. Everything due is stored in flow_executions, so it survives restarts; each row
// is claimed with a conditional update, so two servers never run the same one.
import { and, asc, eq, lt, lte, or } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { loadFlowVersion } from '../loadFlowVersion.js';
import { advanceExecution, type ExecutionRow } from './advanceExecution.js';
import { STALE_RUNNING_MS } from './continueFlowExecution.js';
import { newStepClaim, NO_STEP_CLAIM } from './stepClaim.js';
import { failExecution } from './failExecution.js';
import { isDatabaseError } from '#server/db/errors.js';
import { flowPortsFor } from './flowPortsFor.js';
import { releaseConversation } from './releaseConversation.js';
import { sendFlowMessages } from './sendFlowMessages.js';

const BATCH = 100;

export type TimerCounts = { resumed: number; expired: number; interrupted: number };

export async function runDueFlowTimers(app: AppContext, now: Date = new Date()): Promise<TimerCounts> {
  const counts: TimerCounts = { resumed: 0, expired: 0, interrupted: 0 };
  const { flowExecutions } = app.db.t;
  type Due = 'waiting_delay' | 'waiting_input' | 'running';
  const condition = (status: Due) =>
    and(
      eq(flowExecutions.status, status),
      status === 'waiting_delay'
        ? lte(flowExecutions.resumeAt, now)
        : status === 'waiting_input'
          ? lte(flowExecutions.expiresAt, now)
          : lt(flowExecutions.lastActivityAt, new Date(now.getTime() - STALE_RUNNING_MS)),
    );
  // One statement per tick for all three kinds (this runs every second, mostly finding nothing).
  const rows = await app.db.system((tx) =>
    tx
      .select({ id: flowExecutions.id, clientId: flowExecutions.clientId, status: flowExecutions.status })
      .from(flowExecutions)
      .where(or(condition('waiting_delay'), condition('waiting_input'), condition('running')))
      .orderBy(asc(flowExecutions.id))
      .limit(BATCH * 3),
  );
  const found = new Map<string, Array<{ id: string; clientId: string }>>();
  for (const row of rows) found.set(row.status, [...(found.get(row.status) ?? []), { id: row.id, clientId: row.clientId }]);
  const due = async (status: Due) => found.get(status) ?? [];

  for (const { id, clientId } of await due('waiting_delay')) {
    const claimed = await claim(app, clientId, id, 'waiting_delay', 'running', now);
    if (!claimed) continue;
    try {
      if (await resumeDelay(app, claimed, now)) counts.resumed++;
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      // Database trouble is not the flow's: the delay stays due and a next tick runs the step again.
      app.log.warn({ err: error, executionId: claimed.id }, 'flow delay not resumed (database trouble): retried on a next tick');
      await returnDelay(app, claimed).catch((again: unknown) =>
        app.log.warn({ err: again, executionId: claimed.id }, 'flow delay left running: the stale sweep ends it'),
      );
    }
  }

  for (const { id, clientId } of await due('waiting_input')) {
    const claimed = await claim(app, clientId, id, 'waiting_input', 'expired', now);
    if (!claimed?.conversationId) continue;
    counts.expired++;
    const conversationId = claimed.conversationId;
    const message = await app.db.tenant(clientId, async (tx) => {
      // An agent who took the chat over meanwhile keeps it, without the flow's goodbye.
      if (!(await releaseConversation(app, clientId, conversationId, tx))) return null;
      const version = claimed.flowVersionId ? await loadFlowVersion(app, tx, clientId, claimed.flowVersionId) : null;
      return version?.document.settings.timeoutMessage ?? null;
    });
    if (message?.trim()) await sendFlowMessages(app, clientId, conversationId, [{ kind: 'text', text: message }]);
  }

  for (const { id, clientId } of await due('running')) {
    const claimed = await claim(app, clientId, id, 'running', 'failed', now);
    if (!claimed) continue;
    await failExecution(app, claimed, 'the server stopped while this step was running', now);
    counts.interrupted++;
  }
  return counts;
}

/** Runs the step after a delay; false when it did not run (the version is gone, an agent has the chat). */
async function resumeDelay(app: AppContext, claimed: ExecutionRow, now: Date): Promise<boolean> {
  const { flowExecutions, conversations } = app.db.t;
  const { clientId } = claimed;
  const { flow, status } = await app.db.tenant(clientId, async (tx) => ({
    flow: claimed.flowVersionId ? await loadFlowVersion(app, tx, clientId, claimed.flowVersionId) : null,
    status: claimed.conversationId
      ? (await tx.select({ status: conversations.status }).from(conversations).where(eq(conversations.id, claimed.conversationId)))[0]?.status
      : null,
  }));
  if (!flow) {
    await failExecution(app, claimed, 'the flow version this execution ran is gone', now);
    return false;
  }
  if (status !== 'fluxo_inicial') {
    // An agent took the chat over during the delay: the flow waits for them to hand it back.
    await app.db.tenant(clientId, (tx) =>
      tx.update(flowExecutions).set({ status: 'handed_off', resumeAt: null, updatedAt: now }).where(eq(flowExecutions.id, claimed.id)),
    );
    return false;
  }
  await advanceExecution(
    app,
    flowPortsFor(app, clientId, () => now),
    claimed,
    flow,
    { kind: 'delay_done' },
  );
  return true;
}

/** Gives a delay whose resumed step could not be stored back to the clock (only while this run still holds it). */
async function returnDelay(app: AppContext, claimed: ExecutionRow): Promise<void> {
  const { flowExecutions } = app.db.t;
  await app.db.tenant(claimed.clientId, (tx) =>
    tx
      .update(flowExecutions)
      .set({ status: 'waiting_delay', ...NO_STEP_CLAIM })
      .where(
        and(
          eq(flowExecutions.id, claimed.id),
          eq(flowExecutions.clientId, claimed.clientId),
          eq(flowExecutions.status, 'running'),
          eq(flowExecutions.claimToken, claimed.claimToken!),
        ),
      ),
  );
}

async function claim(
  app: AppContext,
  clientId: string,
  id: string,
  from: ExecutionRow['status'],
  to: ExecutionRow['status'],
  now: Date,
): Promise<ExecutionRow | null> {
  const { flowExecutions } = app.db.t;
  const finished = to === 'expired' || to === 'failed';
  return app.db.tenant(clientId, async (tx) => {
    const [row] = await tx
      .update(flowExecutions)
      .set({
        status: to,
        lastActivityAt: now,
        ...(to === 'running' ? newStepClaim() : NO_STEP_CLAIM),
        ...(finished ? { completedAt: now, expiresAt: null, resumeAt: null } : {}),
      })
      .where(and(eq(flowExecutions.id, id), eq(flowExecutions.clientId, clientId), eq(flowExecutions.status, from)))
      .returning();
    return row ?? null;
  });
}
