// Tenant isolation cases for apiKeys.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const key = await a.members.admin.caller.apiKeys.create({ name: 'n8n of A' });
    world.remember(a, 'apiKeys.id', key.id);
    world.remember(a, 'apiKeys.key', key.key);
    world.remember(a, 'apiKeys.prefix', key.prefix);
  },
  cases: {
    'apiKeys.create': {
      why: "creates the key in the caller's client",
      probes: () => [
        { input: { name: 'B key' }, expect: 'allowed' },
        { as: 'agent', input: { name: 'x' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'apiKeys.list': { why: "lists the caller's client's keys", probes: () => [{ expect: 'allowed' }] },
    'apiKeys.revoke': {
      why: "revokes keys of the caller's client only",
      probes: ({ a }) => [{ input: { id: a.data['apiKeys.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
  },
};
