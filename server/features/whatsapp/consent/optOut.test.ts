import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import type { Responder } from '#server/app/responder.js';
import { DEFAULT_OPT_IN_REPLY, DEFAULT_OPT_OUT_REPLY } from '#shared/domain/optOut.js';
import { batch, contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { enqueueOutbound, insertOutbound } from '../outbox/enqueueOutbound.js';
import { outboxSignal } from '../outbox/outboxSignal.js';

const TEMPLATE = { kind: 'template', name: 'promocao_semana', language: 'pt_BR' } as const;

describe.each(DATABASE_KINDS)('customer opt-out on %s', (kind) => {
  let kit: WhatsAppKit;
  const seen: string[] = [];
  // Records what reaches the responders (a flow or the AI) and answers nothing.
  const recorder: Responder = {
    name: 'recorder',
    respond: async ({ text }) => {
      seen.push(text ?? '');
      return true;
    },
  };
  const original = [...RESPONDERS];
  beforeAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, recorder);
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...original);
    await kit?.dispose();
  });

  let counter = 0;
  async function customerWrites(client: { phoneNumberId: string }, phone: string, text: string) {
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, text)] }));
    await kit.settle();
  }
  async function setUp() {
    const client = await kit.newClient();
    const phone = `55119${(50000000 + ++counter * 1000 + Math.floor(Math.random() * 999)).toString()}`;
    await customerWrites(client, phone, 'oi');
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const { conversations } = kit.server.app.db.t;
    const [conversation] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const sentTo = () => kit.graph.sent.filter((item) => item.to === phone).map((item) => item.body);
    return { client, phone, agent, admin, conversationId: conversation!.id, sentTo };
  }

  it('opt-out then a refused template: SAIR (any case or accent) opts out, confirms once, and templates are refused until VOLTAR', async () => {
    const { client, phone, agent, conversationId, sentTo } = await setUp();
    seen.length = 0;
    await customerWrites(client, phone, '  Sáir ');
    expect(seen).toEqual([]); // never reached a flow or the AI
    const state = await agent.caller.whatsapp.optOut.customer({ conversationId });
    expect(state).toMatchObject({ status: 'opted_out', source: 'keyword:SAIR' });
    expect(Date.parse(state.optedOutAt!)).toBeGreaterThan(0);
    expect(sentTo()).toEqual([expect.objectContaining({ type: 'text', text: { body: DEFAULT_OPT_OUT_REPLY } })]);

    await expect(agent.caller.conversations.send({ conversationId, content: TEMPLATE })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringMatching(/opted out.*by sending SAIR.*templates and broadcasts are refused/),
    });
    // Any other path that sends a template is refused the same way.
    await expect(enqueueOutbound(kit.server.app, { clientId: client.id, conversationId, content: TEMPLATE })).rejects.toThrow(/opted out/);
    // A free-form answer inside the window the customer opened is still allowed.
    await agent.caller.conversations.send({ conversationId, content: { kind: 'text', text: 'Tudo bem, até logo!' } });
    await kit.settle();
    await agent.caller.conversations.returnToBot({ conversationId }); // sending took the chat over

    // Again: already opted out, not confirmed twice, and still not handed to the responders.
    await customerWrites(client, phone, 'PARAR');
    expect(sentTo().filter((body) => JSON.stringify(body).includes(DEFAULT_OPT_OUT_REPLY))).toHaveLength(1);
    expect(seen).toEqual([]);
    // An ordinary message from an opted-out customer is answered as usual.
    await customerWrites(client, phone, 'quero sair da lista');
    expect(seen).toEqual(['quero sair da lista']);

    await customerWrites(client, phone, 'voltar');
    expect(await agent.caller.whatsapp.optOut.customer({ conversationId })).toMatchObject({ status: 'active', optedOutAt: null, source: null });
    expect(sentTo().at(-1)).toMatchObject({ text: { body: DEFAULT_OPT_IN_REPLY } });
    await agent.caller.conversations.send({ conversationId, content: TEMPLATE });
    await kit.settle();
    expect(sentTo().at(-1)).toMatchObject({ type: 'template', template: { name: 'promocao_semana' } });
    await agent.caller.conversations.returnToBot({ conversationId });
    // VOLTAR from a subscribed customer is just a word: the responders get it.
    await customerWrites(client, phone, 'VOLTAR');
    expect(seen.at(-1)).toBe('VOLTAR');
  });

  it('fails a template queued before the opt-out instead of sending it', async () => {
    const { client, conversationId, sentTo } = await setUp();
    const { clientesWhatsapp, conversations, messages } = kit.server.app.db.t;
    // The opt-out lands between queueing and sending: the sender checks again.
    const { messageId } = await kit.server.app.db.tenant(client.id, async (tx) => {
      const queued = await insertOutbound(kit.server.app, tx, { clientId: client.id, conversationId, content: TEMPLATE });
      const [conversation] = await tx.select().from(conversations).where(eq(conversations.id, conversationId));
      await tx
        .update(clientesWhatsapp)
        .set({ status: 'opted_out', optedOutAt: new Date(), optOutSource: 'keyword:STOP' })
        .where(eq(clientesWhatsapp.id, conversation!.clienteWhatsappId!));
      return { messageId: queued.message.id };
    });
    outboxSignal(kit.server.app).wake();
    await kit.settle();
    const [row] = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.id, messageId), eq(messages.clientId, client.id))),
    );
    expect(row).toMatchObject({ status: 'failed' });
    expect(String(row!.errorDetails!.reason)).toMatch(/opted out.*STOP/);
    expect(sentTo().some((body) => body.type === 'template')).toBe(false);
  });

  it('uses the keywords the administrator configures, and agents can mark a customer by hand', async () => {
    const { client, phone, agent, admin, conversationId, sentTo } = await setUp();
    expect(await agent.caller.whatsapp.optOut.settings()).toMatchObject({ optOutKeywords: ['SAIR', 'PARAR', 'CANCELAR', 'STOP'], customized: false });
    const settings = { optOutKeywords: ['DESCADASTRAR'], optInKeywords: ['QUERO VOLTAR'], optOutReply: 'Descadastrado.', optInReply: 'Bem-vindo de volta.' };
    await expect(agent.caller.whatsapp.optOut.saveSettings({ settings })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.caller.whatsapp.optOut.saveSettings({ settings: { ...settings, optOutKeywords: [] } })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.whatsapp.optOut.saveSettings({ settings: { ...settings, optInKeywords: ['descadastrar'] } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringMatching(/both stop and restart/),
    });
    await expect(admin.caller.whatsapp.optOut.saveSettings({ settings })).resolves.toMatchObject({ customized: true });

    seen.length = 0;
    await customerWrites(client, phone, 'sair'); // no longer a keyword for this client
    expect(seen).toEqual(['sair']);
    await customerWrites(client, phone, 'descadastrar');
    expect(await agent.caller.whatsapp.optOut.customer({ conversationId })).toMatchObject({ status: 'opted_out', source: 'keyword:DESCADASTRAR' });
    await customerWrites(client, phone, 'Quero  voltar');
    expect(sentTo().map((body) => (body.text as { body?: string } | undefined)?.body)).toEqual(['Descadastrado.', 'Bem-vindo de volta.']);

    await expect(agent.caller.whatsapp.optOut.setCustomer({ conversationId, optedOut: true })).resolves.toMatchObject({
      status: 'opted_out',
      source: `agent:${agent.userId}`,
    });
    await expect(agent.caller.conversations.send({ conversationId, content: TEMPLATE })).rejects.toThrow(/marked by an agent/);
    await expect(admin.caller.whatsapp.optOut.saveSettings({ settings: null })).resolves.toMatchObject({
      optOutKeywords: ['SAIR', 'PARAR', 'CANCELAR', 'STOP'],
    });

    // Another client's conversation is not found.
    const other = await kit.newClient();
    const stranger = await kit.server.signIn({ clientId: other.id, role: 'admin' });
    await expect(stranger.caller.whatsapp.optOut.customer({ conversationId })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(stranger.caller.whatsapp.optOut.setCustomer({ conversationId, optedOut: false })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
  it("checks each client's own keywords for messages stored together in one batch", async () => {
    const custom = await kit.newClient();
    const plain = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: custom.id, role: 'admin' });
    await admin.caller.whatsapp.optOut.saveSettings({
      settings: { optOutKeywords: ['DESCADASTRAR'], optInKeywords: ['QUERO VOLTAR'], optOutReply: 'Descadastrado.', optInReply: 'Bem-vindo de volta.' },
    });
    const phones = Array.from({ length: 6 }, (_, index) => `55119${(70000000 + ++counter * 1000 + index).toString()}`);
    const texts = ['descadastrar', 'sair', 'oi', 'olá, tudo bem com vocês hoje?', 'SAIR', 'oi'];
    const change = (phoneNumberId: string, indexes: number[]) => ({
      phoneNumberId,
      value: { contacts: indexes.map((index) => contact(phones[index]!)), messages: indexes.map((index) => inbound.text(phones[index]!, texts[index]!)) },
    });
    // One delivery: the processor claims these first messages together and stores them per client in one transaction.
    seen.length = 0;
    await kit.deliver(batch([[change(custom.phoneNumberId, [0, 1, 2, 3]), change(plain.phoneNumberId, [4, 5])]]));
    await kit.settle();
    expect(seen.sort()).toEqual(['oi', 'oi', 'olá, tudo bem com vocês hoje?', 'sair'].sort());
    const { clientesWhatsapp } = kit.server.app.db.t;
    const statusOf = async (clientId: string, phone: string) => {
      const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
        tx
          .select()
          .from(clientesWhatsapp)
          .where(and(eq(clientesWhatsapp.clientId, clientId), eq(clientesWhatsapp.telefone, phone))),
      );
      return row?.status;
    };
    expect(await statusOf(custom.id, phones[0]!)).toBe('opted_out');
    expect(await statusOf(custom.id, phones[1]!)).not.toBe('opted_out');
    expect(await statusOf(plain.id, phones[4]!)).toBe('opted_out');
    expect(kit.graph.sent.filter((item) => item.to === phones[0]).map((item) => (item.body.text as { body?: string } | undefined)?.body)).toEqual([
      'Descadastrado.',
    ]);
    expect(kit.graph.sent.filter((item) => item.to === phones[4]).map((item) => (item.body.text as { body?: string } | undefined)?.body)).toEqual([
      DEFAULT_OPT_OUT_REPLY,
    ]);
  });
});
