import { and, eq, inArray, isNull, lt, type Column } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { FlowPorts } from '../engine/flowPorts.js';
import type { StepEvent, StepResult } from '../engine/runFlowStep.js';
import { cachedFlowVersion, loadFlowVersion } from '../loadFlowVersion.js';
import { advanceExecution, type ExecutionRow } from './advanceExecution.js';
import { ACTIVE_EXECUTION_STATUSES } from './executionStatuses.js';
import { failExecution } from './failExecution.js';
import { newStepClaim } from './stepClaim.js';

/**
 * A step whose worker died mid-way (the process stopped) is taken over after this long, unless the
 * re-run of the very message it answers comes first (it takes over at once: stepClaim.ts).
 */
export const STALE_RUNNING_MS = 5 * 60_000;

/** `busy`: the execution is not waiting for an answer (a delay, or a step running); `resumeAt`: a delay's end. */
export type ContinueOutcome = { kind: 'advanced'; result: StepResult } | { kind: 'none' } | { kind: 'busy'; status: string; resumeAt: Date | null };

/**
 * The customer answered while the conversation is in a flow: claims the waiting execution
 * (waiting_input → running, atomically) and runs the step. A message during a delay, or while
 * another step runs, is not an answer yet: the flow is busy (the flows responder has the message
 * offered again once the delay is over). A step
 * left `running` for this same message (its first run crashed or hit database trouble) is this
 * message's own: taken over at once.
 */
export async function continueFlowExecution(
  app: AppContext,
  ports: FlowPorts,
  clientId: string,
  conversationId: string,
  event: StepEvent & { kind: 'answer' },
  answering?: string,
): Promise<ContinueOutcome> {
  const { flowExecutions } = app.db.t;
  const now = ports.now();
  let takenOver = false as boolean;
  const claimed = await app.db.tenant(clientId, async (tx): Promise<ExecutionRow | { busy: string; resumeAt: Date | null } | null> => {
    // The usual case in one statement: the execution waits for this answer.
    const [waiting] = await tx
      .update(flowExecutions)
      .set({ status: 'running', lastActivityAt: now, ...newStepClaim(answering) })
      .where(and(eq(flowExecutions.clientId, clientId), eq(flowExecutions.conversationId, conversationId), eq(flowExecutions.status, 'waiting_input')))
      .returning();
    if (waiting) return waiting;
    const [active] = await tx
      .select()
      .from(flowExecutions)
      .where(
        and(
          eq(flowExecutions.clientId, clientId),
          eq(flowExecutions.conversationId, conversationId),
          inArray(flowExecutions.status, [...ACTIVE_EXECUTION_STATUSES]),
        ),
      );
    if (!active) return null;
    const own = active.status === 'running' && answering !== undefined && active.claimedFor === answering;
    const stale = active.status === 'running' && active.lastActivityAt.getTime() < now.getTime() - STALE_RUNNING_MS;
    if (active.status !== 'waiting_input' && !stale && !own) return { busy: active.status, resumeAt: active.resumeAt };
    // Conditional on what was read: of two takeovers at once, one wins.
    const [row] = await tx
      .update(flowExecutions)
      .set({ status: 'running', lastActivityAt: now, ...newStepClaim(answering) })
      .where(
        and(
          eq(flowExecutions.id, active.id),
          eq(flowExecutions.status, active.status),
          own
            ? sameClaim(flowExecutions.claimToken, active.claimToken)
            : stale
              ? lt(flowExecutions.lastActivityAt, new Date(now.getTime() - STALE_RUNNING_MS))
              : undefined,
        ),
      )
      .returning();
    takenOver = own && row !== undefined;
    return row ?? { busy: 'running', resumeAt: null };
  });
  if (!claimed) return { kind: 'none' };
  if ('busy' in claimed) return { kind: 'busy', status: claimed.busy, resumeAt: claimed.resumeAt };
  const versionId = claimed.flowVersionId;
  const flow = versionId
    ? (cachedFlowVersion(app, clientId, versionId) ?? (await app.db.tenant(clientId, (tx) => loadFlowVersion(app, tx, clientId, versionId))))
    : null;
  if (!flow) {
    await failExecution(app, claimed, 'the flow version this execution ran is gone', now);
    return { kind: 'none' };
  }
  // This message's interrupted step may have been the hand-back it brought (handBackConversation
  // claims for it too): the execution still waits at its handoff block, and resumes from there.
  const waitedAt = takenOver ? flow.document.blocks.find((block) => block.id === claimed.currentBlockId) : undefined;
  const step: StepEvent = waitedAt?.type === 'handoff' ? { kind: 'handback' } : event;
  return { kind: 'advanced', result: await advanceExecution(app, ports, claimed, flow, step, answering) };
}

const sameClaim = (column: Column, token: string | null) => (token === null ? isNull(column) : eq(column, token));
