// Several WhatsApp numbers per client through tRPC and signed webhooks on both databases: the main
// and sandbox numbers are listed; a further Meta number with its own credentials receives webhooks
// signed with its own app secret, its conversations carry it (the inbox filters by it) and replies
// go out through it with its own token; a number id held elsewhere is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

let counter = 0;
const newPhone = () => `55119${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;
const newNumberId = () => `20${Math.floor(Math.random() * 1e12)}`;

describe.each(DATABASE_KINDS)('WhatsApp numbers per client on %s', (kind) => {
  let kit: WhatsAppKit;
  const otherResponders = RESPONDERS.filter((responder) => responder.name !== 'flows');
  beforeAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => responder.name === 'flows'));
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.push(...otherResponders);
    await kit?.dispose();
  });

  it('lists the main and sandbox numbers, adds one with its own credentials, routes its webhooks and replies through it', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const initial = await agent.caller.numbers.list();
    expect(initial.find((number) => number.phoneNumberId === client.phoneNumberId)).toMatchObject({ kind: 'meta', main: true, ownCredentials: false });

    const phoneNumberId = newNumberId();
    await expect(
      agent.caller.numbers.create({ kind: 'meta', displayName: 'Vendas', phoneNumberId, accessToken: 'EAAvendas-token', appSecret: 'vendas-app-secret' }),
    ).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(admin.caller.numbers.create({ kind: 'meta', displayName: 'Vendas', phoneNumberId })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const vendas = await admin.caller.numbers.create({
      kind: 'meta',
      displayName: ' Vendas ',
      phoneNumberId,
      accessToken: 'EAAvendas-token',
      appSecret: 'vendas-app-secret',
    });
    expect(vendas).toMatchObject({ displayName: 'Vendas', phoneNumberId, main: false, ownCredentials: true });
    await expect(
      admin.caller.numbers.create({ kind: 'meta', displayName: 'Again', phoneNumberId, accessToken: 'EAAother-token', appSecret: 'other-app-secret' }),
    ).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    // Another client's main number is taken too.
    const other = await kit.newClient();
    await expect(
      admin.caller.numbers.create({
        kind: 'meta',
        displayName: 'Theirs',
        phoneNumberId: other.phoneNumberId,
        accessToken: 'EAAother-token',
        appSecret: 'other-app-secret',
      }),
    ).rejects.toMatchObject({ code: 'CONFLICT' });

    // A webhook for the new number: signed with its own secret (the platform's test secret is refused).
    const phone = newPhone();
    const body = envelope(phoneNumberId, { contacts: [contact(phone, 'Rita')], messages: [inbound.text(phone, 'quero comprar')] });
    expect((await kit.deliver(body)).status).toBe(401);
    expect((await kit.deliver(body, 'vendas-app-secret')).status).toBe(200);
    await kit.settle();
    const onVendas = await agent.caller.conversations.list({ phoneNumberId });
    expect(onVendas.items.map((item) => [item.phone, item.phoneNumberId])).toEqual([[phone, phoneNumberId]]);
    expect((await agent.caller.conversations.list({ phoneNumberId: client.phoneNumberId })).items).toEqual([]);

    await agent.caller.conversations.takeOver({ conversationId: onVendas.items[0]!.id });
    await agent.caller.conversations.send({ conversationId: onVendas.items[0]!.id, content: { kind: 'text', text: 'Olá Rita!' } });
    await kit.settle();
    const sent = kit.graph.sent.find((entry) => entry.to === phone);
    expect(sent).toMatchObject({ phoneNumberId, token: 'EAAvendas-token' });

    // Renamed; the main number cannot be removed here; the further one can, and its webhooks are then refused.
    expect(await admin.caller.numbers.update({ id: vendas.id, displayName: 'Vendas SP' })).toMatchObject({ displayName: 'Vendas SP' });
    const main = (await admin.caller.numbers.list()).find((number) => number.main && number.kind === 'meta')!;
    await expect(admin.caller.numbers.remove({ id: main.id })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.numbers.update({ id: main.id, accessToken: 'EAAnot-here' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const otherAdmin = await kit.server.signIn({ clientId: other.id, role: 'admin' });
    await expect(otherAdmin.caller.numbers.remove({ id: vendas.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await admin.caller.numbers.remove({ id: vendas.id });
    expect((await admin.caller.numbers.list()).map((number) => number.id)).not.toContain(vendas.id);
    const later = newPhone();
    await kit.deliver(envelope(phoneNumberId, { contacts: [contact(later)], messages: [inbound.text(later, 'oi')] }), 'vendas-app-secret');
    await kit.settle();
    expect((await agent.caller.conversations.list({ search: later })).items).toEqual([]);
  });

  it('adds a further sandbox number with a secret of its own', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const created = await admin.caller.numbers.create({ kind: 'sandbox', displayName: 'Testes' });
    expect(created).toMatchObject({ kind: 'sandbox', main: false, ownCredentials: true, displayPhone: '15550100001' });
    expect(created.phoneNumberId.startsWith('sandbox-')).toBe(true);
  });

  it("starts only the flows a number is limited to, and refuses another client's flow", async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const flow = async (keyword: string, text: string) => {
      const created = await admin.caller.flows.create({
        name: `Fluxo ${keyword}`,
        document: flowFixture([message('m', text)], []),
        triggerType: 'keyword',
        triggerKeywords: [keyword],
        triggerQrCode: null,
      });
      await admin.caller.flows.publish({ id: created.id });
      await admin.caller.flows.activate({ id: created.id });
      return created;
    };
    await flow('cardapio', 'Cardápio do dia');
    const vendas = await flow('catalogo', 'Nosso catálogo');
    const phoneNumberId = newNumberId();
    const number = await admin.caller.numbers.create({
      kind: 'meta',
      displayName: 'Vendas',
      phoneNumberId,
      accessToken: 'EAAflows-token',
      appSecret: 'flows-app-secret',
    });
    expect(number.flowIds).toBeNull();
    expect((await admin.caller.numbers.update({ id: number.id, flowIds: [vendas.id] })).flowIds).toEqual([vendas.id]);
    const other = await kit.newClient();
    const otherAdmin = await kit.server.signIn({ clientId: other.id, role: 'admin' });
    const otherFlow = await otherAdmin.caller.flows.create({
      name: 'Deles',
      document: flowFixture([message('m', 'x')], []),
      triggerType: 'keyword',
      triggerKeywords: ['x'],
      triggerQrCode: null,
    });
    await expect(admin.caller.numbers.update({ id: number.id, flowIds: [otherFlow.id] })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    const phone = newPhone();
    const write = async (text: string) => {
      expect(
        (await kit.deliver(envelope(phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, text)] }), 'flows-app-secret')).status,
      ).toBe(200);
      await kit.settle();
    };
    await write('cardapio');
    await write('catalogo');
    const texts = kit.graph.sent.filter((sent) => sent.to === phone).map((sent) => (sent.body.text as { body: string }).body);
    expect(texts).toEqual(['Nosso catálogo']);
    // The main number is not limited: its customers start either.
    const main = newPhone();
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(main)], messages: [inbound.text(main, 'cardapio')] }));
    await kit.settle();
    expect(kit.graph.sent.filter((sent) => sent.to === main).map((sent) => (sent.body.text as { body: string }).body)).toEqual(['Cardápio do dia']);
  });
});
