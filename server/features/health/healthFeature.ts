import type { Feature } from '#server/app/feature.js';
import { registerHealthRoute } from './healthRoute.js';
import { registerMetricsRoute } from './metricsRoute.js';

export const healthFeature: Feature = {
  name: 'health',
  registerRoutes(http, app) {
    registerHealthRoute(http, app);
    registerMetricsRoute(http, app);
  },
};
