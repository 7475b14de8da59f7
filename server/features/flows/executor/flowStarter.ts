// The AI tools' FlowStarter port (aiTools/flowStarterPort.ts): the published, active flows a model
// may hand a conversation to, started as an agent would start them (startFlowManually).
import { and, asc, eq, isNotNull } from 'drizzle-orm';
import type { FlowStarter } from '#server/features/aiTools/index.js';
import { startFlowManually } from './startFlowManually.js';

export const flowStarter: FlowStarter = {
  async list(app, clientId) {
    const { interactiveFlows } = app.db.t;
    return app.db.tenant(clientId, (tx) =>
      tx
        .select({ id: interactiveFlows.id, name: interactiveFlows.name, description: interactiveFlows.description })
        .from(interactiveFlows)
        .where(and(eq(interactiveFlows.clientId, clientId), eq(interactiveFlows.isActive, true), isNotNull(interactiveFlows.publishedVersionId)))
        .orderBy(asc(interactiveFlows.name))
        .limit(50),
    );
  },
  async start(app, clientId, input) {
    const started = await startFlowManually(app, clientId, input);
    return { flowName: started.flowName };
  },
};
