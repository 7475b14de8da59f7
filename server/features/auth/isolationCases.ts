// Tenant isolation cases for auth.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';
import { TEST_PASSWORD } from '#server/testing/testServer.js';

export const isolation: FeatureIsolation = {
  cases: {
    'auth.login': {
      why: 'signs in to the account of the given credentials only; an unknown email says nothing about anyone',
      probes: ({ b }) => [
        { as: 'anonymous', input: { email: b.members.viewer.email, password: TEST_PASSWORD }, expect: 'allowed' },
        { as: 'anonymous', input: { email: 'nobody@isolation.test', password: 'wrong password' }, expect: 'denied', code: 'UNAUTHORIZED' },
      ],
    },
    'auth.logout': { why: "revokes the caller's own session", probes: () => [{ as: 'fresh', expect: 'allowed' }] },
    'auth.me': { why: 'describes the caller', probes: () => [{ expect: 'allowed' }, { as: 'anonymous', expect: 'denied', code: 'UNAUTHORIZED' }] },
  },
};
