import type { Feature } from '#server/app/feature.js';
import { registerSnoozeWake } from './snoozeWake.js';

/** Background work of the conversations: snoozed conversations wake at their time (durable jobs). */
export const conversationsFeature: Feature = {
  name: 'conversations',
  start(app) {
    registerSnoozeWake(app);
  },
};
