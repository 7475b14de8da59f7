// Where features meet, instead of through each other's imports: the message path (responders,
// transcription, the sandbox transport, handed to the WhatsApp channel), the gateway's budget
// port (implemented by budgets) the conversations' flow control (implemented by flows) and what follows a resolve (the satisfaction survey of teams). Every AppContext is wired once (createAppContext).
import { gatewayBudgetPort } from '../features/budgets/index.js';
import { registerBudgetPort } from '../features/gateway/index.js';
import { registerFlowControl, registerResolvedListener } from '../features/conversations/index.js';
import { askForCsat } from '../features/teams/index.js';
import { flowControl } from '../features/flows/index.js';
import type { AppContext } from './appContext.js';
import { composeMessagePath } from './composeMessagePath.js';

export function wireFeatures(app: AppContext): void {
  composeMessagePath(app);
  registerBudgetPort(app, gatewayBudgetPort);
  registerFlowControl(app, flowControl);
  registerResolvedListener(app, askForCsat);
}
