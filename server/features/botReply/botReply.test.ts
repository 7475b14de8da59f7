import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { gatewayTuning } from '../gateway/gatewayTuning.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { registerRetrievalHook } from './retrievalHook.js';

describe.each(DATABASE_KINDS)("the bot's AI reply on %s", (kind) => {
  let kit: WhatsAppKit;
  let fake: FakeModelServer;
  let admin: SignedIn;
  beforeAll(async () => {
    fake = await startFakeModelServer();
    kit = await startWhatsAppKit(kind, { providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl } });
    Object.assign(gatewayTuning(kit.server.app), { requestTimeoutMs: 1_000, backoffBaseMs: 5, backoffMaxMs: 20, stateTtlMs: 0 });
    admin = await kit.server.signIn({ clientId: null, platformAdmin: true });
    for (const [provider, modelName] of [
      ['openai', 'bot-main'],
      ['groq', 'bot-groq'],
      ['anthropic', 'bot-backup'],
    ] as const) {
      await admin.caller.gateway.registry.upsert({
        provider,
        modelName,
        contextWindow: 100_000,
        maxOutputTokens: 500,
        inputPricePerMillion: '1',
        outputPricePerMillion: '1',
      });
    }
    await admin.caller.gateway.config.update({
      defaultModel: 'openai/bot-main',
      fallbackChain: ['anthropic/bot-backup'],
      openaiApiKey: 'sk-platform-openai',
      groqApiKey: 'gsk-platform-groq',
      anthropicApiKey: 'sk-ant-platform',
    });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await kit?.dispose();
    await fake?.close();
  });

  const db = () => kit.server.app.db;
  async function setUp(
    settings: { systemPrompt?: string; formatterPrompt?: string; configs?: Array<[string, unknown, string?]>; primary?: string; groqModel?: string } = {},
  ) {
    const client = await kit.newClient();
    const { clients, botConfigurations } = db().t;
    await db().tenant(client.id, async (tx) => {
      await tx
        .update(clients)
        .set({
          systemPrompt: settings.systemPrompt ?? null,
          formatterPrompt: settings.formatterPrompt ?? null,
          primaryModelProvider: settings.primary ?? null,
          groqModel: settings.groqModel ?? null,
        })
        .where(eq(clients.id, client.id));
      for (const [configKey, configValue, category] of settings.configs ?? []) {
        await tx.insert(botConfigurations).values({ clientId: client.id, configKey, configValue: configValue as never, category: category ?? null });
      }
    });
    return client;
  }
  async function say(client: { phoneNumberId: string }, from: string, text: string) {
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from)], messages: [inbound.text(from, text)] }));
    await kit.settle();
  }
  const sentTo = (to: string) => kit.graph.sent.filter((message) => message.to === to).map((message) => (message.body.text as { body: string }).body);
  const conversation = async (clientId: string, phone: string) => {
    const { conversations } = db().t;
    const [row] = await db().tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!;
  };

  it('answers with the system prompt, business facts and the n8n-compatible history, and logs every step', async () => {
    const client = await setUp({ systemPrompt: 'Você é a atendente da Padaria Pão Quente.', configs: [['context.horario', 'seg a sáb, 7h–19h', 'prompt']] });
    const phone = '5511955550001';
    await say(client, phone, 'Vocês abrem sábado?');
    await say(client, phone, 'E domingo?');
    expect(sentTo(phone)).toEqual(['Resposta de bot-main: Vocês abrem sábado?', 'Resposta de bot-main: E domingo?']);
    const [, second] = fake.requestsFor('bot-main');
    const messages = second!.body.messages as Array<{ role: string; content: string }>;
    expect(messages[0]!.role).toBe('system');
    expect(messages[0]!.content).toContain('Padaria Pão Quente');
    expect(messages[0]!.content).toContain('horario: seg a sáb, 7h–19h');
    expect(messages.slice(1)).toEqual([
      { role: 'user', content: 'Vocês abrem sábado?' },
      { role: 'assistant', content: 'Resposta de bot-main: Vocês abrem sábado?' },
      { role: 'user', content: 'E domingo?' },
    ]);
    expect(second!.authorization).toBe('Bearer sk-platform-openai');

    const { n8nChatHistories, executionLogs } = db().t;
    const history = await db().tenant(client.id, (tx) =>
      tx.select().from(n8nChatHistories).where(eq(n8nChatHistories.clientId, client.id)).orderBy(asc(n8nChatHistories.id)),
    );
    expect(history.map((row) => [row.sessionId, row.message.type])).toEqual([
      [phone, 'human'],
      [phone, 'ai'],
      [phone, 'human'],
      [phone, 'ai'],
    ]);
    const steps = await db().tenant(client.id, (tx) =>
      tx.select().from(executionLogs).where(eq(executionLogs.clientId, client.id)).orderBy(asc(executionLogs.createdAt)),
    );
    const firstRun = steps.filter((step) => step.executionId === steps[0]!.executionId).map((step) => `${step.nodeName}:${step.status}`);
    expect(firstRun).toEqual(['received:success', 'retrieval:skipped', 'prompt_built:success', 'model_called:success', 'sent:success']);
    expect((await conversation(client.id, phone)).status).toBe('bot');
  });

  it("uses the knowledge base hook, the formatter pass and the client's chosen provider", async () => {
    const client = await setUp({ formatterPrompt: 'Reescreva de forma simpática.', primary: 'groq', groqModel: 'bot-groq' });
    const remove = registerRetrievalHook(kit.server.app, async (_app, query) => [{ content: `O pão de queijo custa R$ 5 (sobre: ${query.query})` }]);
    try {
      const phone = '5511955550002';
      await say(client, phone, 'quanto custa o pão de queijo?');
      const [first, formatter] = fake.requestsFor('bot-groq');
      expect((first!.body.messages as Array<{ content: string }>)[0]!.content).toContain('O pão de queijo custa R$ 5');
      expect(formatter!.body.messages).toEqual([
        { role: 'system', content: 'Reescreva de forma simpática.' },
        { role: 'user', content: 'Resposta de bot-groq: quanto custa o pão de queijo?' },
      ]);
      expect(sentTo(phone)).toEqual(['Resposta de bot-groq: Resposta de bot-groq: quanto custa o pão de queijo?']);
    } finally {
      remove();
    }
  });

  it('when every model fails: a polite message, the chat goes to transferido, and later messages wait for a person', async () => {
    const client = await setUp({ configs: [['ai.failure_message', 'Um atendente já vai falar com você.']] });
    fake.setDefault('bot-main', { kind: 'error', status: 503 });
    fake.setDefault('bot-backup', { kind: 'error', status: 500 });
    const phone = '5511955550003';
    await say(client, phone, 'preciso de ajuda');
    expect(sentTo(phone)).toEqual(['Um atendente já vai falar com você.']);
    expect((await conversation(client.id, phone)).status).toBe('transferido');
    fake.reset();
    await say(client, phone, 'alguém aí?');
    expect(sentTo(phone)).toHaveLength(1);
    const { n8nChatHistories } = db().t;
    const history = await db().tenant(client.id, (tx) =>
      tx.select().from(n8nChatHistories).where(eq(n8nChatHistories.clientId, client.id)).orderBy(n8nChatHistories.id),
    );
    // The later message waits for a person (no model call, no reply) and is in the memory for whoever answers next.
    expect(history.map((row) => row.message)).toEqual([
      { type: 'human', content: 'preciso de ajuda' },
      { type: 'human', content: 'alguém aí?' },
    ]);
  });

  it('when the budget is paused: the configured message and transferido, without calling a model', async () => {
    const client = await setUp({ configs: [['budget.pause_message', 'Limite atingido, um humano continua daqui.']] });
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
    const phone = '5511955550004';
    await say(client, phone, 'oi');
    expect(sentTo(phone)).toEqual(['Limite atingido, um humano continua daqui.']);
    expect((await conversation(client.id, phone)).status).toBe('transferido');
    expect(fake.requests).toHaveLength(0);
  });
});
