// Tenant isolation cases for gateway.* (see server/testing/isolation/isolationCase.ts).
import { randomUUID } from 'node:crypto';
import { platformAdminOnly, type FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const [model] = await a.members.admin.caller.gateway.models();
    if (!model) throw new Error('the model registry is empty: the gateway seeds it at start-up');
    a.data['gateway.model'] = model.gatewayIdentifier;
    const price = await a.members.admin.caller.gateway.pricing.set({ model: model.gatewayIdentifier, promptPrice: '0.1234567', completionPrice: '0.7654321' });
    world.remember(a, 'gateway.priceId', price.id);
    const groqKey = `gsk-isolation-${randomUUID()}`;
    await a.members.admin.caller.gateway.setClientProviders({ groqApiKey: groqKey, groqModel: `groq-model-${a.clientId}` });
    world.remember(a, 'gateway.groqKey', groqKey);
  },
  cases: {
    'gateway.models': { why: "the platform's active models, the same for every client", probes: () => [{ as: 'viewer', expect: 'allowed' }] },
    'gateway.registry.list': platformAdminOnly(),
    'gateway.registry.upsert': platformAdminOnly(() => ({ provider: 'openai', modelName: 'isolation-model' })),
    'gateway.registry.setActive': platformAdminOnly(({ a }) => ({ gatewayIdentifier: a.data['gateway.model'], isActive: false })),
    'gateway.config.get': platformAdminOnly(),
    'gateway.config.update': platformAdminOnly(() => ({ cacheEnabled: false })),
    'gateway.setClientProviders': {
      why: "sets the caller's client's keys and models",
      probes: () => [{ input: { groqModel: 'b-groq-model', openaiApiKey: 'sk-isolation-b-openai' }, expect: 'allowed' }],
    },
    'gateway.pricing.list': {
      why: "the caller's client's price overrides (admins)",
      probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }],
    },
    'gateway.pricing.set': {
      why: "sets the caller's client's price for a model",
      probes: ({ a }) => [{ input: { model: a.data['gateway.model'], promptPrice: '9', completionPrice: '9' }, expect: 'allowed' }],
    },
    'gateway.pricing.remove': {
      why: "removes the caller's client's overrides only",
      probes: ({ a }) => [{ input: { id: a.data['gateway.priceId'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'gateway.usage': {
      why: "the caller's client's usage (admins)",
      probes: () => [
        { input: { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', recent: 200 }, expect: 'allowed' },
        { as: 'viewer', input: { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, expect: 'denied', code: 'FORBIDDEN' },
        { as: 'agent', input: { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'gateway.cacheStats': {
      why: "the caller's client's cache figures (admins)",
      probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'denied', code: 'FORBIDDEN' }],
    },
  },
};
