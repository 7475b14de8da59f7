// The flows' side of a person taking a conversation and giving it back (the port is
// conversations/flowControlPort.ts, wired in server/app/wireFeatures.ts). The client's takeover
// policy (conversations' readTakeoverPolicy) says whether a takeover pauses the execution (it
// waits, `handed_off`, marked as paused by a takeover with the status it had) or cancels it, and
// whether the return to the bot resumes it (back into the block it waited at: the question asked
// again, the delay waited again) or restarts its flow from the start.
import { and, desc, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables, Tx } from '#server/db/tables.js';
import { readTakeoverPolicy, type FlowControl } from '#server/features/conversations/index.js';
import { loadFlowVersion } from '../loadFlowVersion.js';
import { ACTIVE_EXECUTION_STATUSES } from './executionStatuses.js';
import { flowPortsFor } from './flowPortsFor.js';
import { handBackConversation } from './handBackConversation.js';
import { startFlowExecution } from './startFlowExecution.js';
import { isPausedByTakeover, PAUSED_BY_TAKEOVER } from './takeoverPause.js';

type ExecutionRow = Tables['flowExecutions']['$inferSelect'];
type Target = { clientId: string; conversationId: string };

export const flowControl: FlowControl = {
  async leaveFlow(app, tx, target, why) {
    const { flowExecutions } = app.db.t;
    const now = new Date();
    const statuses = why === 'end' ? [...ACTIVE_EXECUTION_STATUSES, 'handed_off' as const] : [...ACTIVE_EXECUTION_STATUSES];
    const open = await tx
      .select()
      .from(flowExecutions)
      .where(
        and(eq(flowExecutions.clientId, target.clientId), eq(flowExecutions.conversationId, target.conversationId), inArray(flowExecutions.status, statuses)),
      );
    if (open.length === 0) return;
    const pause = why === 'takeover' && (await readTakeoverPolicy(app, tx, target.clientId)).onTakeover === 'pause';
    for (const execution of open) {
      // A step running right now (an HTTP or AI block) stores its result as usual; the conversation
      // stays with the person (the step moves only a conversation still with the bot or the flow).
      if (execution.status === 'running') continue;
      const details: JsonObject = pause
        ? { pausedBy: PAUSED_BY_TAKEOVER, waited: execution.status, pausedAt: now.toISOString() }
        : { then: why === 'end' ? 'ended_by_person' : 'cancelled_by_takeover' };
      await tx
        .update(flowExecutions)
        .set({
          status: pause ? 'handed_off' : 'completed',
          completedAt: pause ? null : now,
          resumeAt: null,
          expiresAt: null,
          errorDetails: details,
          updatedAt: now,
        })
        // Guarded by the status read: a step that claimed it meanwhile keeps it.
        .where(and(eq(flowExecutions.id, execution.id), eq(flowExecutions.status, execution.status)));
    }
  },

  async returnToFlow(app, target) {
    const paused = await pausedExecution(app, target);
    if (!paused) return;
    const policy = await app.db.tenant(target.clientId, (tx) => readTakeoverPolicy(app, tx, target.clientId));
    if (policy.onReturn === 'resume') {
      await handBackConversation(app, target.clientId, target.conversationId, 'resume');
      return;
    }
    await restartFlow(app, target, paused);
  },
};

async function pausedExecution(app: AppContext, target: Target): Promise<ExecutionRow | null> {
  const { flowExecutions } = app.db.t;
  const [latest] = await app.db.tenant(target.clientId, (tx) =>
    tx
      .select()
      .from(flowExecutions)
      .where(
        and(eq(flowExecutions.status, 'handed_off'), eq(flowExecutions.clientId, target.clientId), eq(flowExecutions.conversationId, target.conversationId)),
      )
      .orderBy(desc(flowExecutions.updatedAt))
      .limit(1),
  );
  return latest && isPausedByTakeover(latest) ? latest : null;
}

/** The paused execution ends and its flow (the version it ran) starts over for the conversation. */
async function restartFlow(app: AppContext, target: Target, paused: ExecutionRow): Promise<void> {
  const { flowExecutions, conversations } = app.db.t;
  const now = new Date();
  const prepared = await app.db.tenant(target.clientId, async (tx: Tx) => {
    const ended = await tx
      .update(flowExecutions)
      .set({ status: 'completed', completedAt: now, errorDetails: { then: 'restarted_after_takeover' }, updatedAt: now })
      .where(and(eq(flowExecutions.id, paused.id), eq(flowExecutions.status, 'handed_off')))
      .returning({ id: flowExecutions.id });
    if (ended.length === 0) return null; // another return or the customer's message took it
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, target.conversationId), eq(conversations.clientId, target.clientId)));
    const flow = paused.flowVersionId ? await loadFlowVersion(app, tx, target.clientId, paused.flowVersionId) : null;
    return conversation?.status === 'bot' && flow ? { conversation, flow } : null;
  });
  if (prepared) await startFlowExecution(app, flowPortsFor(app, target.clientId), prepared.conversation, prepared.flow, null);
}
