// Tenant isolation cases for localMode.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  cases: {
    'localMode.status': {
      why: 'answers only whether local mode is on; no client data',
      probes: () => [{ as: 'anonymous', expect: 'allowed' }, { expect: 'allowed' }],
    },
    'localMode.signIn': {
      why: "needs the per-launch token of the desktop app's own server; a guessed one is refused",
      probes: ({ a }) => [{ as: 'anonymous', input: { launchToken: a.clientId }, expect: 'denied', code: 'FORBIDDEN' }],
    },
  },
};
