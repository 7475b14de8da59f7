// Tenant isolation cases for audit.* (see server/testing/isolation/isolationCase.ts).
import { platformAdminOnly, type FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a } = world;
    // An audited mutation in client A (a role "change" to the same role), then its row's id, used as a cursor by B.
    await a.members.owner.caller.users.changeRole({ userId: a.members.viewer.userId, role: 'viewer' });
    const page = await a.members.owner.caller.audit.list({ limit: 1 });
    world.remember(a, 'audit.rowId', page.items[0]!.id);
  },
  cases: {
    'audit.list': {
      why: "lists the caller's own client's log; another client's row id as a cursor reveals nothing",
      // B's own rows record the inputs of B's earlier probes (A's ids among them): that is B's data.
      withoutEchoes: (answer) => {
        const page = answer as { items: Array<Record<string, unknown>> };
        return { ...page, items: page.items.map(({ changes: _changes, resourceId: _resourceId, errorMessage: _errorMessage, ...row }) => row) };
      },
      probes: ({ a }) => [
        { expect: 'allowed', input: {} },
        { input: { cursor: a.data['audit.rowId'] }, expect: 'allowed' },
        { input: { userId: a.members.owner.userId }, expect: 'allowed' },
      ],
    },
    'audit.listAll': platformAdminOnly(() => ({})),
  },
};
