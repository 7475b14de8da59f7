// Tenant isolation cases for numbers.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const number = await a.members.admin.caller.numbers.create({ kind: 'sandbox', displayName: `Vendas ${a.slug}` });
    world.remember(a, 'numbers.id', number.id);
    world.remember(a, 'numbers.phoneNumberId', number.phoneNumberId);
  },
  cases: {
    'numbers.list': { why: "lists the caller's client's numbers only", probes: () => [{ as: 'viewer', expect: 'allowed' }] },
    'numbers.create': {
      why: "creates in the caller's client; a number id another client holds is refused without saying whose",
      probes: ({ a }) => [
        { as: 'admin', input: { kind: 'sandbox', displayName: 'Testes B' }, expect: 'allowed' },
        {
          as: 'admin',
          input: { kind: 'meta', displayName: 'Theirs', phoneNumberId: a.phoneNumberId, accessToken: 'EAAprobe-token', appSecret: 'probe-app-secret' },
          expect: 'denied',
          code: 'CONFLICT',
        },
      ],
    },
    'numbers.update': {
      why: 'a number of another client is not found',
      probes: ({ a }) => [{ as: 'admin', input: { id: a.data['numbers.id'], displayName: 'taken over' }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'numbers.remove': {
      why: 'a number of another client is not found',
      probes: ({ a }) => [{ as: 'admin', input: { id: a.data['numbers.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
  },
};
