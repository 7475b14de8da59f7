// The flows responder (first in server/features/responders.ts): a conversation in a flow gets its
// answer handled by the execution; a conversation with the bot may start a flow by trigger.
import type { Responder } from '../../../app/responder.js';
import { releaseConversation } from './releaseConversation.js';
import { continueFlowExecution } from './continueFlowExecution.js';
import { findTriggeredFlow } from './findTriggeredFlow.js';
import { flowPortsFor } from './flowPortsFor.js';
import { startFlowExecution } from './startFlowExecution.js';

export const flowsResponder: Responder = {
  name: 'flows',
  async respond({ app, clientId, conversation, text, choiceId }) {
    const ports = flowPortsFor(app, clientId);
    if (conversation.status === 'fluxo_inicial') {
      const outcome = await continueFlowExecution(app, ports, clientId, conversation.id, { kind: 'answer', text, choiceId });
      if (outcome.kind !== 'none') return true;
      // No execution behind the status (a crash, a deleted flow): the conversation is the bot's again.
      await releaseConversation(app, clientId, conversation.id);
      return false;
    }
    if (conversation.status !== 'bot') return false;
    const flow = await findTriggeredFlow(app, clientId, text);
    if (!flow) return false;
    const started = await startFlowExecution(app, ports, conversation, flow, text);
    return started !== null;
  },
};
