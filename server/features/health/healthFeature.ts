import type { Feature } from '../../app/feature.js';
import { registerHealthRoute } from './healthRoute.js';
import { registerMetricsRoute } from './metricsRoute.js';

export const healthFeature: Feature = {
  name: 'health',
  registerRoutes(http, app) {
    registerHealthRoute(http, app);
    registerMetricsRoute(http, app);
  },
};
