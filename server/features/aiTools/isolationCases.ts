// Tenant isolation cases for aiTools.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

const tool = (name: string) => ({
  name,
  description: 'Looks up an order',
  parameters: { type: 'object' as const, properties: { id: { type: 'string' as const } }, required: ['id'] },
  method: 'GET' as const,
  urlTemplate: 'https://orders.example.test/{id}',
  headers: [{ name: 'Authorization', value: 'Bearer isolation-secret' }],
  timeoutMs: 5_000,
  isActive: true,
});

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const saved = await a.members.admin.caller.aiTools.save(tool(`orders_${a.slug.replace(/[^a-zA-Z0-9_]/g, '_')}`));
    world.remember(a, 'aiTools.id', saved.id);
    world.remember(a, 'aiTools.name', saved.name);
  },
  cases: {
    'aiTools.list': {
      why: "lists the caller's client's tools only",
      probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }],
    },
    'aiTools.save': {
      why: "creates in the caller's client; an id of another client is not found",
      probes: ({ a }) => [
        { as: 'admin', input: tool('b_own_tool'), expect: 'allowed' },
        { as: 'admin', input: { ...tool('taken'), id: a.data['aiTools.id'] }, expect: 'denied', code: 'NOT_FOUND' },
        { as: 'agent', input: tool('b_agent_tool'), expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'aiTools.delete': {
      why: 'an id of another client is not found, whatever the role',
      probes: ({ a }) => [
        { as: 'admin', input: { id: a.data['aiTools.id'] }, expect: 'denied', code: 'NOT_FOUND' },
        { as: 'agent', input: { id: a.data['aiTools.id'] }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
  },
};
