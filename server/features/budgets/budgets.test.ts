import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { createServer, type UzzServer } from '#server/app/createServer.js';
import { startFakeSmtpServer, type FakeSmtpServer } from '#server/dev/fakeSmtpServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';
import { getGateway } from '../gateway/getGateway.js';
import { dec } from '../gateway/money.js';
import { alertSettings } from './alertSettings.js';
import { budgetClock } from './budgetClock.js';
import { jobsSettled } from '#server/jobs/index.js';

describe.each(DATABASE_KINDS)('budgets on %s', (kind) => {
  let kit: GatewayKit;
  let smtp: FakeSmtpServer;
  let model: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    smtp = await startFakeSmtpServer({ username: 'alerts', password: 'smtp-pass' });
    Object.assign(alertSettings(kit.server.app), { smtpUrl: smtp.url, attempts: 4, backoffMs: 20 });
    // The alert webhook below listens on loopback (budgetWebhookPolicy.test.ts covers the refusal).
    kit.server.app.config.allowPrivateNetwork = true;
    // Expensive on purpose so a few calls move the budget: 1000 USD/M input, 2000 USD/M output.
    model = await kit.addModel({ modelName: 'budget-model', input: '1000', output: '2000', maxOutputTokens: 1_000 });
  });
  afterAll(async () => {
    budgetClock(kit.server.app).now = () => new Date();
    await kit?.dispose();
    await smtp?.close();
  });

  const chat = (clientId: string, text: string) =>
    getGateway(kit.server.app).chat({ clientId, model, cache: false, params: { messages: [{ role: 'user', content: text }] } });

  it('a client inherits its plan budget until it gets its own, and editing the plan reaches it', async () => {
    await kit.admin.caller.budgets.plans.upsert({ planName: 'pro', budgetType: 'brl', budgetPeriod: 'monthly', brlLimit: '100' });
    const { clientId, owner } = await kit.makeTenant({ plan: 'pro' });
    expect(await owner.caller.budgets.get()).toMatchObject({ inheritsFromPlan: true, plan: 'pro', type: 'brl', brlLimit: '100.0000000000' });
    await kit.admin.caller.budgets.plans.upsert({ planName: 'pro', budgetType: 'both', budgetPeriod: 'weekly', brlLimit: '150', tokenLimit: 50_000 });
    expect(await owner.caller.budgets.get()).toMatchObject({ type: 'both', period: 'weekly', brlLimit: '150.0000000000', tokenLimit: 50_000 });
    await kit.admin.caller.budgets.setClientBudget({ clientId, inheritsFromPlan: false, budgetType: 'tokens', budgetPeriod: 'daily', tokenLimit: 1234 });
    expect(await owner.caller.budgets.get()).toMatchObject({ inheritsFromPlan: false, type: 'tokens', period: 'daily', tokenLimit: 1234, brlLimit: null });
    await expect(
      kit.admin.caller.budgets.setClientBudget({ clientId, inheritsFromPlan: false, budgetType: 'brl', budgetPeriod: 'daily' }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.caller.budgets.setClientBudget({ clientId, inheritsFromPlan: true })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("resets at calendar boundaries in the client's time zone", async () => {
    const clock = budgetClock(kit.server.app);
    try {
      const tokyo = await kit.makeTenant({ timezone: 'Asia/Tokyo' });
      await kit.admin.caller.budgets.setClientBudget({
        clientId: tokyo.clientId,
        inheritsFromPlan: false,
        budgetType: 'tokens',
        budgetPeriod: 'daily',
        tokenLimit: 100_000,
      });
      clock.now = () => new Date('2025-03-10T14:59:00Z'); // 23:59 in Tokyo
      await chat(tokyo.clientId, 'antes da meia-noite');
      const before = await tokyo.owner.caller.budgets.get();
      expect(before!.currentTokens).toBeGreaterThan(0);
      expect(before!.nextResetAt!.toISOString()).toBe('2025-03-10T15:00:00.000Z');
      clock.now = () => new Date('2025-03-10T15:00:01Z'); // 00:00:01 the next day in Tokyo
      const after = await tokyo.owner.caller.budgets.get();
      expect(after).toMatchObject({ currentTokens: 0, reservedTokens: 0 });
      expect([after!.lastResetAt!.toISOString(), after!.nextResetAt!.toISOString()]).toEqual(['2025-03-10T15:00:00.000Z', '2025-03-11T15:00:00.000Z']);

      const saoPaulo = await kit.makeTenant();
      await kit.admin.caller.budgets.setClientBudget({
        clientId: saoPaulo.clientId,
        inheritsFromPlan: false,
        budgetType: 'brl',
        budgetPeriod: 'monthly',
        brlLimit: '1000',
      });
      clock.now = () => new Date('2025-04-01T02:59:59Z'); // still 31 March in São Paulo (UTC−3)
      await chat(saoPaulo.clientId, 'fim do mês');
      const march = await saoPaulo.owner.caller.budgets.get();
      expect(dec(march!.currentBrl)).toBeGreaterThan(0n);
      expect(march!.nextResetAt!.toISOString()).toBe('2025-04-01T03:00:00.000Z');
      clock.now = () => new Date('2025-04-01T03:00:00Z');
      const april = await saoPaulo.owner.caller.budgets.get();
      expect(april!.currentBrl).toBe('0.0000000000');
      expect(april!.nextResetAt!.toISOString()).toBe('2025-05-01T03:00:00.000Z');

      await kit.admin.caller.budgets.setClientBudget({
        clientId: saoPaulo.clientId,
        inheritsFromPlan: false,
        budgetType: 'brl',
        budgetPeriod: 'weekly',
        brlLimit: '1000',
      });
      clock.now = () => new Date('2025-04-06T12:00:00Z'); // a Sunday
      const week = await saoPaulo.owner.caller.budgets.get();
      expect([week!.lastResetAt!.toISOString(), week!.nextResetAt!.toISOString()]).toEqual(['2025-03-31T03:00:00.000Z', '2025-04-07T03:00:00.000Z']);
    } finally {
      clock.now = () => new Date();
    }
  });

  it('alerts at 80, 90 and 100 % once each (e-mail and signed webhook, retried), pauses at the limit, and an admin lifts the pause', async () => {
    const received: Array<{ body: string; signature: string }> = [];
    let failuresLeft = 1;
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        if (failuresLeft-- > 0) return void res.writeHead(500).end();
        received.push({ body, signature: String(req.headers['x-uzz-signature']) });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const { clientId, owner } = await kit.makeTenant();
      await owner.caller.budgets.setNotifications({
        notificationEmail: 'financeiro@example.test',
        notificationWebhookUrl: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/alerts`,
      });
      smtp.refuseNext(1);
      const mailsBefore = smtp.messages.length;
      // Token budget sized from one call so the thresholds are crossed one at a time.
      const probe = await chat(clientId, 'x');
      const perCall = probe.usage.totalTokens;
      await kit.admin.caller.budgets.setClientBudget({
        clientId,
        inheritsFromPlan: false,
        budgetType: 'tokens',
        budgetPeriod: 'monthly',
        tokenLimit: perCall * 100,
        pauseAtLimit: true,
      });
      const { clientBudgets } = kit.server.app.db.t;
      await kit.server.app.db.tenant(clientId, (tx) =>
        tx
          .update(clientBudgets)
          .set({ currentTokens: perCall * 75 })
          .where(eq(clientBudgets.clientId, clientId)),
      );
      // Calls go through until the next one's worst case (its prompt counted as an upper bound) no
      // longer fits: the limit is reached, the 100 % alert fires and pause_at_limit stops the bot.
      let calls = 0;
      let refusal: unknown = null;
      while (calls < 40 && !refusal) {
        await chat(clientId, 'x').then(
          () => calls++,
          (error: unknown) => (refusal = error),
        );
      }
      expect(calls).toBeGreaterThanOrEqual(15);
      expect(refusal).toMatchObject({ kind: 'budget_exceeded' });
      await expect(chat(clientId, 'x')).rejects.toMatchObject({ kind: 'budget_paused' });
      await expect(chat(clientId, 'x')).rejects.toMatchObject({ kind: 'budget_paused' });
      await jobsSettled(kit.server.app.db, ['budget.alert']);

      const mails = smtp.messages.slice(mailsBefore);
      expect(mails.map((mail) => mail.subject).sort()).toEqual(
        [
          expect.stringContaining('80% do orçamento'),
          expect.stringContaining('90% do orçamento'),
          expect.stringContaining('orçamento de IA esgotado (bot pausado)'),
        ].sort() as never,
      );
      expect(mails.every((mail) => mail.to.includes('financeiro@example.test'))).toBe(true);
      const { key } = await owner.caller.budgets.webhookSigningKey();
      expect(received.map((item) => JSON.parse(item.body).data.threshold).sort()).toEqual([100, 80, 90]);
      for (const item of received) {
        const [t, v1] = item.signature.split(',').map((part) => part.split('=')[1]);
        expect(v1).toBe(createHmac('sha256', key).update(`${t}.${item.body}`).digest('hex'));
      }
      const budget = await owner.caller.budgets.get();
      expect(budget).toMatchObject({ isPaused: true, currentTokens: perCall * (75 + calls), reservedTokens: 0 });
      expect(budget!.currentTokens).toBeLessThanOrEqual(perCall * 100);
      expect(Object.keys(budget!.alertsSent).sort()).toEqual(['100', '80', '90']);

      const agent = await kit.server.signIn({ clientId, role: 'agent' });
      await expect(agent.caller.budgets.resume()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await owner.caller.budgets.resume();
      await kit.admin.caller.budgets.setClientBudget({
        clientId,
        inheritsFromPlan: false,
        budgetType: 'tokens',
        budgetPeriod: 'monthly',
        tokenLimit: perCall * 200,
        pauseAtLimit: true,
      });
      await expect(chat(clientId, 'x')).resolves.toMatchObject({ wasCached: false });
      await jobsSettled(kit.server.app.db, ['budget.alert']);
      expect(smtp.messages.length - mailsBefore).toBe(3); // nothing fires twice in the period
    } finally {
      hook.close();
    }
  });

  it('never spends more than the limit under 200 simultaneous calls (two server instances on PostgreSQL)', async () => {
    const { clientId, owner } = await kit.makeTenant();
    await kit.admin.caller.budgets.setClientBudget({ clientId, inheritsFromPlan: false, budgetType: 'brl', budgetPeriod: 'monthly', brlLimit: '10' });
    const { clientBudgets, gatewayUsageLogs } = kit.server.app.db.t;
    await kit.server.app.db.tenant(clientId, (tx) => tx.update(clientBudgets).set({ currentBrl: '8' }).where(eq(clientBudgets.clientId, clientId)));
    const key = await kit.apiKey(owner);
    let second: UzzServer | null = null;
    const urls = [kit.server.url];
    if (kind === 'pg') {
      second = await createServer(kit.server.config, { logger: false });
      urls.push(await second.start());
    }
    try {
      const statuses = await Promise.all(
        Array.from({ length: 200 }, (_, index) =>
          fetch(`${urls[index % urls.length]}/v1/chat/completions`, {
            method: 'POST',
            headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
            body: JSON.stringify({ model, messages: [{ role: 'user', content: `pergunta número ${index} sobre o pedido` }] }),
          }).then(async (response) => ({ status: response.status, body: await response.json() })),
        ),
      );
      const unexpected = statuses.filter((item) => item.status !== 200 && !(item.status === 429 && item.body.error.type === 'insufficient_quota'));
      expect(unexpected).toEqual([]);
      const ok = statuses.filter((item) => item.status === 200).length;
      const refused = statuses.filter((item) => item.status === 429 && item.body.error.type === 'insufficient_quota').length;
      expect(ok).toBeGreaterThan(0);
      expect(refused).toBeGreaterThan(0);
      expect(ok + refused).toBe(200);
      const budget = await owner.caller.budgets.get();
      expect(dec(budget!.currentBrl)).toBeLessThanOrEqual(dec('10'));
      expect(budget).toMatchObject({ reservedBrl: '0.0000000000', reservedTokens: 0 });
      const logs = await kit.server.app.db.tenant(clientId, (tx) =>
        tx.select({ brl: gatewayUsageLogs.costBrl }).from(gatewayUsageLogs).where(eq(gatewayUsageLogs.clientId, clientId)),
      );
      const spent = logs.reduce((sum, row) => sum + dec(row.brl), 0n);
      expect(dec('8') + spent).toBe(dec(budget!.currentBrl));
      expect(dec('8') + spent).toBeLessThanOrEqual(dec('10'));
    } finally {
      await second?.stop();
    }
  });
});
