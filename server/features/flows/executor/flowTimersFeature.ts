import type { Feature } from '#server/app/feature.js';
import { registerFlowTimerJobs, scheduleStartupSweep } from './flowTimerJobs.js';

/**
 * Resumes delays and expires idle executions (see runDueFlowTimers) as durable jobs run at the
 * moment they fall due (flowTimerJobs.ts); the job runner drains them at shutdown.
 */
export const flowTimersFeature: Feature = {
  name: 'flows',
  async start(app) {
    registerFlowTimerJobs(app);
    await scheduleStartupSweep(app);
  },
};
