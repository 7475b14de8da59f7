// A budget reservation belongs to the process that made it and lives while that process renews
// its lease: when the process dies mid-call (no settlement ever comes), the reservation expires
// and the next look at the budget reclaims it, instead of holding the budget until the period
// resets; a long call of a process that is alive keeps its reservation however long it runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { wireFeatures } from '#server/app/wireFeatures.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';
import { gatewayTuning } from '../gateway/gatewayTuning.js';
import { getGateway } from '../gateway/getGateway.js';
import { budgetClock } from './budgetClock.js';
import { reservationLeases } from './reservationLeases.js';

describe.each(DATABASE_KINDS)('budget reservations left by a dead process, on %s', (kind) => {
  let kit: GatewayKit;
  let model: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    model = await kit.addModel({ modelName: 'lease-chat', input: '1', output: '2', maxOutputTokens: 2_000 });
    reservationLeases(kit.server.app).heartbeatMs = 50;
  });
  afterAll(() => kit?.dispose());

  const app = () => kit.server.app;
  /** A client whose whole budget (1,000 tokens) one call with max_tokens 1,000 reserves. */
  async function tenantWithFullBudgetCall() {
    const { clientId, owner } = await kit.makeTenant();
    await kit.admin.caller.budgets.setClientBudget({
      clientId,
      inheritsFromPlan: false,
      budgetType: 'tokens',
      budgetPeriod: 'monthly',
      tokenLimit: 1_000,
      pauseAtLimit: false,
    });
    return { clientId, owner, key: await kit.apiKey(owner) };
  }
  const budget = (owner: Awaited<ReturnType<typeof kit.makeTenant>>['owner']) => owner.caller.budgets.get();
  const ask = (key: string, content: string) =>
    fetch(`${kit.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, max_tokens: 1_000, messages: [{ role: 'user', content }] }),
    });
  const reservationRows = async (clientId: string) => {
    const { budgetReservations } = app().db.t;
    return app().db.tenant(clientId, (tx) => tx.select().from(budgetReservations).where(eq(budgetReservations.clientId, clientId)));
  };

  it('reclaims the reservation of a process that died mid-call once its lease runs out, and never gives it back twice', async () => {
    const { clientId, owner, key } = await tenantWithFullBudgetCall();
    // Another server process on the same database (its own instance id, heartbeat and call queue).
    const other: AppContext = { ...app() };
    wireFeatures(other); // as createAppContext does in every process
    Object.assign(gatewayTuning(other), { requestTimeoutMs: 30_000, totalDeadlineMs: 60_000, stateTtlMs: 0 });
    kit.fake.script('lease-chat', [{ kind: 'timeout' }]);
    const abort = new AbortController();
    const stuck = getGateway(other)
      .chat({ clientId, model, cache: false, signal: abort.signal, params: { messages: [{ role: 'user', content: 'pendurada' }], max_tokens: 1_000 } })
      .then(
        () => 'answered',
        () => 'failed',
      );
    await expect.poll(async () => (await budget(owner))!.reservedTokens).toBe(1_000);
    expect((await reservationRows(clientId)).map((row) => row.owner)).toEqual([reservationLeases(other).owner]);

    // The process dies: no heartbeat from now on, and no settlement will ever come.
    reservationLeases(other).stop();
    const refused = await ask(key, 'antes de expirar');
    expect(refused.status).toBe(429); // its lease has not run out yet: the budget is still taken

    const clock = budgetClock(app());
    const realNow = clock.now;
    clock.now = () => new Date(Date.now() + reservationLeases(app()).leaseMs + 5_000);
    try {
      expect((await budget(owner))!.reservedTokens).toBe(0); // looking at the budget reclaims it
      expect(await reservationRows(clientId)).toEqual([]);
      const answered = await ask(key, 'depois de expirar');
      expect(answered.status).toBe(200);
    } finally {
      clock.now = realNow;
    }
    const spent = (await budget(owner))!;
    expect(spent.reservedTokens).toBe(0);
    expect(spent.currentTokens).toBeGreaterThan(0);

    // The "dead" call finally ends (here: cancelled); its settlement must not give the budget back again.
    abort.abort();
    expect(await stuck).toBe('failed');
    const after = (await budget(owner))!;
    expect(after.reservedTokens).toBe(0);
    expect(after.currentTokens).toBe(spent.currentTokens);
  });

  it('keeps the reservation of a long call while its process is alive, however long past the lease it runs', async () => {
    const { clientId, owner, key } = await tenantWithFullBudgetCall();
    kit.fake.script('lease-chat', [{ kind: 'ok', latencyMs: 1_200 }]);
    const long = ask(key, 'resposta demorada');
    await expect.poll(async () => (await budget(owner))!.reservedTokens).toBe(1_000);

    const clock = budgetClock(app());
    const realNow = clock.now;
    const later = Date.now() + reservationLeases(app()).leaseMs + 5_000;
    clock.now = () => new Date(later);
    try {
      // The owner is alive: its heartbeat renews the lease past the moved clock.
      await expect.poll(async () => (await reservationRows(clientId))[0]?.expiresAt.getTime() ?? 0).toBeGreaterThan(later);
      expect((await budget(owner))!.reservedTokens).toBe(1_000);
      expect((await ask(key, 'outra pergunta')).status).toBe(429);
    } finally {
      clock.now = realNow;
    }
    expect((await long).status).toBe(200);
    const settled = (await budget(owner))!;
    expect(settled.reservedTokens).toBe(0);
    expect(settled.currentTokens).toBeGreaterThan(0);
    expect(await reservationRows(clientId)).toEqual([]);
    expect(reservationLeases(app()).held).toBe(0);
  });
});
