// Flows read and write contact attributes (`contact_<key>` variables) through the real message
// path: a keyword starts the flow, its message shows the stored value, a question saves the
// customer's answer into the attribute; an answer that does not fit the attribute's type is not saved.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { end, flowFixture, message, textQuestion } from '#shared/flows/testing/flowFixture.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

describe.each(DATABASE_KINDS)('flows and contact attributes on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  it('a flow shows a contact attribute and a question saves the answer into one', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    await admin.caller.contacts.attributes.define({ key: 'cidade', label: 'Cidade', type: 'text' });
    await admin.caller.contacts.attributes.define({ key: 'idade', label: 'Idade', type: 'number' });
    const phone = '5511955510001';
    const saved = await admin.caller.contacts.save({ name: 'Lia', phone, attributes: { cidade: 'Santos' } });
    const flow = await admin.caller.flows.create({
      name: 'Cadastro',
      triggerType: 'keyword',
      triggerKeywords: ['cadastro'],
      document: flowFixture(
        [
          message('atual', 'Sua cidade hoje: {{contact_cidade}}.'),
          textQuestion('cidade', 'Qual a sua nova cidade?', 'contact_cidade'),
          textQuestion('idade', 'E a sua idade?', 'contact_idade'),
          end('fim', 'bot', 'Anotado: {{contact_cidade}}.'),
        ],
        [
          ['atual', 'cidade'],
          ['cidade', 'idade'],
          ['idade', 'fim'],
        ],
      ),
    });
    await admin.caller.flows.publish({ id: flow.id });
    const say = async (text: string) => {
      await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone, 'Lia')], messages: [inbound.text(phone, text)] }));
      await kit.settle();
    };
    const texts = () => kit.graph.sent.filter((s) => s.to === phone && s.body.type === 'text').map((s) => (s.body.text as { body: string }).body);

    await say('cadastro');
    expect(texts()).toEqual(['Sua cidade hoje: Santos.', 'Qual a sua nova cidade?']);
    await say('Campinas');
    // Not a number: the flow goes on with the text, the attribute keeps no value.
    await say('trinta');
    expect(texts().at(-1)).toBe('Anotado: Campinas.');
    const page = await admin.caller.contacts.get({ id: saved.contact.id });
    expect(page.contact.attributes).toEqual({ cidade: 'Campinas' });

    // A customer with no contact yet: answering creates it with the attribute.
    const newcomer = '5511955510002';
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(newcomer, 'Rui')], messages: [inbound.text(newcomer, 'cadastro')] }));
    await kit.settle();
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(newcomer, 'Rui')], messages: [inbound.text(newcomer, 'Recife')] }));
    await kit.settle();
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(newcomer, 'Rui')], messages: [inbound.text(newcomer, '41')] }));
    await kit.settle();
    const { clientesWhatsapp } = kit.server.app.db.t;
    const [rui] = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(clientesWhatsapp)
        .where(and(eq(clientesWhatsapp.clientId, client.id), eq(clientesWhatsapp.telefone, newcomer))),
    );
    expect((await admin.caller.contacts.get({ id: rui!.id })).contact.attributes).toEqual({ cidade: 'Recife', idade: '41' });
  });
});
