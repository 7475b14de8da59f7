// Keeps the server's HTTP instance so the sandbox can post its webhooks to the real route, and
// cancels pending status webhooks when the server stops.
import type { Feature } from '#server/app/feature.js';
import { sandboxState } from './sandboxGraphClient.js';
import { sandboxHttp } from './sandboxWebhook.js';

export const sandboxFeature: Feature = {
  name: 'sandbox',
  registerRoutes(http, app) {
    sandboxHttp(app).instance = http;
  },
  async stop(app) {
    const state = sandboxState(app);
    state.stopped = true;
    for (const timer of state.timers) clearTimeout(timer);
    state.timers.clear();
    await Promise.allSettled([...state.inFlight]);
  },
};
