// /v1 answers before its usage is written (gateway/bookkeepingInFlight.ts); a server stopped right
// after answering still writes that usage, and gives the budget reservation back, before its
// database closes: the call is billed once, and nothing stays reserved.
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { openDatabase } from '#server/db/openDatabase.js';
import { injectDatabaseFaults } from '#server/testing/injectDatabaseFaults.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';

describe.each(DATABASE_KINDS)('/v1 bookkeeping when the server stops right after answering, on %s', (kind) => {
  let kit: GatewayKit | undefined;
  afterEach(async () => {
    await kit?.dispose();
    kit = undefined;
  });

  it('writes the usage and releases the reservation before the database closes', async () => {
    kit = await startGatewayKit(kind);
    const model = await kit.addModel({ modelName: 'shutdown-chat', input: '1', output: '2' });
    const { clientId, owner } = await kit.makeTenant();
    await kit.admin.caller.budgets.setClientBudget({ clientId, inheritsFromPlan: false, budgetType: 'brl', budgetPeriod: 'monthly', brlLimit: '1000' });
    const key = await kit.apiKey(owner);
    const { gatewayUsageLogs, budgetReservations } = kit.server.app.db.t;
    // The usage write fails twice first, so it is still being retried when the answer is out.
    const faults = injectDatabaseFaults(kit.server.app, { clientId, count: 2, inserting: gatewayUsageLogs });
    const response = await fetch(`${kit.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'até amanhã' }] }),
    });
    expect(response.status).toBe(200);
    // The call's budget reservation is still held: its settlement has not committed yet.
    const reservations = () =>
      kit!.server.app.db.tenant(clientId, (tx) => tx.select().from(budgetReservations).where(eq(budgetReservations.clientId, clientId)));
    expect(await reservations()).toHaveLength(1);
    await kit.server.stop();
    faults.restore();
    expect(faults.thrown).toBe(2);

    const db = await openDatabase(kit.server.config.database);
    try {
      const logs = await db.tenant(clientId, (tx) => tx.select().from(gatewayUsageLogs).where(eq(gatewayUsageLogs.clientId, clientId)));
      expect(logs).toHaveLength(1);
      expect(logs[0]).toMatchObject({ modelName: 'shutdown-chat', errorDetails: null });
      const reserved = await db.tenant(clientId, (tx) => tx.select().from(budgetReservations).where(eq(budgetReservations.clientId, clientId)));
      expect(reserved).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
