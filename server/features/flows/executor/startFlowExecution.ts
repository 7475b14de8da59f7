import type { AppContext } from '../../../app/appContext.js';
import type { Tables } from '../../../db/tables.js';
import { isUniqueViolation } from '../../clients/isUniqueViolation.js';
import type { EngineFlow, FlowPorts } from '../engine/flowPorts.js';
import type { StepResult } from '../engine/runFlowStep.js';
import { advanceExecution } from './advanceExecution.js';

type Conversation = Tables['conversations']['$inferSelect'];

/**
 * Starts a published flow for a conversation and runs its first step. Null when the conversation
 * already has an active execution (the partial unique index decides, also between servers).
 */
export async function startFlowExecution(app: AppContext, ports: FlowPorts, conversation: Conversation, flow: EngineFlow, triggerText: string | null, answering?: string): Promise<StepResult | null> {
  const { flowExecutions } = app.db.t;
  const now = ports.now();
  let execution: Tables['flowExecutions']['$inferSelect'];
  try {
    execution = await app.db.tenant(conversation.clientId, async (tx) => {
      const [row] = await tx.insert(flowExecutions).values({
        clientId: conversation.clientId,
        flowId: flow.flowId,
        flowVersionId: flow.versionId,
        conversationId: conversation.id,
        status: 'running',
        variables: {
          contact_name: conversation.name ?? '',
          contact_phone: conversation.phone,
          flow_name: flow.name,
          conversation_id: conversation.id,
          last_answer: triggerText ?? '',
        },
        visitedBlocks: [],
        startedAt: now,
        lastActivityAt: now,
      }).returning();
      return row!;
    });
  } catch (error) {
    if (isUniqueViolation(error, 'flow_executions')) return null;
    throw error;
  }
  return advanceExecution(app, ports, execution, flow, { kind: 'start' }, answering);
}
