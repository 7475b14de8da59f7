// Tenant isolation cases for invites.* (see server/testing/isolation/isolationCase.ts).
import { randomUUID } from 'node:crypto';
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';
import { hashInviteToken } from './inviteTokens.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    // An email is nobody's secret (client B may invite the same person), so it is data, not a marker.
    const pending = await a.members.admin.caller.invites.create({ email: `pending-${randomUUID()}@isolation.test`, role: 'agent' });
    a.data['invites.pendingEmail'] = pending.email;
    world.remember(a, 'invites.pendingId', pending.id);
    world.remember(a, 'invites.pendingToken', pending.token);
    world.remember(a, 'invites.pendingTokenHash', hashInviteToken(pending.token));
    const revoked = await a.members.admin.caller.invites.create({ email: `revoked-${randomUUID()}@isolation.test`, role: 'viewer' });
    await a.members.admin.caller.invites.revoke({ id: revoked.id });
    world.remember(a, 'invites.revokedId', revoked.id);
  },
  cases: {
    'invites.create': {
      why: "creates the invite in the caller's client; re-inviting an email revokes only that client's pending invite; only the caller's own members are refused (whether an email has an account elsewhere is not revealed: invitePrivacy.test.ts)",
      probes: ({ a, b }) => [
        { input: { email: a.data['invites.pendingEmail'], role: 'agent' }, expect: 'allowed' },
        { input: { email: b.members.agent.email, role: 'agent' }, expect: 'denied', code: 'CONFLICT' },
      ],
    },
    'invites.list': { why: "lists the caller's client's invites", probes: () => [{ expect: 'allowed' }, { input: { state: 'pending' }, expect: 'allowed' }] },
    'invites.revoke': {
      why: "revokes only invites of the caller's client",
      probes: ({ a }) => [
        { input: { id: a.data['invites.pendingId'] }, expect: 'denied', code: 'NOT_FOUND' },
        { input: { id: a.data['invites.revokedId'] }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'invites.inspect': {
      why: 'public, but only the secret token from the link opens an invite; its id or stored hash do not',
      probes: ({ a }) => [
        { as: 'anonymous', input: { token: a.data['invites.pendingId'] }, expect: 'denied', code: 'NOT_FOUND' },
        { input: { token: a.data['invites.pendingTokenHash'] }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'invites.accept': {
      why: 'public, but only the secret token from the link accepts an invite; its id or stored hash do not',
      probes: ({ a }) => [
        {
          as: 'anonymous',
          input: { token: a.data['invites.pendingTokenHash'], password: 'a long password', fullName: 'Intruder' },
          expect: 'denied',
          code: 'NOT_FOUND',
        },
        { input: { token: a.data['invites.pendingId'], password: 'a long password', fullName: 'Intruder' }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
  },
};
