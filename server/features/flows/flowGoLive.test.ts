// Publishing makes a flow live and the manual trigger starts one from the inbox, on both databases,
// through the real path: signed webhooks in, the responders (the AI reply included), the fake Graph
// API out, and tRPC callers with each role.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { end, flowFixture, message, textQuestion } from '#shared/flows/testing/flowFixture.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

let counter = 0;
const newPhone = () => `55119${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)('flows go live on %s', (kind) => {
  let kit: WhatsAppKit;
  let model: FakeModelServer;
  beforeAll(async () => {
    model = await startFakeModelServer();
    model.setDefault('llama-local', { kind: 'ok' });
    kit = await startWhatsAppKit(kind, { allowPrivateNetwork: true });
  });
  afterAll(async () => {
    await kit?.dispose();
    await model?.close();
  });

  /** A client whose bot answers through a model, so "the AI replied" is visible in what the customer got. */
  async function tenant() {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    await owner.caller.aiProviders.save({ kind: 'openai_compatible', baseUrl: model.baseUrl, model: 'llama-local' });
    return { client, owner };
  }
  const say = async (phoneNumberId: string, from: string, text: string) => {
    const response = await kit.deliver(envelope(phoneNumberId, { contacts: [contact(from, 'Ana Lima')], messages: [inbound.text(from, text)] }));
    expect(response.status).toBe(200);
    await kit.settle();
  };
  const texts = (to: string) =>
    kit.graph.sent
      .filter((sent) => sent.to === to)
      .map((sent) => (sent.body.type === 'text' ? (sent.body.text as { body: string }).body : String(sent.body.type)));
  const conversationOf = async (clientId: string, phone: string) => {
    const { conversations } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!;
  };
  const welcome = () => flowFixture([message('hello', 'Bem-vindo à padaria!'), end('bye', 'bot', 'Até logo')], [['hello', 'bye']]);

  it('publishing alone makes the flow live: the first customer message after it runs the flow, not the AI reply', async () => {
    const { client, owner } = await tenant();
    const flow = await owner.caller.flows.create({ name: 'Boas-vindas', document: welcome(), triggerType: 'keyword', triggerKeywords: ['oi'] });
    const before = newPhone();
    await say(client.phoneNumberId, before, 'oi');
    expect(texts(before)).toEqual(['Resposta de llama-local: oi']); // a draft answers nobody

    const published = await owner.caller.flows.publish({ id: flow.id });
    expect(published.version).toBe(1);
    expect(await owner.caller.flows.get({ id: flow.id })).toMatchObject({ isActive: true, publishedVersion: 1 });
    const first = newPhone();
    await say(client.phoneNumberId, first, 'Oi');
    expect(texts(first)).toEqual(['Bem-vindo à padaria!', 'Até logo']);

    // Deactivation is separate, and the AI answers again.
    await owner.caller.flows.deactivate({ id: flow.id });
    const after = newPhone();
    await say(client.phoneNumberId, after, 'oi');
    expect(texts(after)).toEqual(['Resposta de llama-local: oi']);
  });

  it('refuses to publish or activate a flow whose keywords an active flow already has, naming that flow', async () => {
    const { owner } = await tenant();
    const first = await owner.caller.flows.create({ name: 'Cardápio', document: welcome(), triggerType: 'keyword', triggerKeywords: ['menu', 'cardapio'] });
    await owner.caller.flows.publish({ id: first.id });
    const second = await owner.caller.flows.create({ name: 'Pedidos', document: welcome(), triggerType: 'keyword', triggerKeywords: ['pedido', 'CARDÁPIO'] });
    await expect(owner.caller.flows.publish({ id: second.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('the active flow "Cardápio" already starts with the keyword "cardapio"'),
    });
    // Refused whole: no version was stored and the flow is not live.
    expect(await owner.caller.flows.get({ id: second.id })).toMatchObject({ isActive: false, publishedVersion: null });
    expect(await owner.caller.flows.versions({ id: second.id })).toEqual([]);

    // Once the first is deactivated the second publishes; then the first cannot come back.
    await owner.caller.flows.deactivate({ id: first.id });
    await owner.caller.flows.publish({ id: second.id });
    await expect(owner.caller.flows.activate({ id: first.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('"Pedidos"'),
    });
    // A flow may be published again over its own keywords.
    expect((await owner.caller.flows.publish({ id: second.id })).version).toBe(2);
  });

  it('two flows with the same keyword published at the same moment: exactly one goes live', async () => {
    const { owner } = await tenant();
    const [a, b] = await Promise.all(
      ['A', 'B'].map((name) => owner.caller.flows.create({ name, document: welcome(), triggerType: 'keyword', triggerKeywords: ['promo'] })),
    );
    const results = await Promise.allSettled([owner.caller.flows.publish({ id: a!.id }), owner.caller.flows.publish({ id: b!.id })]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const live = (await owner.caller.flows.list()).filter((flow) => flow.isActive);
    expect(live).toHaveLength(1);
  });

  it('an agent starts a published flow for a conversation with the bot; refused while another runs, with a person, or for a viewer', async () => {
    const { client, owner } = await tenant();
    const flow = await owner.caller.flows.create({
      name: 'Pesquisa',
      triggerType: 'manual',
      document: flowFixture(
        [textQuestion('nota', 'De 0 a 10, qual a sua nota?', 'nota', 'number'), end('fim', 'bot', 'Obrigado pela nota {{nota}}!')],
        [['nota', 'fim']],
      ),
    });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    expect(await agent.caller.flows.startable()).toEqual([]); // a draft cannot be started
    await owner.caller.flows.publish({ id: flow.id });
    expect(await agent.caller.flows.startable()).toEqual([{ id: flow.id, name: 'Pesquisa', triggerType: 'manual' }]);

    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'bom dia');
    const conversation = await conversationOf(client.id, phone);
    await expect(viewer.caller.flows.startForConversation({ flowId: flow.id, conversationId: conversation.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const started = await agent.caller.flows.startForConversation({ flowId: flow.id, conversationId: conversation.id });
    expect(started).toEqual({ flowId: flow.id, flowName: 'Pesquisa', status: 'waiting_input' });
    await kit.settle();
    expect(texts(phone)).toEqual(['Resposta de llama-local: bom dia', 'De 0 a 10, qual a sua nota?']);
    expect((await conversationOf(client.id, phone)).status).toBe('fluxo_inicial');
    await expect(agent.caller.flows.startForConversation({ flowId: flow.id, conversationId: conversation.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('another flow is already running'),
    });
    // The customer's answer goes to the flow, not to the AI.
    await say(client.phoneNumberId, phone, '9');
    expect(texts(phone).slice(2)).toEqual(['Obrigado pela nota 9!']);
    expect((await conversationOf(client.id, phone)).status).toBe('bot');

    // With a person: refused until it is given back.
    await agent.caller.conversations.takeOver({ conversationId: conversation.id });
    await expect(agent.caller.flows.startForConversation({ flowId: flow.id, conversationId: conversation.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('with a person'),
    });
    await agent.caller.conversations.returnToBot({ conversationId: conversation.id });
    expect((await agent.caller.flows.startForConversation({ flowId: flow.id, conversationId: conversation.id })).status).toBe('waiting_input');

    // A deactivated flow, an unknown flow, another client's conversation.
    const other = await kit.newClient();
    const otherPhone = newPhone();
    await say(other.phoneNumberId, otherPhone, 'olá');
    const foreign = await conversationOf(other.id, otherPhone);
    await expect(agent.caller.flows.startForConversation({ flowId: flow.id, conversationId: foreign.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await owner.caller.flows.deactivate({ id: flow.id });
    expect(await agent.caller.flows.startable()).toEqual([]);
    const fresh = newPhone();
    await say(client.phoneNumberId, fresh, 'oi');
    const freshConversation = await conversationOf(client.id, fresh);
    await expect(agent.caller.flows.startForConversation({ flowId: flow.id, conversationId: freshConversation.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('deactivated'),
    });
    await expect(
      agent.caller.flows.startForConversation({ flowId: '6f1c0c53-8f0a-4c43-a1c8-0c7d5b3c2a10', conversationId: freshConversation.id }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
