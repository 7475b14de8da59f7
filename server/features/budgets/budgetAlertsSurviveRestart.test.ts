// Budget alerts are durable jobs: a spend that crosses a threshold on a server that dies before
// delivering is delivered by the next server on the same database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { createServer, type UzzServer } from '#server/app/createServer.js';
import { startFakeSmtpServer, type FakeSmtpServer } from '#server/dev/fakeSmtpServer.js';
import { jobsSettled } from '#server/jobs/index.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';
import { getGateway } from '../gateway/getGateway.js';
import { alertSettings } from './alertSettings.js';

describe.each(DATABASE_KINDS)('budget alerts across a restart on %s', (kind) => {
  let kit: GatewayKit;
  let smtp: FakeSmtpServer;
  let model: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    smtp = await startFakeSmtpServer({ username: 'alerts', password: 'smtp-pass' });
    Object.assign(alertSettings(kit.server.app), { smtpUrl: smtp.url, attempts: 3, backoffMs: 20 });
    model = await kit.addModel({ modelName: 'restart-model', input: '1000', output: '2000', maxOutputTokens: 1_000 });
  });
  afterAll(async () => {
    await kit?.dispose();
    await smtp?.close();
  });

  it('an alert enqueued by a server that stopped before delivering it is delivered by the next one', async () => {
    const { app } = kit.server;
    const { clientId, owner } = await kit.makeTenant();
    await owner.caller.budgets.setNotifications({ notificationEmail: 'financeiro@example.test' });
    const chat = () => getGateway(app).chat({ clientId, model, cache: false, params: { messages: [{ role: 'user', content: 'x' }] } });
    const perCall = (await chat()).usage.totalTokens;
    await kit.admin.caller.budgets.setClientBudget({
      clientId,
      inheritsFromPlan: false,
      budgetType: 'tokens',
      budgetPeriod: 'monthly',
      tokenLimit: perCall * 100,
      pauseAtLimit: false,
    });
    await app.db.tenant(clientId, (tx) =>
      tx
        .update(app.db.t.clientBudgets)
        .set({ currentTokens: perCall * 79 })
        .where(eq(app.db.t.clientBudgets.clientId, clientId)),
    );

    // This server's runner is gone (as in a crash) before the spend crosses 80 %.
    await app.jobs.stop();
    await chat();
    const { jobs } = app.db.t;
    const queued = await app.db.system((tx) =>
      tx
        .select()
        .from(jobs)
        .where(and(eq(jobs.clientId, clientId), eq(jobs.type, 'budget.alert.email'))),
    );
    expect(queued).toMatchObject([{ status: 'queued', attempts: 0 }]);
    expect(smtp.messages.filter((mail) => mail.to.includes('financeiro@example.test'))).toEqual([]);

    const previousSmtpUrl = process.env.SMTP_URL;
    process.env.SMTP_URL = smtp.url; // the next server's settings come from its environment
    let next: UzzServer | null = null;
    try {
      next = await createServer(kit.server.config, { logger: false });
      await next.start();
      await jobsSettled(next.app.db, ['budget.alert']);
      const mails = smtp.messages.filter((mail) => mail.to.includes('financeiro@example.test'));
      expect(mails.map((mail) => mail.subject)).toEqual([expect.stringContaining('80% do orçamento')]);
      const [done] = await next.app.db.system((tx) => tx.select().from(jobs).where(eq(jobs.id, queued[0]!.id)));
      expect(done).toMatchObject({ status: 'done', attempts: 1 });
    } finally {
      if (previousSmtpUrl === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previousSmtpUrl;
      await next?.stop();
    }
  });
});
