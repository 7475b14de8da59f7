// The "start a flow" tool needs flows, and flows' AI block needs these tools: flows implements this
// port and server/app/wireFeatures.ts installs it, so neither feature imports the other's internals
// round a circle. Without it, the tool is not offered.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';

export type FlowStarter = {
  /** Published, active flows a conversation may be handed to. */
  list(app: AppContext, clientId: string): Promise<Array<{ id: string; name: string; description: string | null }>>;
  /** Throws a readable error (TRPCError) when the flow cannot start in this conversation. */
  start(app: AppContext, clientId: string, input: { flowId: string; conversationId: string }): Promise<{ flowName: string }>;
};

const slot = perApp((_app: AppContext) => ({ starter: null as FlowStarter | null }));

export function registerFlowStarter(app: AppContext, starter: FlowStarter): void {
  slot(app).starter = starter;
}

export const flowStarter = (app: AppContext): FlowStarter | null => slot(app).starter;
