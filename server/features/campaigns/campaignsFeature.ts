import type { Feature } from '#server/app/feature.js';
import { registerSendJob } from './sendCampaign.js';

/** Background work of campaigns: sending on the durable job runner. */
export const campaignsFeature: Feature = {
  name: 'campaigns',
  start(app) {
    registerSendJob(app);
  },
};
