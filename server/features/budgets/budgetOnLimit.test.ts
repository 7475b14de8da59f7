import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startFakeSmtpServer, type FakeSmtpServer } from '#server/dev/fakeSmtpServer.js';
import { jobsSettled } from '#server/jobs/index.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';
import { getGateway } from '../gateway/getGateway.js';
import { alertSettings } from './alertSettings.js';
import { BUDGET_ALERT_EVENT } from './saveBudget.js';

describe.each(DATABASE_KINDS)('what a budget does at its limit on %s', (kind) => {
  let kit: GatewayKit;
  let smtp: FakeSmtpServer;
  let model: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    smtp = await startFakeSmtpServer({ username: 'alerts', password: 'smtp-pass' });
    Object.assign(alertSettings(kit.server.app), { smtpUrl: smtp.url, attempts: 3, backoffMs: 20 });
    model = await kit.addModel({ modelName: 'limit-model', input: '1000', output: '2000', maxOutputTokens: 1_000 });
  });
  afterAll(async () => {
    await kit?.dispose();
    await smtp?.close();
  });

  const chat = (clientId: string) => getGateway(kit.server.app).chat({ clientId, model, cache: false, params: { messages: [{ role: 'user', content: 'x' }] } });
  const setUsage = (clientId: string, values: { currentTokens?: number; currentBrl?: string }) => {
    const { clientBudgets } = kit.server.app.db.t;
    return kit.server.app.db.tenant(clientId, (tx) => tx.update(clientBudgets).set(values).where(eq(clientBudgets.clientId, clientId)));
  };

  it('alert only: past the limit the calls go on, the 100 % alert goes out once by e-mail and in the app, nothing pauses', async () => {
    const { clientId, owner } = await kit.makeTenant();
    await owner.caller.budgets.setNotifications({ notificationEmail: 'dono@example.test' });
    await kit.admin.caller.budgets.setClientBudget({
      clientId,
      inheritsFromPlan: false,
      budgetType: 'brl',
      budgetPeriod: 'monthly',
      brlLimit: '1.00',
      alertThreshold80: false,
      alertThreshold90: false,
      onLimit: 'alert',
      pauseAtLimit: true, // has no effect while at the limit the budget only alerts
    });
    await owner.caller.budgets.setNotifications({ alertInApp: true });
    const events: unknown[] = [];
    const unsubscribe = kit.server.app.events.subscribe(clientId, (event) => {
      if (event.type === BUDGET_ALERT_EVENT) events.push(event.payload);
    });
    try {
      const mailsBefore = smtp.messages.length;
      await setUsage(clientId, { currentBrl: '0.999' });
      for (let call = 0; call < 4; call++) await expect(chat(clientId)).resolves.toMatchObject({ wasCached: false });
      await jobsSettled(kit.server.app.db, ['budget.alert']);
      const budget = await owner.caller.budgets.get();
      expect(budget).toMatchObject({ onLimit: 'alert', pauseAtLimit: false, isPaused: false, alertInApp: true, reservedTokens: 0 });
      expect(Number(budget!.currentBrl)).toBeGreaterThan(1);
      expect(Object.keys(budget!.alertsSent)).toEqual(['100']);
      const mails = smtp.messages.slice(mailsBefore);
      expect(mails).toHaveLength(1);
      expect(mails[0]!.to).toContain('dono@example.test');
      expect(events).toEqual([expect.objectContaining({ clientId, threshold: 100, paused: false })]);
    } finally {
      unsubscribe();
    }
  });

  it('tokens mode counts tokens only: it pauses when the tokens run out, whatever the BRL spent', async () => {
    const { clientId, owner } = await kit.makeTenant();
    const probe = await chat(clientId);
    const perCall = probe.usage.totalTokens;
    await kit.admin.caller.budgets.setClientBudget({
      clientId,
      inheritsFromPlan: false,
      budgetType: 'tokens',
      budgetPeriod: 'monthly',
      tokenLimit: perCall * 100,
      brlLimit: '0.0001', // not a tokens budget's business
      pauseAtLimit: true,
    });
    await setUsage(clientId, { currentTokens: perCall * 75, currentBrl: '500' });
    let calls = 0;
    let refusal: unknown = null;
    while (calls < 40 && !refusal)
      await chat(clientId).then(
        () => calls++,
        (error: unknown) => (refusal = error),
      );
    expect(calls).toBeGreaterThanOrEqual(1);
    expect(refusal).toMatchObject({ kind: 'budget_exceeded' });
    await expect(chat(clientId)).rejects.toMatchObject({ kind: 'budget_paused' });
    expect(await owner.caller.budgets.get()).toMatchObject({ type: 'tokens', onLimit: 'pause', isPaused: true, brlLimit: null });
    const { clientBudgets } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) => tx.select().from(clientBudgets).where(eq(clientBudgets.clientId, clientId)));
    expect(row!.budgetMode).toBe('tokens');

    // BRL mode ignores tokens: the same usage of tokens does not stop it.
    await kit.admin.caller.budgets.setClientBudget({
      clientId,
      inheritsFromPlan: false,
      budgetType: 'brl',
      budgetPeriod: 'monthly',
      brlLimit: '100000',
      tokenLimit: 1,
    });
    await owner.caller.budgets.resume();
    await expect(chat(clientId)).resolves.toMatchObject({ wasCached: false });
  });

  it('the tenant sets where alerts go, the platform sets the limits; bad input is a readable 400', async () => {
    const { clientId, owner } = await kit.makeTenant();
    await expect(owner.caller.budgets.setNotifications({ alertInApp: false })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await expect(owner.caller.budgets.setNotifications({ notificationEmail: 'not-an-email' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('not a valid e-mail address'),
    });
    await expect(
      owner.caller.budgets.setClientBudget({ clientId, inheritsFromPlan: false, budgetType: 'brl', budgetPeriod: 'monthly', brlLimit: '5', onLimit: 'alert' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      kit.admin.caller.budgets.setClientBudget({
        clientId,
        inheritsFromPlan: false,
        budgetType: 'brl',
        budgetPeriod: 'monthly',
        brlLimit: '5',
        onLimit: 'stop' as never,
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('pauses or only alerts') });
    await kit.admin.caller.budgets.setClientBudget({
      clientId,
      inheritsFromPlan: false,
      budgetType: 'brl',
      budgetPeriod: 'monthly',
      brlLimit: '5',
      onLimit: 'alert',
    });
    await owner.caller.budgets.setNotifications({ alertInApp: false });
    expect(await owner.caller.budgets.get()).toMatchObject({ onLimit: 'alert', alertInApp: false });
    const audit = await owner.caller.audit.list({ resourceType: 'budgets', limit: 20 });
    expect(audit.items.map((row) => [row.action, row.status]).reverse()).toEqual([
      ['budgets.setNotifications', 'failure'],
      ['budgets.setNotifications', 'failure'],
      ['budgets.setClientBudget', 'failure'],
      ['budgets.setClientBudget', 'success'],
      ['budgets.setNotifications', 'success'],
    ]);
  });
});
