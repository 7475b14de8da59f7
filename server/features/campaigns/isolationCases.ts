// Tenant isolation cases for campaigns.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const { messageTemplates } = world.server.app.db.t;
    const [template] = await world.server.app.db.tenant(a.clientId, (tx) =>
      tx
        .insert(messageTemplates)
        .values({
          clientId: a.clientId,
          name: `campanha_${a.slug.replace(/\W/g, '_')}`.toLowerCase(),
          status: 'APPROVED',
          category: 'MARKETING',
          components: [{ type: 'BODY', text: 'Olá!' }],
        })
        .returning(),
    );
    await a.members.agent.caller.contacts.save({ name: `Destinatário ${a.slug}`, phone: '5511955557777', optIn: true });
    // Scheduled far ahead, so nothing is sent while the isolation run watches client A's rows.
    const campaign = await a.members.admin.caller.campaigns.create({
      name: `Campanha secreta ${a.slug}`,
      templateId: template!.id,
      audience: { optedInOnly: true },
      variables: [],
      scheduledAt: new Date(Date.now() + 30 * 24 * 3600_000).toISOString(),
    });
    world.remember(a, 'campaigns.id', campaign.id);
    world.remember(a, 'campaigns.templateId', template!.id);
  },
  cases: {
    'campaigns.list': { why: "lists the caller's client's campaigns only", probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }] },
    'campaigns.get': {
      why: 'an id of another client is not found',
      probes: ({ a }) => [{ input: { id: a.data['campaigns.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'campaigns.estimate': {
      why: "another client's template is not found",
      probes: ({ a }) => [{ input: { templateId: a.data['campaigns.templateId'], audience: { optedInOnly: false } }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'campaigns.preview': {
      why: "another client's template is not found",
      probes: ({ a }) => [{ input: { templateId: a.data['campaigns.templateId'], audience: { optedInOnly: false } }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'campaigns.create': {
      why: "another client's template is not found",
      probes: ({ a }) => [
        { input: { name: 'x', templateId: a.data['campaigns.templateId'], audience: { optedInOnly: false } }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'campaigns.pause': {
      why: 'an id of another client is not found',
      probes: ({ a }) => [{ input: { id: a.data['campaigns.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'campaigns.resume': {
      why: 'an id of another client is not found',
      probes: ({ a }) => [{ input: { id: a.data['campaigns.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'campaigns.cancel': {
      why: 'an id of another client is not found',
      probes: ({ a }) => [{ input: { id: a.data['campaigns.id'] }, expect: 'denied', code: 'NOT_FOUND' }],
    },
    'campaigns.settings': { why: "reads the caller's client's settings", probes: () => [{ expect: 'allowed' }] },
    'campaigns.saveSettings': { why: "writes the caller's client's settings", probes: () => [{ input: { tiers: { '': 1000 } }, expect: 'allowed' }] },
  },
};
