import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { gatewayTuning } from '../gateway/gatewayTuning.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

describe.each(DATABASE_KINDS)("the bot's typed configuration on %s", (kind) => {
  let kit: WhatsAppKit;
  let fake: FakeModelServer;
  let platform: SignedIn;
  beforeAll(async () => {
    fake = await startFakeModelServer();
    kit = await startWhatsAppKit(kind, { providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl } });
    Object.assign(gatewayTuning(kit.server.app), { requestTimeoutMs: 1_000, backoffBaseMs: 5, backoffMaxMs: 20, stateTtlMs: 0 });
    platform = await kit.server.signIn({ clientId: null, platformAdmin: true });
    for (const modelName of ['cfg-main', 'cfg-chosen', 'cfg-backup']) {
      await platform.caller.gateway.registry.upsert({
        provider: 'openai',
        modelName,
        contextWindow: 100_000,
        maxOutputTokens: 500,
        inputPricePerMillion: '1',
        outputPricePerMillion: '1',
      });
    }
    await platform.caller.gateway.config.update({ defaultModel: 'openai/cfg-main', fallbackChain: [], openaiApiKey: 'sk-platform-openai' });
  });
  beforeEach(() => fake.reset());
  afterAll(async () => {
    await kit?.dispose();
    await fake?.close();
  });

  const db = () => kit.server.app.db;
  async function say(client: { phoneNumberId: string }, from: string, text: string) {
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from)], messages: [inbound.text(from, text)] }));
    await kit.settle();
  }
  const sentTo = (to: string) => kit.graph.sent.filter((message) => message.to === to).map((message) => (message.body.text as { body: string }).body);
  const statusOf = async (clientId: string, phone: string) => {
    const { conversations } = db().t;
    const [row] = await db().tenant(clientId, (tx) =>
      tx
        .select({ status: conversations.status })
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!.status;
  };

  it('refuses unknown keys, bad values and unknown models with readable messages, and only to admins', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    await expect(admin.caller.bot.updateSettings({ tone: 'formal' } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('tone'),
    });
    await expect(admin.caller.bot.updateSettings({ temperature: 3 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('at most 2'),
    });
    await expect(admin.caller.bot.updateSettings({ maxTokens: 10.5 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('whole number'),
    });
    await expect(admin.caller.bot.updateSettings({ fallbackModels: ['openai/cfg-backup', 'openai/cfg-backup'] })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('listed twice'),
    });
    await expect(admin.caller.bot.updateSettings({ model: 'openai/nope' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'no model "openai/nope" in the model registry',
    });
    await expect(admin.caller.bot.updateSettings({})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'nothing to change' });
    await expect(agent.caller.bot.settings()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(agent.caller.bot.updateSettings({ greeting: 'Oi' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('saves every field, is audited, and the reply uses them: model, fallbacks, temperature, greeting, facts, hand-off keywords', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const saved = await admin.caller.bot.updateSettings({
      systemPrompt: 'Você é a atendente da Loja Verde.',
      model: 'openai/cfg-chosen',
      fallbackModels: ['openai/cfg-backup'],
      temperature: 0.3,
      maxTokens: 300,
      historyLimit: 4,
      greeting: 'Olá! Bem-vindo à Loja Verde.',
      handoffMessage: 'Já chamo uma pessoa para você.',
      handoffKeywords: ['atendente', 'falar com humano'],
      facts: [{ name: 'Horário', value: 'seg a sex, 9h–18h' }],
    });
    expect(saved).toMatchObject({ model: 'openai/cfg-chosen', fallbackModels: ['openai/cfg-backup'], temperature: 0.3, historyLimit: 4, failureMessage: null });
    expect(await admin.caller.bot.settings()).toEqual(saved);

    const audit = await admin.caller.audit.list({ resourceType: 'bot', limit: 20 });
    expect(audit.items.map((row) => [row.action, row.status, row.resourceId])).toEqual([['bot.updateSettings', 'success', client.id]]);

    const phone = '5511966660001';
    await say(client, phone, 'Vocês abrem sábado?');
    expect(sentTo(phone)).toEqual(['Olá! Bem-vindo à Loja Verde.', 'Resposta de cfg-chosen: Vocês abrem sábado?']);
    const [request] = fake.requestsFor('cfg-chosen');
    expect(request!.body).toMatchObject({ temperature: 0.3 });
    expect((request!.body.messages as Array<{ content: string }>)[0]!.content).toContain('Horário: seg a sex, 9h–18h');

    // The model fails: the client's fallback chain answers.
    fake.setDefault('cfg-chosen', { kind: 'error', status: 500 });
    await say(client, phone, 'E domingo?');
    expect(sentTo(phone).at(-1)).toBe('Resposta de cfg-backup: E domingo?');

    // A hand-off keyword: no model call, the hand-off message, and a person takes over.
    const calls = fake.requests.length;
    await say(client, phone, 'Quero falar com um ATENDENTE por favor');
    expect(fake.requests.length).toBe(calls);
    expect(sentTo(phone).at(-1)).toBe('Já chamo uma pessoa para você.');
    expect(await statusOf(client.id, phone)).toBe('transferido');

    // Clearing goes back to the defaults.
    const cleared = await admin.caller.bot.updateSettings({ model: null, fallbackModels: [], greeting: '', facts: [] });
    expect(cleared).toMatchObject({ model: null, fallbackModels: [], greeting: null, facts: [] });
  });

  it('reads configuration stored before the typed form (text numbers, stray values, old fact rows) without failing', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const { botConfigurations } = db().t;
    await db().tenant(client.id, (tx) =>
      tx.insert(botConfigurations).values([
        { clientId: client.id, configKey: 'ai.temperature', configValue: '0.9' },
        { clientId: client.id, configKey: 'ai.max_tokens', configValue: 99_999 },
        { clientId: client.id, configKey: 'ai.history_limit', configValue: { not: 'a number' } },
        { clientId: client.id, configKey: 'ai.handoff_keywords', configValue: 'atendente, humano' },
        { clientId: client.id, configKey: 'endereco', configValue: 'Rua A, 10', category: 'prompt', description: 'Endereço' },
        { clientId: client.id, configKey: 'unrelated.key', configValue: { anything: true } },
      ]),
    );
    expect(await admin.caller.bot.settings()).toMatchObject({
      temperature: 0.9,
      maxTokens: 4_000,
      historyLimit: 20,
      handoffKeywords: ['atendente', 'humano'],
      facts: [{ name: 'Endereço', value: 'Rua A, 10' }],
    });
    // Saving the facts from the form replaces the old rows instead of adding beside them.
    await admin.caller.bot.updateSettings({ facts: [{ name: 'Endereço', value: 'Rua B, 20' }] });
    expect((await admin.caller.bot.settings()).facts).toEqual([{ name: 'Endereço', value: 'Rua B, 20' }]);
  });
});
