// Tenant isolation cases for clients.* (see server/testing/isolation/isolationCase.ts).
import { platformAdminOnly, type FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const prompt = `Prompt only ${a.slug} may read`;
    const openaiKey = `sk-isolation-${a.slug}-openai`;
    await a.members.owner.caller.clients.updateSettings({ systemPrompt: prompt, notificationEmail: `alerts-${a.slug}@isolation.test` });
    await a.members.owner.caller.clients.replaceSecrets({ openaiApiKey: openaiKey });
    world.remember(a, 'clients.systemPrompt', prompt);
    world.remember(a, 'clients.openaiKey', openaiKey);
  },
  cases: {
    'clients.list': platformAdminOnly(),
    'clients.create': platformAdminOnly(({ b }) => ({ name: 'Not allowed', slug: `${b.slug}-extra` })),
    'clients.suspend': platformAdminOnly(({ a }) => ({ clientId: a.clientId })),
    'clients.activate': platformAdminOnly(({ a }) => ({ clientId: a.clientId })),
    'clients.plans': platformAdminOnly(),
    'clients.settings': { why: "reads the caller's own client", probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }] },
    'clients.updateSettings': {
      why: "updates the caller's own client; a phone number id owned by another client is refused",
      probes: ({ a, b }) => [
        { input: { name: `${b.name} renamed` }, expect: 'allowed' },
        { input: { metaPhoneNumberId: a.phoneNumberId }, expect: 'denied', code: 'CONFLICT' },
      ],
    },
    'clients.replaceSecrets': {
      why: "replaces the caller's own client's secrets",
      probes: () => [{ input: { groqApiKey: 'gsk-isolation-b-groq-key' }, expect: 'allowed' }],
    },
  },
};
