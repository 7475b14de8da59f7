// A platform administrator's budgets.setClientBudget is audited under the client it changed, so the
// client's own administrators see who changed their limits (and other clients do not).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

describe.each(DATABASE_KINDS)('budgets.setClientBudget audit on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it("lands in the changed client's audit log with the platform administrator as its author", async () => {
    const client = await server.makeClient();
    const other = await server.makeClient();
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const otherOwner = await server.signIn({ clientId: other.id, role: 'owner' });
    const { id } = await platform.caller.budgets.setClientBudget({
      clientId: client.id,
      inheritsFromPlan: false,
      budgetType: 'tokens',
      budgetPeriod: 'monthly',
      tokenLimit: 5000,
    });

    const seen = await owner.caller.audit.list({ action: 'budgets.setClientBudget' });
    expect(seen.items).toHaveLength(1);
    expect(seen.items[0]).toMatchObject({ clientId: client.id, userEmail: platform.email, resourceId: id, status: 'success' });
    expect((await otherOwner.caller.audit.list({ action: 'budgets.setClientBudget' })).items).toHaveLength(0);
    expect((await platform.caller.audit.listAll({ clientId: client.id, action: 'budgets.setClientBudget' })).items).toHaveLength(1);

    // Refused for a client that does not exist: a platform-level failure row, nobody's client.
    // (A fresh caller: a test caller keeps one context, audit fields included, across its calls.)
    const missing = '00000000-0000-4000-8000-000000000000';
    const platformAgain = await server.signIn({ clientId: null, platformAdmin: true });
    await expect(
      platformAgain.caller.budgets.setClientBudget({
        clientId: missing,
        inheritsFromPlan: false,
        budgetType: 'tokens',
        budgetPeriod: 'monthly',
        tokenLimit: 5,
      }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const failures = await platform.caller.audit.listAll({ clientId: null, action: 'budgets.setClientBudget', status: 'failure' });
    expect(failures.items).toHaveLength(1);
  });
});
