import type { AppContext } from '#server/app/appContext.js';
import type { FlowPorts } from '../engine/flowPorts.js';
import { performHttpRequest } from '../http/performHttpRequest.js';
import { loadPublishedFlow } from '../loadFlowVersion.js';
import { flowAi } from './flowAi.js';
import { readFlowSecret } from '../flowSecrets.js';

/** The real world as a running execution sees it. */
export function flowPortsFor(app: AppContext, clientId: string, now: () => Date = () => new Date()): FlowPorts {
  const ai = flowAi(app);
  return {
    now,
    http: (request) => performHttpRequest(request, { allowPrivateNetwork: app.config.allowPrivateNetwork }),
    ai: (request) => ai({ ...request, clientId }),
    loadFlow: (flowId) => app.db.tenant(clientId, (tx) => loadPublishedFlow(app, tx, clientId, flowId)),
    secret: (secretRef) => readFlowSecret(app, clientId, secretRef),
  };
}
