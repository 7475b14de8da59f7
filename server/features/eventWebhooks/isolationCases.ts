// Tenant isolation cases for webhooks.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const { endpoint, secret } = await a.members.admin.caller.webhooks.create({ url: 'https://8.8.8.8/hooks/a', events: ['message.received'] });
    world.remember(a, 'webhooks.id', endpoint.id);
    world.remember(a, 'webhooks.secret', secret);
  },
  // A's test event is delivered (and fails: nothing listens) in the background.
  volatileTables: ['webhook_deliveries', 'webhook_endpoints', 'jobs'],
  cases: {
    'webhooks.events': { why: 'the same catalogue for everyone', probes: () => [{ expect: 'allowed' }] },
    'webhooks.list': { why: "lists the caller's client's endpoints", probes: () => [{ expect: 'allowed' }] },
    'webhooks.create': {
      why: "creates the endpoint in the caller's client",
      probes: () => [
        { input: { url: 'https://8.8.4.4/b', events: ['message.sent'] }, expect: 'allowed' },
        { as: 'agent', input: { url: 'https://8.8.4.4/b', events: ['message.sent'] }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'webhooks.update': {
      why: "edits endpoints of the caller's client only",
      probes: ({ a }) => [{ input: { id: a.data['webhooks.id'], isActive: false }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'webhooks.remove': {
      why: "deletes endpoints of the caller's client only",
      probes: ({ a }) => [{ input: { id: a.data['webhooks.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'webhooks.rotateSecret': {
      why: "rotates secrets of the caller's client's endpoints only",
      probes: ({ a }) => [{ input: { id: a.data['webhooks.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'webhooks.sendTest': {
      why: "tests endpoints of the caller's client only",
      probes: ({ a }) => [{ input: { id: a.data['webhooks.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'webhooks.deliveries': {
      why: "reads the caller's client's delivery log only (A's endpoint id gives nothing)",
      probes: ({ a }) => [{ input: { endpointId: a.data['webhooks.id'] }, expect: 'allowed' }],
    },
    'webhooks.redeliver': {
      why: "redelivers the caller's client's deliveries only",
      probes: () => [{ input: { deliveryId: '0b7c2f0e-3c55-4c1e-9a57-2f0c1d2e3f4a' }, expect: 'denied', code: 'NOT_FOUND' }],
    },
  },
};
