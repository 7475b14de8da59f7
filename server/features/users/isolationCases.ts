// Tenant isolation cases for users.* (see server/testing/isolation/isolationCase.ts).
import type { FeatureIsolation } from '#server/testing/isolation/isolationCase.js';
import { TEST_PASSWORD } from '#server/testing/testServer.js';

const onAMember = (action: string) => ({
  why: `${action} looks the member up inside the caller's own client only`,
  probes: ({ a }: { a: { members: Record<string, { userId: string }> } }) => [
    { input: { userId: a.members.agent!.userId }, expect: 'denied' as const, code: 'NOT_FOUND' },
    { input: { userId: a.members.owner!.userId }, expect: 'denied' as const, code: 'NOT_FOUND' },
  ],
});

export const isolation: FeatureIsolation = {
  cases: {
    'users.list': { why: "lists the caller's client's members", probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }] },
    'users.directory': { why: "names the caller's client's active members", probes: () => [{ as: 'viewer', expect: 'allowed' }] },
    'users.changeRole': {
      why: "changes roles of the caller's client's members only",
      probes: ({ a }) => [
        { input: { userId: a.members.agent.userId, role: 'viewer' }, expect: 'denied', code: 'NOT_FOUND' },
        { input: { userId: a.members.owner.userId, role: 'agent' }, expect: 'denied', code: 'NOT_FOUND' },
      ],
    },
    'users.deactivate': onAMember('deactivation'),
    'users.reactivate': onAMember('reactivation'),
    'users.remove': onAMember('removal'),
    'users.changePassword': {
      why: "changes the signed-in user's own password and revokes only their own sessions",
      probes: () => [{ as: 'fresh', input: { currentPassword: TEST_PASSWORD, newPassword: 'another long password' }, expect: 'allowed' }],
    },
  },
};
