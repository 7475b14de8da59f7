// The flows responder (first in server/app/composeMessagePath.ts): a conversation in a flow gets its
// answer handled by the execution; a conversation with the bot may start a flow by trigger.
import { AnswerLater, type Responder } from '#server/app/responder.js';
import { releaseConversation } from './releaseConversation.js';
import { handBackConversation, handedOffExecution, HANDBACK_RESUME_WINDOW_MS } from './handBackConversation.js';
import { continueFlowExecution } from './continueFlowExecution.js';
import { findTriggeredFlow } from './findTriggeredFlow.js';
import { flowPortsFor } from './flowPortsFor.js';
import { startFlowExecution } from './startFlowExecution.js';

export const flowsResponder: Responder = {
  name: 'flows',
  async respond({ app, clientId, conversation, message, text, choiceId }) {
    const ports = flowPortsFor(app, clientId);
    if (conversation.status === 'fluxo_inicial') {
      const outcome = await continueFlowExecution(app, ports, clientId, conversation.id, { kind: 'answer', text, choiceId }, message.id);
      // During a delay (or while a step runs) the message is answered after it: offered again then,
      // to the flow's next question, or to the bot when the flow has ended.
      if (outcome.kind === 'busy')
        throw new AnswerLater(answerAfter(outcome.resumeAt), `answered after the flow's ${outcome.status === 'waiting_delay' ? 'delay' : 'running step'}`);
      if (outcome.kind !== 'none') return true;
      // No execution behind the status (a crash, a deleted flow): the conversation is the bot's again.
      await releaseConversation(app, clientId, conversation.id);
      return false;
    }
    if (conversation.status !== 'bot') return false;
    // A flow handed this chat to a person, who gave it back (conversations.returnToBot or flows.handBack):
    // the flow resumes after its handoff block (or ends, as the flow says) on the customer's next message.
    // One transaction for both lookups (the nested calls join it): this runs for every message the bot gets.
    const { handedOff, triggered } = await app.db.tenant(clientId, async () => ({
      handedOff: await handedOffExecution(app, clientId, conversation.id),
      triggered: await findTriggeredFlow(app, clientId, text, conversation.phoneNumberId),
    }));
    if (handedOff) {
      const stale = Date.now() - handedOff.updatedAt.getTime() > HANDBACK_RESUME_WINDOW_MS;
      const outcome = await handBackConversation(app, clientId, conversation.id, stale ? 'end' : undefined, message.id);
      if (outcome?.flow === 'resumed') return true;
    }
    const flow = triggered;
    if (!flow) return false;
    const started = await startFlowExecution(app, ports, conversation, flow, text, message.id);
    return started !== null;
  },
};

/** Looked at again a moment after the delay's end (its job runs then), or shortly when a step is running or the delay is overdue. */
const RECHECK_MS = 1_000;
function answerAfter(resumeAt: Date | null): Date {
  const soon = Date.now() + RECHECK_MS;
  return new Date(resumeAt ? Math.max(resumeAt.getTime() + RECHECK_MS / 2, soon - RECHECK_MS / 2) : soon);
}
