import type { Feature } from '#server/app/feature.js';
import { gatewayState } from './gatewayState.js';
import { seedGatewayDefaults } from './seedGatewayDefaults.js';
import { stopGatewayWrites } from './retryGatewayWrite.js';
import { bookkeepingSettled } from './bookkeepingInFlight.js';

/** Seeds the model catalogue and the platform configuration at start-up (idempotent). */
export const gatewayFeature: Feature = {
  name: 'gateway',
  async start(app) {
    await seedGatewayDefaults(app);
    gatewayState(app).invalidate();
  },
  async stop(app) {
    // Calls already answered get their usage written before the database closes.
    await bookkeepingSettled(app);
    stopGatewayWrites(app);
  },
};
