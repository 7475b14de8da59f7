// Tenant isolation cases for budgets.* (see server/testing/isolation/isolationCase.ts).
import { platformAdminOnly, type FeatureIsolation } from '#server/testing/isolation/isolationCase.js';

export const isolation: FeatureIsolation = {
  async seed(world) {
    const { a, platformAdmin } = world;
    const budget = await platformAdmin.caller.budgets.setClientBudget({
      clientId: a.clientId,
      inheritsFromPlan: false,
      budgetType: 'brl',
      budgetPeriod: 'monthly',
      brlLimit: '123.45',
      notificationEmail: `budget-${a.clientId}@isolation.test`,
    });
    world.remember(a, 'budgets.id', budget.id);
    const { key } = await a.members.admin.caller.budgets.webhookSigningKey();
    world.remember(a, 'budgets.signingKey', key);
  },
  cases: {
    'budgets.get': {
      why: "the caller's client's budget and spend (admins)",
      probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }, { as: 'viewer', expect: 'denied', code: 'FORBIDDEN' }],
    },
    'budgets.setClientBudget': platformAdminOnly(({ a }) => ({
      clientId: a.clientId,
      inheritsFromPlan: false,
      budgetType: 'brl',
      budgetPeriod: 'monthly',
      brlLimit: '1',
    })),
    'budgets.resume': { why: "lifts the pause of the caller's client only", probes: () => [{ expect: 'denied', code: 'NOT_FOUND' }] },
    'budgets.setNotifications': {
      why: "changes where the caller's client's alerts go",
      probes: () => [{ input: { notificationEmail: 'b-alerts@isolation.test' }, expect: 'allowed' }],
    },
    'budgets.webhookSigningKey': {
      why: "the caller's client's own signing key",
      probes: () => [{ expect: 'allowed' }, { as: 'agent', expect: 'denied', code: 'FORBIDDEN' }],
    },
    'budgets.plans.list': platformAdminOnly(),
    'budgets.plans.upsert': platformAdminOnly(() => ({ planName: 'isolation-plan', budgetType: 'brl', budgetPeriod: 'monthly', brlLimit: '10' })),
  },
};
