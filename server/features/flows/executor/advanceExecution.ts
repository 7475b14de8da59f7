// Runs one step of a claimed execution (status `running`, so no other worker touches it), then
// commits the new state, the conversation's status and the step's queued messages in one
// transaction: a step is never half-stored, and its messages are queued exactly when its state is.
// The network (HTTP and AI blocks, the Graph API) is never called inside that transaction.
import { emitDomainEvent } from '#server/app/domainEvents.js';
import { and, eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables } from '#server/db/tables.js';
import type { ConversationStatus, FlowExecutionStatus } from '#shared/domain/statuses.js';
import { moveConversationFrom } from '#server/features/conversations/index.js';
import { routeHandoff } from '#server/features/teams/index.js';
import { publishConversation } from '#server/features/whatsapp/index.js';
import type { EngineFlow, FlowPorts } from '../engine/flowPorts.js';
import { runFlowStep, type EngineState, type StepEvent, type StepResult, type Variables } from '../engine/runFlowStep.js';
import { outboxSignal } from '#server/features/whatsapp/index.js';
import { markAnswered } from '#server/features/whatsapp/index.js';
import { queueFlowMessages } from './sendFlowMessages.js';
import { NO_STEP_CLAIM, StepTakenOverError } from './stepClaim.js';
import { isDatabaseError } from '#server/db/errors.js';
import { scheduleFlowTimer } from './scheduleFlowTimer.js';
import { enqueuePush } from '#server/features/pushTokens/index.js';
import { changedContactValues, contactAttributesPort } from './contactAttributesPort.js';

export type ExecutionRow = Tables['flowExecutions']['$inferSelect'];

/** `answering`: the customer's message this step answers (marked answered with the step's commit). */
export async function advanceExecution(
  app: AppContext,
  ports: FlowPorts,
  execution: ExecutionRow,
  flow: EngineFlow,
  event: StepEvent,
  answering?: string,
): Promise<StepResult> {
  const state: EngineState = {
    flow,
    blockId: execution.currentBlockId,
    variables: execution.variables as Variables,
    retryCount: execution.retryCount,
    visited: execution.visitedBlocks,
  };
  let result: StepResult;
  try {
    result = await runFlowStep(state, event, ports);
  } catch (error) {
    // Database trouble (a block's lookup, a jump's flow, the vault) is not the flow's: the inbox event
    // is retried, and its re-run takes this still-claimed step over (stepClaim.ts). No failure path.
    if (isDatabaseError(error)) throw error;
    // A bug, not a flow problem: the execution fails and the customer goes back to the bot.
    app.log.error({ err: error, executionId: execution.id }, 'flow step crashed');
    result = {
      state,
      outcome: { status: 'failed', reason: `internal error: ${(error as Error).message}`, handoff: false },
      outbound: [],
      path: [],
      leftFlows: [],
      notes: [],
    };
  }
  try {
    await persistStep(app, execution, result, ports.now(), answering);
  } catch (error) {
    if (!(error instanceof StepTakenOverError)) throw error; // database trouble included: the event is retried
    // A re-run of the same message took the step over while this run worked: it answers, not this one.
    app.log.warn({ executionId: execution.id, answering }, 'flow step taken over by a re-run: this run stores nothing');
    return { ...result, outbound: [] };
  }
  // enqueueOutbound woke the sender inside the transaction, before its rows were visible: again now.
  if (result.outbound.length) outboxSignal(app).wake();
  return result;
}

export function conversationStatusAfter(result: StepResult): ConversationStatus {
  switch (result.outcome.status) {
    case 'waiting_input':
    case 'waiting_delay':
      return 'fluxo_inicial';
    case 'handed_off':
      return 'transferido';
    case 'failed':
      return result.outcome.handoff ? 'transferido' : 'bot';
    case 'completed':
      return 'bot';
  }
}

async function persistStep(app: AppContext, execution: ExecutionRow, result: StepResult, now: Date, answering?: string): Promise<void> {
  const { flowExecutions } = app.db.t;
  const { outcome, state } = result;
  const status: FlowExecutionStatus = outcome.status;
  const finished = status === 'completed' || status === 'failed';
  const timeoutMinutes = state.flow.document.settings.inactivityTimeoutMinutes;
  const details: JsonObject | null =
    outcome.status === 'failed' || result.notes.length
      ? {
          ...(outcome.status === 'failed' ? { reason: outcome.reason } : {}),
          ...(result.notes.length ? { notes: result.notes.slice(-20) } : {}),
          ...(outcome.status === 'completed' ? { then: outcome.then } : {}),
        }
      : outcome.status === 'completed'
        ? { then: outcome.then }
        : null;
  const stateColumns = {
    status,
    currentBlockId: state.blockId,
    variables: state.variables as JsonObject,
    retryCount: state.retryCount,
    visitedBlocks: state.visited,
    resumeAt: outcome.status === 'waiting_delay' ? outcome.resumeAt : null,
    expiresAt: outcome.status === 'waiting_input' ? new Date(now.getTime() + timeoutMinutes * 60_000) : null,
    lastActivityAt: now,
    completedAt: finished ? now : null,
    errorDetails: details,
    updatedAt: now,
    ...NO_STEP_CLAIM,
  };

  const conversation = await app.db.tenant(execution.clientId, async (tx) => {
    // Only the claim's holder stores the step (a takeover replaced the token: stepClaim.ts).
    const held = and(
      eq(flowExecutions.id, execution.id),
      eq(flowExecutions.clientId, execution.clientId),
      execution.claimToken ? eq(flowExecutions.claimToken, execution.claimToken) : undefined,
    );
    if (result.leftFlows.length === 0) {
      const stored = await tx.update(flowExecutions).set(stateColumns).where(held).returning({ id: flowExecutions.id });
      if (stored.length === 0) throw new StepTakenOverError(execution.id);
    } else {
      // Jumps to other flows: the execution of each flow left is completed, the last flow gets a new one
      // (the old row is closed first: one active execution per conversation).
      const [first, ...rest] = result.leftFlows;
      const closed = await tx
        .update(flowExecutions)
        .set({
          status: 'completed',
          currentBlockId: first!.blockId,
          visitedBlocks: first!.visited,
          variables: state.variables as JsonObject,
          completedAt: now,
          lastActivityAt: now,
          resumeAt: null,
          expiresAt: null,
          errorDetails: { then: 'jump' },
          updatedAt: now,
          ...NO_STEP_CLAIM,
        })
        .where(held)
        .returning({ id: flowExecutions.id });
      if (closed.length === 0) throw new StepTakenOverError(execution.id);
      const base = { clientId: execution.clientId, conversationId: execution.conversationId, startedAt: now };
      for (const left of rest) {
        await tx.insert(flowExecutions).values({
          ...base,
          flowId: left.flow.flowId,
          flowVersionId: left.flow.versionId,
          status: 'completed',
          currentBlockId: left.blockId,
          visitedBlocks: left.visited,
          variables: state.variables as JsonObject,
          completedAt: now,
          errorDetails: { then: 'jump' },
        });
      }
      await tx.insert(flowExecutions).values({ ...base, ...stateColumns, flowId: state.flow.flowId, flowVersionId: state.flow.versionId });
    }
    // The clock job that resumes the delay or expires the question, stored with the step.
    const dueAt = stateColumns.resumeAt ?? stateColumns.expiresAt;
    if (dueAt) await scheduleFlowTimer(app, tx, dueAt, execution.clientId);
    if (answering) await markAnswered(app, tx, execution.clientId, answering);
    if (status === 'completed') {
      await emitDomainEvent(app, tx, {
        clientId: execution.clientId,
        type: 'flow.completed',
        data: {
          executionId: execution.id,
          flowId: state.flow.flowId,
          flowName: state.flow.name,
          conversationId: execution.conversationId,
          then: outcome.status === 'completed' ? outcome.then : null,
          variables: state.variables as JsonObject,
        },
        orderingKey: execution.conversationId ?? execution.id,
      });
    }
    if (!execution.conversationId) return null;
    // `contact_<key>` variables the step changed are the contact's attributes: saved with the step.
    const changed = changedContactValues(execution.variables as Record<string, unknown>, state.variables);
    const contacts = contactAttributesPort(app);
    if (contacts && Object.keys(changed).length) {
      const refused = await contacts.write(app, tx, { clientId: execution.clientId, conversationId: execution.conversationId }, changed);
      for (const reason of refused) app.log.warn({ executionId: execution.id, reason }, 'a flow answer did not fit its contact attribute');
    }
    await queueFlowMessages(app, tx, { clientId: execution.clientId, conversationId: execution.conversationId }, result.outbound, answering);
    // Only a conversation still with the bot or the flow changes hands: an agent who took it over meanwhile keeps it.
    const target = { clientId: execution.clientId, conversationId: execution.conversationId };
    const updated = await moveConversationFrom(app, tx, target, ['bot', 'fluxo_inicial'], conversationStatusAfter(result), { lastUpdate: now });
    // Handed off to a person: every agent's devices hear of it, committed with the hand-off.
    if (updated?.status === 'transferido') await enqueuePush(app, tx, { clientId: execution.clientId, event: 'transfer', conversationId: updated.id });
    // Into a team's queue: the team the handoff block names, else the number's default; assigned at once when the team assigns by itself.
    if (updated?.status === 'transferido') {
      const teamId = result.outcome.status === 'handed_off' ? (result.outcome.teamId ?? null) : null;
      return (await routeHandoff(app, tx, { ...target, teamId })) ?? updated;
    }
    return updated;
  });
  if (stateColumns.resumeAt || stateColumns.expiresAt) app.jobs.wake(); // committed: arms the runner's timer
  if (conversation) publishConversation(app, conversation);
}
