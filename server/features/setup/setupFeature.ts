// At start, a server reachable from a network with no account yet prints its set-up token (setupToken.ts).
import type { Feature } from '#server/app/feature.js';
import { issueSetupTokenIfNeeded, setupTokenState } from './setupToken.js';

export const setupFeature: Feature = {
  name: 'setup',
  registerRoutes(http, app) {
    setupTokenState(app).http = http; // its address gives the URL printed with the token
  },
  start: issueSetupTokenIfNeeded,
};
