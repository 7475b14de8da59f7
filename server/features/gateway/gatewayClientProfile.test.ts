import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createServer, type UzzServer } from '#server/app/createServer.js';
import { setClientStatus } from '../clients/setClientStatus.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from './gatewayTestKit.js';
import { getGateway } from './getGateway.js';

// The gateway keeps each client's settings in memory between calls. Whatever changes them (the
// gateway's procedures, another feature, another server instance, a plain UPDATE) must show on
// the very next call, for clients with a budget row and without one.
describe.each(DATABASE_KINDS)('client gateway settings kept between calls on %s', (kind) => {
  let kit: GatewayKit;
  let second: UzzServer | null = null;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    await kit.addModel({ modelName: 'profile-a', input: '1', output: '1' });
    await kit.addModel({ modelName: 'profile-b', input: '1', output: '1' });
    if (kind === 'pg') {
      second = await createServer(kit.server.config, { logger: false });
      await second.start();
    }
  });
  afterAll(async () => {
    await second?.stop();
    await kit?.dispose();
  });

  const ask = (clientId: string, content: string) =>
    getGateway(kit.server.app).chat({ clientId, cache: false, params: { messages: [{ role: 'user', content }] } });

  for (const budgeted of [true, false]) {
    it(`sees model choices, prices and status changed elsewhere at once (${budgeted ? 'with' : 'without'} a budget row)`, async () => {
      // A plan without a budget leaves the client without a budget row.
      const { clientId, owner } = await kit.makeTenant({ plan: budgeted ? 'free' : 'no-budget-plan' });
      if (budgeted) {
        await kit.admin.caller.budgets.setClientBudget({ clientId, inheritsFromPlan: false, budgetType: 'brl', budgetPeriod: 'monthly', brlLimit: '1000' });
      }
      const { clients, clientBudgets } = kit.server.app.db.t;
      await owner.caller.gateway.setClientProviders({ primaryModelProvider: 'openai', openaiModel: 'profile-a' });
      expect((await ask(clientId, 'um')).model).toBe('openai/profile-a');
      expect((await ask(clientId, 'dois')).model).toBe('openai/profile-a');

      // Another writer (another feature, or another instance on PostgreSQL) changes the client row.
      const writer = second?.app ?? kit.server.app;
      await writer.db.system((tx) => tx.update(clients).set({ openaiModel: 'profile-b' }).where(eq(clients.id, clientId)));
      expect((await ask(clientId, 'três')).model).toBe('openai/profile-b');

      // A price override of the client's own applies to the next call.
      const before = await ask(clientId, 'quatro');
      await owner.caller.gateway.pricing.set({ model: 'openai/profile-b', promptPrice: '1000', completionPrice: '1000' });
      const after = await ask(clientId, 'quatro');
      expect(after.usage).toEqual(before.usage);
      expect(Number(after.costUsd)).toBeCloseTo(Number(before.costUsd) * 1000, 8);

      const rows = await kit.server.app.db.tenant(clientId, (tx) => tx.select().from(clientBudgets).where(eq(clientBudgets.clientId, clientId)));
      expect(rows).toHaveLength(budgeted ? 1 : 0);

      await setClientStatus(writer.db, clientId, 'inactive');
      await expect(ask(clientId, 'cinco')).rejects.toMatchObject({ kind: 'bad_request', details: { code: 'client_inactive' } });
      await setClientStatus(writer.db, clientId, 'active');
      expect((await ask(clientId, 'seis')).model).toBe('openai/profile-b');
    });
  }
});
