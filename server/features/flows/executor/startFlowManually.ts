// The manual trigger: an agent (from the inbox) or an integration starts a published, active flow
// for one conversation. Only a conversation with the bot may be handed to a flow: one with a person
// is theirs until they give it back, and one already in a flow finishes that flow first.
import { TRPCError } from '@trpc/server';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { JsonObject } from '#server/db/json-types.js';
import type { FlowExecutionStatus } from '#shared/domain/statuses.js';
import { isUuid } from '#shared/domain/isUuid.js';
import { customerServiceWindow } from '#shared/whatsapp/customerServiceWindow.js';
import { loadFlowRow } from '../loadFlowRow.js';
import { loadFlowVersion } from '../loadFlowVersion.js';
import { flowPortsFor } from './flowPortsFor.js';
import { startFlowExecution } from './startFlowExecution.js';

const ACTIVE: FlowExecutionStatus[] = ['running', 'waiting_input', 'waiting_delay'];
const alreadyInFlow = () =>
  new TRPCError({ code: 'CONFLICT', message: 'another flow is already running in this conversation: wait for it to end before starting one' });

export type ManualStart = { flowId: string; flowName: string; status: FlowExecutionStatus };

/** `variables`: set on the execution before its first step (an integration's inputs); the built-in ones (contact_phone…) win. */
export async function startFlowManually(
  app: AppContext,
  clientId: string,
  input: { flowId: string; conversationId: string; variables?: JsonObject },
): Promise<ManualStart> {
  const { conversations, flowExecutions } = app.db.t;
  if (!isUuid(input.conversationId)) throw new TRPCError({ code: 'NOT_FOUND', message: 'conversation not found' });
  const now = new Date();
  const { conversation, flow } = await app.db.tenant(clientId, async (tx) => {
    const [conversation] = await tx
      .select()
      .from(conversations)
      .where(and(eq(conversations.id, input.conversationId), eq(conversations.clientId, clientId)));
    if (!conversation) throw new TRPCError({ code: 'NOT_FOUND', message: 'conversation not found' });
    const row = await loadFlowRow(app.db, tx, clientId, input.flowId);
    if (!row.publishedVersionId) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `the flow "${row.name}" was never published: publish it first` });
    if (!row.isActive) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `the flow "${row.name}" is deactivated: activate it first` });
    if (conversation.status === 'fluxo_inicial') throw alreadyInFlow();
    if (conversation.status === 'humano' || conversation.status === 'transferido') {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: 'the conversation is with a person, not the bot: give it back to the bot before starting a flow',
      });
    }
    if (conversation.status !== 'bot') {
      throw new TRPCError({ code: 'PRECONDITION_FAILED', message: `a flow starts only in a conversation with the bot (this one is "${conversation.status}")` });
    }
    const [running] = await tx
      .select({ id: flowExecutions.id })
      .from(flowExecutions)
      .where(and(eq(flowExecutions.clientId, clientId), eq(flowExecutions.conversationId, conversation.id), inArray(flowExecutions.status, ACTIVE)))
      .limit(1);
    if (running) throw alreadyInFlow();
    const window = customerServiceWindow(conversation.lastInboundAt, now);
    if (!window.open) {
      throw new TRPCError({
        code: 'PRECONDITION_FAILED',
        message: "the customer's 24-hour window is closed: WhatsApp lets a flow write only within 24 hours of the customer's last message",
      });
    }
    const flow = await loadFlowVersion(app, tx, clientId, row.publishedVersionId);
    if (!flow) throw new TRPCError({ code: 'NOT_FOUND', message: 'flow not found' });
    // A flow that handed this chat to a person earlier would otherwise resume on the customer's next message.
    await tx
      .update(flowExecutions)
      .set({ status: 'completed', completedAt: now, errorDetails: { then: 'replaced_by_manual_start' }, updatedAt: now })
      .where(and(eq(flowExecutions.clientId, clientId), eq(flowExecutions.conversationId, conversation.id), eq(flowExecutions.status, 'handed_off')));
    return { conversation, flow };
  });
  // The partial unique index decides a race with a trigger or another agent: the loser starts nothing.
  const result = await startFlowExecution(app, flowPortsFor(app, clientId), conversation, flow, null, undefined, input.variables);
  if (!result) throw alreadyInFlow();
  return { flowId: flow.flowId, flowName: flow.name, status: result.outcome.status };
}
