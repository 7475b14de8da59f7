// The review's case: two instances on one PostgreSQL database, the budget exhausted, customers
// writing at once. Each customer gets the pause message exactly once and is handed over, also
// when queueing that message fails on either instance (the hand-off is one transaction, retried).
import { and, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { metaJson, signedPost } from '#server/dev/fakeGraph/signedPost.js';
import { startFakeModelServer } from '#server/dev/fakeModelServer.js';
import { injectDatabaseFaults } from '#server/testing/injectDatabaseFaults.js';
import { startTestServer } from '#server/testing/testServer.js';
import { gatewayTuning } from '../gateway/gatewayTuning.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { APP_SECRET, startWhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { waitForInboxDrained } from '../whatsapp/inbox/waitForInboxDrained.js';
import { waitForOutboxDrained } from '../whatsapp/outbox/waitForOutboxDrained.js';
import { registerRetrievalHook } from './retrievalHook.js';

const PAUSED = 'Nosso limite do mês acabou; uma pessoa continua daqui.';

describe('budget exhausted with two instances on PostgreSQL', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const step of cleanup.reverse()) await step();
  }, 60_000);

  it('gives every customer the pause message exactly once and hands each over, though queueing fails on both instances', async () => {
    const fake = await startFakeModelServer();
    cleanup.push(() => fake.close());
    const providers = { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl };
    const first = await startWhatsAppKit('pg', { providers });
    cleanup.push(() => first.dispose());
    const second = await startTestServer('pg', {
      database: first.server.config.database,
      masterKey: first.server.config.masterKey,
      whatsapp: first.server.config.whatsapp,
      providers,
    });
    cleanup.push(() => second.dispose()); // reversed: the second instance stops before the first drops the database
    const apps = [first.server.app, second.app];
    let replying = false;
    for (const app of apps) {
      Object.assign(gatewayTuning(app), { requestTimeoutMs: 1_000, stateTtlMs: 0 });
      registerRetrievalHook(app, async () => {
        replying = true;
        return [];
      });
    }
    const admin = await first.server.signIn({ clientId: null, platformAdmin: true });
    await admin.caller.gateway.registry.upsert({
      provider: 'openai',
      modelName: 'pause-main',
      contextWindow: 100_000,
      maxOutputTokens: 500,
      inputPricePerMillion: '1',
      outputPricePerMillion: '1',
    });
    await admin.caller.gateway.config.update({ defaultModel: 'openai/pause-main', fallbackChain: [], openaiApiKey: 'sk-platform-openai' });

    const client = await first.newClient();
    const db = first.server.app.db;
    const { botConfigurations, clientBudgets, conversations } = db.t;
    await db.tenant(client.id, (tx) =>
      tx.insert(botConfigurations).values({ clientId: client.id, configKey: 'budget.pause_message', configValue: PAUSED as never }),
    );
    await admin.caller.budgets.setClientBudget({
      clientId: client.id,
      inheritsFromPlan: false,
      budgetType: 'brl',
      budgetPeriod: 'monthly',
      brlLimit: '1',
      pauseAtLimit: true,
    });
    await db.tenant(client.id, (tx) => tx.update(clientBudgets).set({ isPaused: true }).where(eq(clientBudgets.clientId, client.id)));

    const faults = apps.map((app) => injectDatabaseFaults(app, { clientId: client.id, count: 4, inserting: app.db.t.messages, when: () => replying }));
    const phones = Array.from({ length: 20 }, (_, index) => `55119777${String(index).padStart(3, '0')}00`);
    const urls = [first.webhookUrl, `${second.url}/webhooks/whatsapp`];
    try {
      await Promise.all(
        phones.map((phone, index) =>
          signedPost(
            urls[index % 2]!,
            metaJson(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'oi')] })),
            APP_SECRET,
          ),
        ),
      );
      for (let round = 0; round < 2; round++) {
        await waitForInboxDrained(first.server.app, { timeoutMs: 30_000 });
        await waitForOutboxDrained(first.server.app, { timeoutMs: 30_000 });
        await waitForOutboxDrained(second.app, { timeoutMs: 30_000 });
      }
    } finally {
      for (const injected of faults) injected.restore();
    }
    expect(faults.reduce((sum, injected) => sum + injected.thrown, 0)).toBeGreaterThan(0);
    for (const phone of phones) {
      expect(
        first.graph.sent.filter((sent) => sent.to === phone).map((sent) => (sent.body.text as { body: string }).body),
        phone,
      ).toEqual([PAUSED]);
      const [conversation] = await db.tenant(client.id, (tx) =>
        tx
          .select()
          .from(conversations)
          .where(and(eq(conversations.clientId, client.id), eq(conversations.phone, phone))),
      );
      expect(conversation!.status, phone).toBe('transferido');
    }
    expect(fake.requests).toHaveLength(0);
  }, 120_000);
});
