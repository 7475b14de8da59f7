// Background work of teams: every minute, agents silent for a while become away, then offline
// (their conversations go back to their teams' queues when the team says so).
import type { AppContext } from '#server/app/appContext.js';
import type { Feature } from '#server/app/feature.js';
import { perApp } from '#server/app/perApp.js';
import { sweepIdleAgents } from './agentAvailability.js';

const SWEEP_MS = 60_000;
const sweeper = perApp<AppContext, { timer: NodeJS.Timeout | null; running: Promise<unknown> | null }>(() => ({ timer: null, running: null }));

export const teamsFeature: Feature = {
  name: 'teams',
  start(app) {
    const state = sweeper(app);
    state.timer = setInterval(() => {
      if (state.running) return;
      state.running = sweepIdleAgents(app)
        .catch((error: unknown) => app.log.warn({ err: error }, 'idle agents sweep failed: the next one retries'))
        .finally(() => (state.running = null));
    }, SWEEP_MS);
    state.timer.unref();
  },
  async stop(app) {
    const state = sweeper(app);
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    await state.running;
  },
};
