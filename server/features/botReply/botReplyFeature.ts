import type { Feature } from '#server/app/feature.js';
import { registerTurnJobs } from './botReplyTurns.js';

/** The AI reply's debounced turns (job type botReply.turn). */
export const botReplyFeature: Feature = {
  name: 'botReply',
  start(app) {
    registerTurnJobs(app);
  },
};
