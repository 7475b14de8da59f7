import type { AppContext } from '../../../app/appContext.js';
import type { Feature } from '../../../app/feature.js';
import { perApp } from '../../../app/perApp.js';
import { runDueFlowTimers } from './runDueFlowTimers.js';

export const FLOW_TIMER_INTERVAL_MS = 1000;

const timerState = perApp((_app: AppContext) => ({ timer: null as NodeJS.Timeout | null, running: null as Promise<unknown> | null, stopped: false }));

/** Resumes delays and expires idle executions in the background (see runDueFlowTimers). */
export const flowTimersFeature: Feature = {
  name: 'flows',
  start(app) {
    const state = timerState(app);
    state.stopped = false;
    const tick = () => {
      if (state.running || state.stopped) return;
      state.running = runDueFlowTimers(app)
        .catch((error: unknown) => app.log.error({ err: error }, 'flow timers failed'))
        .finally(() => { state.running = null; });
    };
    state.timer = setInterval(tick, FLOW_TIMER_INTERVAL_MS);
    state.timer.unref();
    tick();
  },
  async stop(app) {
    const state = timerState(app);
    state.stopped = true;
    if (state.timer) clearInterval(state.timer);
    state.timer = null;
    await state.running;
  },
};
