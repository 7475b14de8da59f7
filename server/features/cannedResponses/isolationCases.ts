// Tenant isolation cases for cannedResponses.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const response = await a.members.agent.caller.cannedResponses.create({
      shortcut: `prazo-${a.slug}`,
      content: `Entregamos em 3 dias úteis, ${a.name}.`,
    });
    world.remember(a, 'cannedResponses.id', response.id);
    world.remember(a, 'cannedResponses.shortcut', response.shortcut);
    world.remember(a, 'cannedResponses.content', response.content);
  },
  cases: {
    'cannedResponses.list': {
      why: "lists the caller's client's responses only",
      probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }],
    },
    'cannedResponses.create': {
      why: "creates in the caller's client; viewers may not create",
      probes: () => [
        { as: 'agent', input: { shortcut: 'b-own-reply', content: 'Resposta de B' }, expect: 'allowed' },
        { as: 'viewer', input: { shortcut: 'b-viewer-reply', content: 'x' }, expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
    'cannedResponses.update': {
      why: 'an id of another client is not found, whatever the role',
      probes: ({ a }) => [
        { input: { id: a.data['cannedResponses.id'], content: 'taken over' }, expect: 'denied', code: 'NOT_FOUND' },
        { as: 'agent', input: { id: a.data['cannedResponses.id'], shortcut: 'moved' }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'cannedResponses.delete': {
      why: 'an id of another client is not found, whatever the role',
      probes: ({ a }) => [
        { input: { id: a.data['cannedResponses.id'] }, expect: 'denied', code: 'NOT_FOUND' },
        { as: 'agent', input: { id: a.data['cannedResponses.id'] }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
  },
};
