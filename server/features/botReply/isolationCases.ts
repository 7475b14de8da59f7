// Tenant isolation cases for bot.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    await a.members.admin.caller.bot.updateSettings({ greeting: `Olá da ${a.slug}`, facts: [{ name: 'Segredo', value: `segredo de ${a.slug}` }] });
  },
  cases: {
    'bot.settings': {
      why: "reads the caller's client's configuration only",
      probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }],
    },
    'bot.updateSettings': {
      why: "writes the caller's client's configuration rows only",
      probes: () => [
        { input: { greeting: 'Oi!' }, as: 'admin', expect: 'allowed' },
        { input: { greeting: 'Oi!' }, as: 'agent', expect: 'denied', code: 'FORBIDDEN' },
      ],
    },
  },
};
