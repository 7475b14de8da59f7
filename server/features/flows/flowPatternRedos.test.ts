// ReDoS through a published flow: a pattern with nested quantifiers used to backtrack for minutes
// on a short customer answer, blocking every tenant. Patterns now run on RE2 (linear time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { clientWithKeywordFlow } from './fixtures/keywordFlow.js';
import { condition, end, flowFixture, message, textQuestion } from '#shared/flows/testing/flowFixture.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';

let counter = 0;
const newPhone = () => `55118${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)('flow patterns cannot stall the server on %s', (kind) => {
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

  const liveFlow = async (document: FlowDocument, keyword: string) => (await clientWithKeywordFlow(kit, document, keyword)).client;
  const send = (phoneNumberId: string, from: string, text: string) =>
    kit.deliver(envelope(phoneNumberId, { contacts: [contact(from, 'Ana')], messages: [inbound.text(from, text)] }));
  const texts = (to: string) => kit.graph.sent.filter((sent) => sent.to === to).map((sent) => (sent.body.text as { body: string } | undefined)?.body);

  it('answers a catastrophic-backtracking answer normally while another tenant is served', async () => {
    const attacked = await liveFlow(
      flowFixture(
        [
          textQuestion('code', 'Código?', 'code', 'pattern', { pattern: '^(a+)+$' }),
          condition('check', [{ id: 'nested', variable: 'code', operator: 'matches', value: '^(a|aa)+$' }]),
          end('ok', 'bot', 'Código aceito'),
          end('no', 'bot', 'Código estranho'),
        ],
        [
          ['code', 'check'],
          ['check', 'branch:nested', 'ok'],
          ['check', 'default', 'no'],
        ],
      ),
      'codigo',
    );
    const bystander = await liveFlow(flowFixture([message('hi', 'Olá, vizinho'), end('bye')], [['hi', 'bye']]), 'oi');
    const customer = newPhone();
    const neighbour = newPhone();

    expect((await send(attacked.phoneNumberId, customer, 'codigo')).status).toBe(200);
    await kit.settle();
    // Backtracking engines take ~2^n steps on these (n = 5,000 and 40): the old code never finished.
    const attack = [`${'a'.repeat(5000)}!`, `${'a'.repeat(40)}!`];
    const [first, second, other] = await Promise.all([
      send(attacked.phoneNumberId, customer, attack[0]!),
      send(attacked.phoneNumberId, customer, attack[1]!),
      send(bystander.phoneNumberId, neighbour, 'oi'),
    ]);
    expect([first.status, second.status, other.status]).toEqual([200, 200, 200]);
    await kit.settle();
    expect(texts(neighbour)).toEqual(['Olá, vizinho']);
    // Both attack answers fail validation the normal way: the retry message and the question again.
    expect(texts(customer)).toEqual(['Código?', 'Não entendi. Pode responder de novo?', 'Código?', 'Não entendi. Pode responder de novo?', 'Código?']);

    // A matching answer still passes, and the condition's nested pattern is evaluated too.
    expect((await send(attacked.phoneNumberId, customer, 'a'.repeat(3000))).status).toBe(200);
    await kit.settle();
    expect(texts(customer).at(-1)).toBe('Código aceito');
  });

  it('refuses to publish a flow whose pattern uses a backreference', async () => {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const flow = await owner.caller.flows.create({
      name: `Flow ${++counter}`,
      document: flowFixture([textQuestion('q', 'Code?', 'code', 'pattern', { pattern: '(a)\\1' }), end('e')], [['q', 'e']]),
      triggerType: 'keyword',
      triggerKeywords: ['x'],
      triggerQrCode: null,
    });
    await expect(owner.caller.flows.publish({ id: flow.id })).rejects.toThrow(/backreferences/);
  });
});
