import type { Feature } from '#server/app/feature.js';
import { registerFollowUps } from './followUps.js';

/** The follow-ups models schedule (job type aiTools.followUp). */
export const aiToolsFeature: Feature = {
  name: 'aiTools',
  start(app) {
    registerFollowUps(app);
  },
};
