import { and, eq, isNull } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { Tables } from '#server/db/tables.js';
import { isUniqueViolation } from '#server/db/isUniqueViolation.js';
import type { EngineFlow, FlowPorts } from '../engine/flowPorts.js';
import type { StepResult } from '../engine/runFlowStep.js';
import { cachedFlowVersion, loadFlowVersion } from '../loadFlowVersion.js';
import { advanceExecution } from './advanceExecution.js';
import { newStepClaim } from './stepClaim.js';
import { contactAttributesPort, contactVariables } from './contactAttributesPort.js';

type Conversation = Tables['conversations']['$inferSelect'];
type Execution = Tables['flowExecutions']['$inferSelect'];

/**
 * Starts a published flow for a conversation and runs its first step. Null when the conversation
 * already has an active execution (the partial unique index decides, also between servers), unless
 * that execution is this same message's interrupted start, which is taken over.
 */
export async function startFlowExecution(
  app: AppContext,
  ports: FlowPorts,
  conversation: Conversation,
  initialFlow: EngineFlow,
  triggerText: string | null,
  answering?: string,
  /** Given by whoever started the flow (the public API); the built-in variables below win over them. */
  initialVariables: JsonObject = {},
): Promise<StepResult | null> {
  const { flowExecutions } = app.db.t;
  const now = ports.now();
  let flow = initialFlow;
  let execution: Execution;
  try {
    execution = await app.db.tenant(conversation.clientId, async (tx) => {
      const attributes = (await contactAttributesPort(app)?.read(app, tx, conversation)) ?? {};
      const [row] = await tx
        .insert(flowExecutions)
        .values({
          clientId: conversation.clientId,
          flowId: flow.flowId,
          flowVersionId: flow.versionId,
          conversationId: conversation.id,
          status: 'running',
          variables: {
            // The API's variables, then the contact's attributes, then the built-in ones: each wins over the one before.
            ...initialVariables,
            ...contactVariables(attributes),
            contact_name: conversation.name ?? '',
            contact_phone: conversation.phone,
            flow_name: flow.name,
            conversation_id: conversation.id,
            last_answer: triggerText ?? '',
          },
          visitedBlocks: [],
          startedAt: now,
          lastActivityAt: now,
          ...newStepClaim(answering),
        })
        .returning();
      return row!;
    });
  } catch (error) {
    if (!isUniqueViolation(error, 'flow_executions')) throw error;
    const interrupted = answering ? await takeOverInterruptedStart(app, conversation, answering, now) : null;
    if (!interrupted) return null;
    execution = interrupted;
    // The version it was started on (the trigger may point at a newer one by now).
    const versionId = execution.flowVersionId;
    const pinned = versionId
      ? (cachedFlowVersion(app, conversation.clientId, versionId) ??
        (await app.db.tenant(conversation.clientId, (tx) => loadFlowVersion(app, tx, conversation.clientId, versionId))))
      : null;
    if (pinned) flow = pinned;
  }
  return advanceExecution(app, ports, execution, flow, { kind: 'start' }, answering);
}

/**
 * This same message started the flow before, and its first step was never stored (the process
 * died, or the database failed the step's commit): the execution is still `running` for it, with
 * no block yet. The re-run takes it over (a new token: the first run, if it still works, commits nothing).
 */
async function takeOverInterruptedStart(app: AppContext, conversation: Conversation, answering: string, now: Date): Promise<Execution | null> {
  const { flowExecutions } = app.db.t;
  return app.db.tenant(conversation.clientId, async (tx) => {
    const [active] = await tx
      .select()
      .from(flowExecutions)
      .where(
        and(
          eq(flowExecutions.clientId, conversation.clientId),
          eq(flowExecutions.conversationId, conversation.id),
          eq(flowExecutions.status, 'running'),
          eq(flowExecutions.claimedFor, answering),
          isNull(flowExecutions.currentBlockId),
        ),
      );
    if (!active?.claimToken) return null;
    const [row] = await tx
      .update(flowExecutions)
      .set({ lastActivityAt: now, ...newStepClaim(answering) })
      .where(and(eq(flowExecutions.id, active.id), eq(flowExecutions.status, 'running'), eq(flowExecutions.claimToken, active.claimToken)))
      .returning();
    return row ?? null;
  });
}
