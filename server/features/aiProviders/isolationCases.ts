// Tenant isolation cases for aiProviders.* (see server/testing/isolation/isolationCase.ts).
import { randomUUID } from 'node:crypto';
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const key = `sk-ant-isolation-${randomUUID()}`;
    const model = `claude-isolation-${a.slug}`;
    await a.members.owner.caller.aiProviders.save({ kind: 'anthropic', apiKey: key, model });
    world.remember(a, 'aiProviders.anthropicKey', key);
    world.remember(a, 'aiProviders.anthropicModel', model);
    const fallback = `Fallback of ${a.name}: a person will answer soon.`;
    await a.members.owner.caller.aiProviders.setFallbackMessage({ message: fallback });
    world.remember(a, 'aiProviders.fallback', fallback);
  },
  cases: {
    'aiProviders.list': {
      why: "the caller's client's connections only (admins); keys are never returned",
      probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }, { as: 'viewer', expect: 'denied', code: 'FORBIDDEN' }],
    },
    'aiProviders.status': {
      why: "whether the caller's own client has a provider",
      probes: () => [{ as: 'viewer', expect: 'allowed' }],
    },
    'aiProviders.save': {
      why: "saves into the caller's client; agents and viewers may not",
      probes: () => [
        { input: { kind: 'groq', apiKey: 'gsk-isolation-b-key', model: 'b-model' }, expect: 'allowed' },
        { as: 'agent', input: { kind: 'openai', apiKey: 'sk-isolation-b-agent', model: 'b-model' }, expect: 'denied', code: 'FORBIDDEN' },
        { as: 'viewer', input: { kind: 'openai', apiKey: 'sk-isolation-b-viewer', model: 'b-model' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'aiProviders.remove': {
      why: "removes the caller's client's connection only: B has no Anthropic connection, whatever A has",
      probes: () => [
        { input: { kind: 'anthropic' }, expect: 'denied', code: 'NOT_FOUND' },
        { as: 'agent', input: { kind: 'anthropic' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'aiProviders.fallbackMessage': {
      why: "the caller's client's fallback message (admins)",
      probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }],
    },
    'aiProviders.setFallbackMessage': {
      why: "sets the caller's client's fallback message only; agents may not",
      probes: () => [
        { input: { message: 'B fallback' }, expect: 'allowed' },
        { as: 'agent', input: { message: 'B agent' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'aiProviders.testConnection': {
      why: "tests with the caller's own saved key: B testing Anthropic finds no key (A's is never used)",
      probes: () => [
        { input: { kind: 'anthropic' }, expect: 'allowed' },
        { input: { kind: 'openai_compatible', baseUrl: 'http://127.0.0.1:9/v1' }, expect: 'allowed' },
        { as: 'viewer', input: { kind: 'anthropic' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
  },
};
