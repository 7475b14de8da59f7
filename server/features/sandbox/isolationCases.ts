// Tenant isolation cases for testPhone.*: every procedure works on the caller's own client's test
// customers; another client's customer id is not found, and nothing is sent as it.
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a, server } = world;
    const { clientesWhatsapp } = server.app.db.t;
    const [row] = await server.app.db.tenant(a.clientId, (tx) =>
      tx
        .insert(clientesWhatsapp)
        .values({
          clientId: a.clientId,
          telefone: '5511977770001',
          nome: `Test customer of ${a.slug}`,
          waId: '5511977770001',
          isTest: true,
        })
        .returning(),
    );
    world.remember(a, 'testPhone.customerId', row!.id);
  },
  cases: {
    'testPhone.customers.list': {
      why: "lists only the caller's client's test customers",
      probes: () => [
        { input: undefined, expect: 'allowed' },
        { input: undefined, as: 'viewer', expect: 'allowed' },
      ],
    },
    'testPhone.customers.create': {
      why: "creates a test customer of the caller's own client (the same number is free there)",
      probes: () => [
        { input: { name: 'B tester', phone: '5511977770001' }, expect: 'allowed' },
        { input: { name: 'B viewer', phone: '5511977770002' }, as: 'viewer', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'testPhone.customers.remove': {
      why: "another client's test customer is not found",
      probes: ({ a }) => [{ input: { id: a.data['testPhone.customerId'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'testPhone.clear': {
      why: "clears the caller's own client's test customers only",
      probes: () => [
        { input: undefined, expect: 'allowed' },
        { input: undefined, as: 'viewer', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'testPhone.thread': {
      why: "another client's test customer is not found",
      probes: ({ a }) => [{ input: { customerId: a.data['testPhone.customerId'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'testPhone.send': {
      why: "nobody sends as another client's test customer (not found before any webhook)",
      probes: ({ a }) => [
        { input: { customerId: a.data['testPhone.customerId'], message: { type: 'text', text: 'hi' } }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'testPhone.markRead': {
      why: "another client's test customer is not found",
      probes: ({ a }) => [{ input: { customerId: a.data['testPhone.customerId'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
  },
};
