// Tenant isolation cases for pushTokens.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    const token = `device-${a.slug}-agent-token`;
    const row = await a.members.agent.caller.pushTokens.register({ token, platform: 'desktop', deviceName: `Laptop of ${a.slug}` });
    world.remember(a, 'pushTokens.token', token);
    world.remember(a, 'pushTokens.id', row.id);
  },
  cases: {
    'pushTokens.register': {
      why: "registers the token for the caller only; taking a device over removes it only from the caller's own client",
      probes: ({ a }) => [{ input: { token: a.data['pushTokens.token'], platform: 'desktop' }, expect: 'allowed' }],
    },
    'pushTokens.preferences': { why: "reads the caller's own preferences", probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }] },
    'pushTokens.savePreferences': {
      why: "changes the caller's own preferences only (the row is keyed by the caller's user id)",
      probes: () => [{ input: { onMessage: false }, expect: 'allowed' }],
    },
    'pushTokens.listMine': { why: "lists the caller's own devices", probes: () => [{ expect: 'allowed' }, { as: 'viewer', expect: 'allowed' }] },
    'pushTokens.unregister': {
      why: "removes only the caller's own devices (nothing is removed for another user's id or token)",
      probes: ({ a }) => [
        { input: { id: a.data['pushTokens.id'] }, expect: 'allowed' },
        { input: { token: a.data['pushTokens.token'] }, expect: 'allowed' },
      ],
    },
  },
};
