// The budget-alert webhook under the outbound address policy (server/net): a loopback, private or
// reserved URL is refused with a 400 when saved (both places an admin can save it), a URL that
// reaches such an address anyway (saved before, or DNS changed since) gets no request at delivery,
// and a redirect is never followed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';
import { getGateway } from '../gateway/getGateway.js';
import { alertSettings } from './alertSettings.js';
import { jobsSettled } from '#server/jobs/index.js';

type Recorder = { url: string; hits: string[]; close(): Promise<void> };

async function listen(answer: (response: http.ServerResponse) => void): Promise<Recorder> {
  const hits: string[] = [];
  const server = http.createServer((request, response) => {
    hits.push(`${request.method} ${request.url}`);
    request.resume();
    answer(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.each(DATABASE_KINDS)('budget-alert webhook address policy on %s', (kind) => {
  let kit: GatewayKit;
  let model: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    Object.assign(alertSettings(kit.server.app), { smtpUrl: null, attempts: 2, backoffMs: 10 });
    model = await kit.addModel({ modelName: 'policy-model', input: '1000', output: '2000', maxOutputTokens: 1_000 });
  });
  afterAll(async () => {
    kit.server.app.config.allowPrivateNetwork = false;
    await kit?.dispose();
  });

  it('refuses a loopback, private or reserved webhook URL when it is saved, with a clear 400', async () => {
    expect(kit.server.config.allowPrivateNetwork).toBe(false);
    const { owner } = await kit.makeTenant();
    for (const url of [
      'http://127.0.0.1:9/alerts',
      'http://localhost:8080/alerts',
      'http://169.254.169.254/latest',
      'http://[::1]/x',
      'http://10.1.2.3/x',
      'https://198.18.0.1/x',
      'http://[::ffff:7f00:1]/x',
    ]) {
      await expect(owner.caller.budgets.setNotifications({ notificationWebhookUrl: url }), url).rejects.toMatchObject({
        code: 'BAD_REQUEST',
        message: expect.stringMatching(/notification webhook cannot be used: .*not allowed/),
      });
      await expect(owner.caller.clients.updateSettings({ notificationWebhookUrl: url }), url).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    }
    await expect(owner.caller.budgets.setNotifications({ notificationWebhookUrl: 'https://8.8.8.8/alerts' })).resolves.toEqual({ ok: true });
    await expect(owner.caller.budgets.setNotifications({ notificationWebhookUrl: null })).resolves.toEqual({ ok: true });
  });

  it('sends nothing to a private address at delivery and never follows a redirect', async () => {
    const internal = await listen((response) => response.writeHead(204).end());
    const redirecting = await listen((response) => response.writeHead(307, { location: `${internal.url}/redirected` }).end());
    try {
      const { clientId, owner } = await kit.makeTenant();
      const { clients, clientBudgets, executionLogs } = kit.server.app.db.t;
      // A URL stored before the policy (or whose name now resolves to loopback).
      await kit.server.app.db.tenant(clientId, (tx) =>
        tx
          .update(clients)
          .set({ notificationWebhookUrl: `${internal.url}/alerts` })
          .where(eq(clients.id, clientId)),
      );
      const chat = () => getGateway(kit.server.app).chat({ clientId, model, cache: false, params: { messages: [{ role: 'user', content: 'x' }] } });
      const perCall = (await chat()).usage.totalTokens;
      await kit.admin.caller.budgets.setClientBudget({
        clientId,
        inheritsFromPlan: false,
        budgetType: 'tokens',
        budgetPeriod: 'monthly',
        tokenLimit: perCall * 100,
        pauseAtLimit: false,
      });
      const setUsed = (calls: number) =>
        kit.server.app.db.tenant(clientId, (tx) =>
          tx
            .update(clientBudgets)
            .set({ currentTokens: perCall * calls })
            .where(eq(clientBudgets.clientId, clientId)),
        );
      const deliveries = async () => {
        await jobsSettled(kit.server.app.db, ['budget.alert']);
        return kit.server.app.db.tenant(clientId, (tx) =>
          tx
            .select()
            .from(executionLogs)
            .where(and(eq(executionLogs.clientId, clientId), eq(executionLogs.nodeName, 'budget_alert'))),
        );
      };

      await setUsed(79);
      await chat(); // crosses 80 %
      const [refused] = await deliveries();
      expect(internal.hits).toEqual([]);
      expect(refused).toMatchObject({ status: 'error', errorDetails: { message: expect.stringMatching(/not allowed/) } });

      // Loopback allowed (a local setup), but the 307 to elsewhere is not followed.
      kit.server.app.config.allowPrivateNetwork = true;
      await owner.caller.budgets.setNotifications({ notificationWebhookUrl: `${redirecting.url}/alerts` });
      await setUsed(89);
      await chat(); // crosses 90 %
      const logs = await deliveries();
      expect(redirecting.hits).toEqual(['POST /alerts', 'POST /alerts']);
      expect(internal.hits).toEqual([]);
      expect(logs.find((log) => log.executionId.endsWith('-90'))).toMatchObject({ status: 'error', errorDetails: { message: 'webhook answered 307' } });
    } finally {
      kit.server.app.config.allowPrivateNetwork = false;
      await internal.close();
      await redirecting.close();
    }
  });
});
