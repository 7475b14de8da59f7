// The team reports' background work: folding the rollups' deltas (rollupFolder.ts). Its tRPC
// router is listed in server/trpc/appRouter.ts.
import type { Feature } from '#server/app/feature.js';
import { rollupFolder } from './rollupFolder.js';

export const reportsFeature: Feature = {
  name: 'reports',
  async start(app) {
    await rollupFolder(app).start();
  },
  async stop(app) {
    await rollupFolder(app).stop();
  },
};
