// Tenant isolation cases for setup.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';
import { TEST_PASSWORD } from '#server/testing/testServer.js';

export const isolation: FeatureIsolation = {
  cases: {
    'setup.status': {
      why: 'answers only whether this server still needs its set-up; no client data',
      probes: () => [{ as: 'anonymous', expect: 'allowed' }, { expect: 'allowed' }],
    },
    'setup.complete': {
      why: 'works only on a server with no account at all; once any exists it creates nothing and reveals nothing',
      probes: () => [
        {
          as: 'anonymous',
          input: { businessName: 'Intruder Ltd', fullName: 'Intruder', email: 'intruder@isolation.test', password: `${TEST_PASSWORD} 1`, language: 'en' },
          expect: 'denied',
          code: 'CONFLICT',
        },
      ],
    },
  },
};
