// A conversation per (client, business number, customer), on both databases: a customer who writes
// to the main number and to a further one has two conversations, each on its number, each answered
// through its number (its own token), each listed with its number's name; the contact shows both.
// The public API sends through the number it names (phone number id or id), else the main number,
// and refuses a number the client does not have; a template to a new customer starts a
// conversation on the named number. A campaign sent from a chosen number reaches each recipient in
// their conversation with that number.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

let counter = 0;
const newPhone = () => `55118${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;
const newNumberId = () => `30${Math.floor(Math.random() * 1e12)}`;

describe.each(DATABASE_KINDS)('a conversation per customer and business number on %s', (kind) => {
  let kit: WhatsAppKit;
  // Nobody answers automatically: the test sends every reply itself.
  const responders = [...RESPONDERS];
  beforeAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length);
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.push(...responders);
    await kit?.dispose();
  });

  async function clientWithTwoNumbers() {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const secret = `vendas-secret-${counter}`;
    const vendas = await admin.caller.numbers.create({
      kind: 'meta',
      displayName: 'Vendas',
      phoneNumberId: newNumberId(),
      accessToken: 'EAAvendas-own-token',
      appSecret: secret,
    });
    const write = async (numberId: string, phone: string, text: string) => {
      const body = envelope(numberId, { contacts: [contact(phone, 'Rita')], messages: [inbound.text(phone, text)] });
      expect((await kit.deliver(body, numberId === vendas.phoneNumberId ? secret : undefined)).status).toBe(200);
      await kit.settle();
    };
    return { client, admin, agent, vendas, write };
  }

  it('gives a customer who writes to two numbers two conversations, each answered through its own number', async () => {
    const { client, admin, agent, vendas, write } = await clientWithTwoNumbers();
    const phone = newPhone();
    await write(client.phoneNumberId, phone, 'oi, principal');
    await write(vendas.phoneNumberId, phone, 'oi, vendas');
    await write(client.phoneNumberId, phone, 'de novo no principal');

    const listed = (await agent.caller.conversations.list({ search: phone })).items;
    const byNumber = new Map(listed.map((item) => [item.phoneNumberId, item]));
    expect(listed).toHaveLength(2);
    expect(byNumber.get(client.phoneNumberId)).toMatchObject({ phone, lastMessage: 'de novo no principal', unreadCount: 2 });
    expect(byNumber.get(vendas.phoneNumberId)).toMatchObject({ phone, lastMessage: 'oi, vendas', unreadCount: 1 });
    // Each list item names its number (the inbox labels it when the client has several).
    const names = new Map((await agent.caller.numbers.list()).map((number) => [number.phoneNumberId, number.displayName]));
    expect(names.get(client.phoneNumberId)).toBeTruthy();
    expect(byNumber.get(vendas.phoneNumberId)!.numberName).toBe('Vendas');
    expect(byNumber.get(client.phoneNumberId)!.numberName).toBe(names.get(client.phoneNumberId));
    // The inbox filters by number.
    expect((await agent.caller.conversations.list({ phoneNumberId: vendas.phoneNumberId, search: phone })).items.map((item) => item.id)).toEqual([
      byNumber.get(vendas.phoneNumberId)!.id,
    ]);

    // Each conversation's messages are its own.
    const mainMessages = await agent.caller.conversations.messages({ conversationId: byNumber.get(client.phoneNumberId)!.id });
    expect(mainMessages.items.map((item) => item.content).sort()).toEqual(['de novo no principal', 'oi, principal']);

    for (const [numberId, text] of [
      [client.phoneNumberId, 'resposta pelo principal'],
      [vendas.phoneNumberId, 'resposta por vendas'],
    ] as const) {
      const conversationId = byNumber.get(numberId)!.id;
      await agent.caller.conversations.takeOver({ conversationId });
      await agent.caller.conversations.send({ conversationId, content: { kind: 'text', text } });
    }
    await kit.settle();
    const sent = kit.graph.sent
      .filter((entry) => entry.to === phone)
      .map((entry) => [entry.phoneNumberId, entry.token, (entry.body.text as { body: string }).body])
      .sort();
    expect(sent).toEqual(
      [
        [client.phoneNumberId, 'EAAtest-access-token', 'resposta pelo principal'],
        [vendas.phoneNumberId, 'EAAvendas-own-token', 'resposta por vendas'],
      ].sort(),
    );

    // One contact (one per client and phone) showing both conversations.
    const contacts = await admin.caller.contacts.list({ search: phone });
    expect(contacts.items).toHaveLength(1);
    const shown = await admin.caller.contacts.get({ id: contacts.items[0]!.id });
    expect(shown.conversations.map((row) => row.phoneNumberId).sort()).toEqual([client.phoneNumberId, vendas.phoneNumberId].sort());
  });

  it('sends through the number the public API names, else the main number, and refuses numbers the client does not have', async () => {
    const { client, agent, vendas, write } = await clientWithTwoNumbers();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'owner' });
    const key = (await owner.caller.apiKeys.create({ name: 'numbers' })).key;
    const post = async (path: string, body: unknown) => {
      const response = await fetch(`${kit.server.url}/api/v1${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    };
    const phone = newPhone();
    await write(client.phoneNumberId, phone, 'oi principal');
    await write(vendas.phoneNumberId, phone, 'oi vendas');
    const conversations = (await agent.caller.conversations.list({ search: phone })).items;
    const on = (numberId: string) => conversations.find((item) => item.phoneNumberId === numberId)!.id;

    const byPhoneNumberId = await post('/messages', { to: phone, numberId: vendas.phoneNumberId, type: 'text', text: 'por vendas (phone number id)' });
    expect(byPhoneNumberId.status, JSON.stringify(byPhoneNumberId.body)).toBe(202);
    expect(byPhoneNumberId.body.conversationId).toBe(on(vendas.phoneNumberId));
    const byId = await post('/messages', { to: phone, numberId: vendas.id, type: 'text', text: 'por vendas (id)' });
    expect(byId.body.conversationId).toBe(on(vendas.phoneNumberId));
    const main = await post('/messages', { to: phone, type: 'text', text: 'pelo principal' });
    expect(main.body.conversationId).toBe(on(client.phoneNumberId));

    const other = await kit.newClient();
    for (const numberId of ['999999999', other.phoneNumberId]) {
      const refused = await post('/messages', { to: phone, numberId, type: 'text', text: 'x' });
      expect(refused.status).toBe(404);
      expect(refused.body.error).toMatchObject({ code: 'not_found', message: expect.stringContaining(numberId) });
    }

    // A customer who never wrote: a template starts a conversation on the named number.
    const stranger = newPhone();
    const template = await post('/messages', {
      to: stranger,
      numberId: vendas.phoneNumberId,
      type: 'template',
      template: { name: 'boas_vindas', language: 'pt_BR' },
    });
    expect(template.status, JSON.stringify(template.body)).toBe(202);
    // Text to the stranger on the main number: no conversation there, so no window.
    expect((await post('/messages', { to: stranger, type: 'text', text: 'olá' })).status).toBe(422);
    await kit.settle();
    const started = (await agent.caller.conversations.list({ search: stranger })).items;
    expect(started.map((item) => [item.id, item.phoneNumberId])).toEqual([[template.body.conversationId, vendas.phoneNumberId]]);

    // Sends are ordered within a conversation only: the main number's may leave before vendas'.
    const sent = kit.graph.sent.filter((entry) => entry.to === phone || entry.to === stranger).map((entry) => [entry.to, entry.phoneNumberId, entry.token]);
    expect(sent.sort()).toEqual(
      [
        [phone, client.phoneNumberId, 'EAAtest-access-token'],
        [phone, vendas.phoneNumberId, 'EAAvendas-own-token'],
        [phone, vendas.phoneNumberId, 'EAAvendas-own-token'],
        [stranger, vendas.phoneNumberId, 'EAAvendas-own-token'],
      ].sort(),
    );
  });

  it("sends a campaign from the number it names, in each recipient's conversation with that number", async () => {
    const { client, admin, agent, vendas, write } = await clientWithTwoNumbers();
    const { messageTemplates, clientesWhatsapp, contactLabels } = kit.server.app.db.t;
    const label = await admin.caller.contacts.labels.create({ name: 'Promo' });
    const known = newPhone();
    const fresh = newPhone();
    // `known` has written to the main number before: the campaign still goes out on Vendas, in a new conversation there.
    await write(client.phoneNumberId, known, 'oi');
    const [template] = await kit.server.app.db.tenant(client.id, async (tx) => {
      const contacts = await tx
        .insert(clientesWhatsapp)
        .values([{ clientId: client.id, telefone: fresh, nome: 'Novo', optedInAt: new Date(), optInSource: 'import:test' }])
        .returning({ id: clientesWhatsapp.id });
      const [existing] = await tx
        .update(clientesWhatsapp)
        .set({ optedInAt: new Date(), optInSource: 'import:test' })
        .where(and(eq(clientesWhatsapp.clientId, client.id), eq(clientesWhatsapp.telefone, known)))
        .returning({ id: clientesWhatsapp.id });
      await tx.insert(contactLabels).values([...contacts, existing!].map((row) => ({ clientId: client.id, contactId: row.id, labelId: label.id })));
      return tx
        .insert(messageTemplates)
        .values({
          clientId: client.id,
          name: 'promo_numero',
          language: 'pt_BR',
          category: 'MARKETING',
          status: 'APPROVED',
          components: [{ type: 'BODY', text: 'Olá {{1}}!' }],
        })
        .returning();
    });
    const draft = { templateId: template!.id, audience: { labelIds: [label.id], optedInOnly: true }, variables: ['name'] };
    await expect(admin.caller.campaigns.create({ ...draft, name: 'Outro', numberId: '123456789' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const campaign = await admin.caller.campaigns.create({ ...draft, name: 'Pelo Vendas', numberId: vendas.id });
    expect(campaign.phoneNumberId).toBe(vendas.phoneNumberId);
    for (let tries = 0; (await admin.caller.campaigns.get({ id: campaign.id })).campaign.status !== 'done'; tries++) {
      if (tries > 200) throw new Error('the campaign did not finish');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await kit.settle();
    const sent = kit.graph.sent.filter((entry) => entry.to === known || entry.to === fresh).map((entry) => [entry.to, entry.phoneNumberId, entry.token]);
    expect(sent.sort()).toEqual(
      [
        [known, vendas.phoneNumberId, 'EAAvendas-own-token'],
        [fresh, vendas.phoneNumberId, 'EAAvendas-own-token'],
      ].sort(),
    );
    const knownConversations = (await agent.caller.conversations.list({ search: known })).items.map((item) => item.phoneNumberId).sort();
    expect(knownConversations).toEqual([client.phoneNumberId, vendas.phoneNumberId].sort());
    expect((await agent.caller.conversations.list({ search: fresh })).items.map((item) => item.phoneNumberId)).toEqual([vendas.phoneNumberId]);
  });
});
