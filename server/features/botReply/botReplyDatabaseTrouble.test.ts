// Database trouble while answering a customer (a squeezed PostgreSQL pool, a busy SQLite file) is
// retried, never mistaken for a model failure and never ends in silence: the customer gets the AI
// answer exactly once, without the apology, and a model answer already obtained is not paid for
// twice. A budget hand-off queues its message in the transaction that hands the chat over.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { injectDatabaseFaults, type DatabaseFaultOptions } from '#server/testing/injectDatabaseFaults.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { gatewayTuning } from '../gateway/gatewayTuning.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { registerRetrievalHook } from './retrievalHook.js';

const APOLOGY = 'Desculpe, um atendente vai continuar.';
const PAUSED = 'Limite atingido, um humano continua daqui.';

describe.each(DATABASE_KINDS)("the bot's AI reply when the database is in trouble, on %s", (kind) => {
  let kit: WhatsAppKit;
  let fake: FakeModelServer;
  let admin: SignedIn;
  /** Set by the retrieval hook: the reply has started (retrieval runs just before the model is asked). */
  let replying = false;
  beforeAll(async () => {
    fake = await startFakeModelServer();
    kit = await startWhatsAppKit(kind, { providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl } });
    Object.assign(gatewayTuning(kit.server.app), { requestTimeoutMs: 1_000, backoffBaseMs: 5, backoffMaxMs: 20, stateTtlMs: 0 });
    admin = await kit.server.signIn({ clientId: null, platformAdmin: true });
    await admin.caller.gateway.registry.upsert({
      provider: 'openai',
      modelName: 'db-main',
      contextWindow: 100_000,
      maxOutputTokens: 500,
      inputPricePerMillion: '1',
      outputPricePerMillion: '1',
    });
    await admin.caller.gateway.config.update({ defaultModel: 'openai/db-main', fallbackChain: [], openaiApiKey: 'sk-platform-openai' });
    registerRetrievalHook(kit.server.app, async () => {
      replying = true;
      return [];
    });
  });
  beforeEach(() => {
    fake.reset();
    replying = false;
  });
  afterAll(async () => {
    await kit?.dispose();
    await fake?.close();
  });

  const db = () => kit.server.app.db;
  async function setUp() {
    const client = await kit.newClient();
    const { botConfigurations } = db().t;
    await db().tenant(client.id, (tx) =>
      tx.insert(botConfigurations).values([
        { clientId: client.id, configKey: 'ai.failure_message', configValue: APOLOGY as never },
        { clientId: client.id, configKey: 'budget.pause_message', configValue: PAUSED as never },
      ]),
    );
    return client;
  }
  async function say(client: { phoneNumberId: string }, from: string, text: string) {
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from)], messages: [inbound.text(from, text)] }));
  }
  const settle = async (clientId: string) => {
    await kit.settle();
    // Settled means nothing is left behind a retry's backoff either.
    const { webhookInbox } = db().t;
    const left = await db().system((tx) =>
      tx
        .select()
        .from(webhookInbox)
        .where(and(eq(webhookInbox.clientId, clientId), eq(webhookInbox.state, 'failed'))),
    );
    expect(left).toEqual([]);
  };
  const sentTo = (to: string) => kit.graph.sent.filter((message) => message.to === to).map((message) => (message.body.text as { body: string }).body);
  const statusOf = async (clientId: string, phone: string) => {
    const { conversations } = db().t;
    const [row] = await db().tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!.status;
  };
  const history = async (clientId: string, phone: string) => {
    const { n8nChatHistories } = db().t;
    const rows = await db().tenant(clientId, (tx) =>
      tx
        .select()
        .from(n8nChatHistories)
        .where(and(eq(n8nChatHistories.clientId, clientId), eq(n8nChatHistories.sessionId, phone)))
        .orderBy(asc(n8nChatHistories.id)),
    );
    return rows.map((row) => row.message.type);
  };
  async function withFaults<T>(options: DatabaseFaultOptions, body: () => Promise<T>) {
    const faults = injectDatabaseFaults(kit.server.app, options);
    try {
      await body();
    } finally {
      faults.restore();
    }
    return faults;
  }

  it('the reply cannot be queued: retried with the answer already given, sent once, no apology, the model asked once', async () => {
    const client = await setUp();
    const phone = '5511966660001';
    const faults = await withFaults(
      { clientId: client.id, count: 2, inserting: db().t.messages, when: () => fake.requestsFor('db-main').length > 0 },
      async () => {
        await say(client, phone, 'qual o preço do bolo?');
        await settle(client.id);
      },
    );
    expect(faults.thrown).toBe(2);
    expect(sentTo(phone)).toEqual(['Resposta de db-main: qual o preço do bolo?']);
    expect(fake.requestsFor('db-main')).toHaveLength(1);
    expect(await statusOf(client.id, phone)).toBe('bot');
    expect(await history(client.id, phone)).toEqual(['human', 'ai']);
  });

  it('the answer cannot be stored after the greeting was queued: the retry still answers, the greeting goes once', async () => {
    const client = await setUp();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    await owner.caller.bot.updateSettings({ greeting: 'Olá! Bem-vindo.' });
    const phone = '5511966660005';
    // Only the answer's transaction writes the chat memory; the greeting's own one commits first.
    const faults = await withFaults({ clientId: client.id, count: 1, inserting: db().t.n8nChatHistories }, async () => {
      await say(client, phone, 'vocês entregam hoje?');
      await settle(client.id);
    });
    expect(faults.thrown).toBe(1);
    expect(sentTo(phone)).toEqual(['Olá! Bem-vindo.', 'Resposta de db-main: vocês entregam hoje?']);
    expect(fake.requestsFor('db-main')).toHaveLength(1);
    expect(await history(client.id, phone)).toEqual(['human', 'ai']);
  });

  it('the usage cannot be written after the model answered: the answer is still sent and the usage is recorded later', async () => {
    const client = await setUp();
    const phone = '5511966660002';
    const { gatewayUsageLogs, clientBudgets } = db().t;
    await admin.caller.budgets.setClientBudget({
      clientId: client.id,
      inheritsFromPlan: false,
      budgetType: 'brl',
      budgetPeriod: 'monthly',
      brlLimit: '10',
      pauseAtLimit: true,
    });
    // More failures than the gateway retries at once: the rest of its bookkeeping goes on in the background.
    const faults = await withFaults(
      { clientId: client.id, count: 6, inserting: gatewayUsageLogs, when: () => fake.requestsFor('db-main').length > 0 },
      async () => {
        await say(client, phone, 'vocês entregam?');
        await settle(client.id);
        await expect
          .poll(async () => (await db().tenant(client.id, (tx) => tx.select().from(gatewayUsageLogs).where(eq(gatewayUsageLogs.clientId, client.id)))).length, {
            timeout: 15_000,
          })
          .toBe(1);
      },
    );
    expect(faults.thrown).toBe(6);
    expect(sentTo(phone)).toEqual(['Resposta de db-main: vocês entregam?']);
    expect(fake.requestsFor('db-main')).toHaveLength(1);
    expect(await statusOf(client.id, phone)).toBe('bot');
    const [budget] = await db().tenant(client.id, (tx) => tx.select().from(clientBudgets).where(eq(clientBudgets.clientId, client.id)));
    expect(budget!.reservedTokens).toBe(0);
    expect(budget!.currentTokens).toBeGreaterThan(0);
  });

  it('the gateway cannot admit the call: retried, answered once, never the apology', async () => {
    const client = await setUp();
    const phone = '5511966660003';
    // Every transaction of the reply fails for a moment once it has started (step logs, the budget reservation).
    const faults = await withFaults({ clientId: client.id, count: 3, at: 'start', when: () => replying }, async () => {
      await say(client, phone, 'tem pão sem glúten?');
      await settle(client.id);
    });
    expect(faults.thrown).toBe(3);
    expect(sentTo(phone)).toEqual(['Resposta de db-main: tem pão sem glúten?']);
    expect(fake.requestsFor('db-main')).toHaveLength(1);
    expect(await statusOf(client.id, phone)).toBe('bot');
  });

  it('budget exhausted: every customer gets the pause message exactly once and is handed over, even when queueing it fails', async () => {
    const client = await setUp();
    await admin.caller.budgets.setClientBudget({
      clientId: client.id,
      inheritsFromPlan: false,
      budgetType: 'brl',
      budgetPeriod: 'monthly',
      brlLimit: '10',
      pauseAtLimit: true,
    });
    const { clientBudgets } = db().t;
    await db().tenant(client.id, (tx) => tx.update(clientBudgets).set({ isPaused: true }).where(eq(clientBudgets.clientId, client.id)));
    const phones = Array.from({ length: 6 }, (_, index) => `55119666602${index}0`);
    const faults = await withFaults({ clientId: client.id, count: 3, inserting: db().t.messages, when: () => replying }, async () => {
      for (const phone of phones) await say(client, phone, 'oi');
      await settle(client.id);
    });
    expect(faults.thrown).toBe(3);
    for (const phone of phones) {
      expect(sentTo(phone)).toEqual([PAUSED]);
      expect(await statusOf(client.id, phone)).toBe('transferido');
      expect(await history(client.id, phone)).toEqual(['human']);
    }
    expect(fake.requests).toHaveLength(0);
  });
});
