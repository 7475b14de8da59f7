// The AI block's call, behind a small seam: the executor and the simulator ask for an answer to a
// prompt; the gateway (budget, cache, fallbacks, usage log) answers it.
import type { AppContext } from '../../../app/appContext.js';
import type { AiBlockRequest, AiBlockResult } from '../engine/flowPorts.js';
import { perApp } from '../../../app/perApp.js';

export type FlowAi = (request: AiBlockRequest & { clientId: string }) => Promise<AiBlockResult>;

/** Replaceable per app (tests of the executor's handling of failures). */
export const flowAiOverride = perApp((_app: AppContext) => ({ current: null as FlowAi | null }));

export function flowAi(app: AppContext): FlowAi {
  return async (request) => {
    const override = flowAiOverride(app).current;
    if (override) return override(request);
    return { ok: false, error: 'the AI gateway is not available on this server' };
  };
}
