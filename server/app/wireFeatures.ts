// Where features meet, instead of through each other's imports: the message path (responders,
// transcription, the sandbox transport, handed to the WhatsApp channel), the gateway's budget
// port (implemented by budgets), the conversations' flow control and the AI tools' flow starter
// (implemented by flows), the AI tools' knowledge search (knowledgeBase), the flows' contact
// attributes (implemented by contacts) and what follows a resolve (teams: the satisfaction survey,
// the freed slot handed to the queue). Every AppContext is wired once (createAppContext).
import { registerFlowStarter, registerKnowledgeSearch } from '../features/aiTools/index.js';
import { gatewayBudgetPort } from '../features/budgets/index.js';
import { flowContactAttributes } from '../features/contacts/index.js';
import { registerFlowControl, registerResolvedListener } from '../features/conversations/index.js';
import { flowControl, flowStarter, registerContactAttributes } from '../features/flows/index.js';
import { registerBudgetPort } from '../features/gateway/index.js';
import { knowledgeContext, retrieveKnowledge } from '../features/knowledgeBase/index.js';
import { onConversationResolved } from '../features/teams/index.js';
import type { AppContext } from './appContext.js';
import { composeMessagePath } from './composeMessagePath.js';

export function wireFeatures(app: AppContext): void {
  composeMessagePath(app);
  registerBudgetPort(app, gatewayBudgetPort);
  registerFlowControl(app, flowControl);
  registerFlowStarter(app, flowStarter);
  registerKnowledgeSearch(app, async (app, input) => {
    const retrieval = await retrieveKnowledge(app, {
      clientId: input.clientId,
      question: input.query,
      conversationId: input.conversationId,
      caller: input.caller,
    });
    return knowledgeContext(retrieval.chunks);
  });
  registerContactAttributes(app, flowContactAttributes);
  registerResolvedListener(app, onConversationResolved);
}
