// A flow step's replies are queued as one batch (whatsapp/outbox/insertOutboundBatch.ts): the
// customer gets them in order, a step of four replies writes its messages with one insert (not one
// per reply), a re-run of the batch queues nothing twice, and replies WhatsApp would refuse are
// left out without writing anything. Through signed webhooks, the inbox, the flows responder and
// the fake Graph API; the batch itself also directly, for the re-run and the refusal.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Responder } from '#server/app/responder.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { countStatements } from '#server/db/statementCounter.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { end, flowFixture, message, textQuestion } from '#shared/flows/testing/flowFixture.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { announceOutboundBatch, insertOutboundBatch } from '../whatsapp/index.js';
import { clientWithKeywordFlow } from './fixtures/keywordFlow.js';

let counter = 0;
const newPhone = () => `55119${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)("a flow step's replies on %s", (kind) => {
  let kit: WhatsAppKit;
  const saved = [...RESPONDERS];
  /** SQL sent while the flows responder handled a message (other loops may add statements of their own). */
  let during: string[] = [];
  beforeAll(async () => {
    const flows = saved.find((responder) => responder.name === 'flows')!;
    const counted: Responder = {
      name: 'flows',
      async respond(inbound) {
        const counting = countStatements();
        try {
          return await flows.respond(inbound);
        } finally {
          during = counting.stop().statements;
        }
      },
    };
    RESPONDERS.splice(0, RESPONDERS.length, counted);
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...saved);
    await kit?.dispose();
  });

  const liveFlow = async (document: FlowDocument, keyword: string) => (await clientWithKeywordFlow(kit, document, keyword)).client;
  async function say(client: { phoneNumberId: string }, from: string, text: string) {
    const response = await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from, 'Bia Souza')], messages: [inbound.text(from, text)] }));
    expect(response.status).toBe(200);
    await kit.settle();
  }
  const sentTo = (to: string) => kit.graph.sent.filter((sent) => sent.to === to).map((sent) => (sent.body.text as { body: string }).body);
  /** The customer's conversation and the messages they sent in it. */
  async function chatOf(clientId: string, phone: string) {
    const db = kit.server.app.db;
    const { conversations, messages } = db.t;
    return db.tenant(clientId, async (tx) => {
      const [conversation] = await tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone)));
      const incoming = await tx
        .select()
        .from(messages)
        .where(and(eq(messages.conversationId, conversation!.id), eq(messages.direction, 'incoming')));
      return { conversation: conversation!, incoming };
    });
  }
  const inserts = (statements: string[]) => statements.filter((statement) => /^insert into "messages"/i.test(statement)).length;

  it('sends four replies of one step in order, written by one insert', async () => {
    const document = flowFixture(
      [
        message('hi', 'Olá!'),
        message('plans', 'Temos três planos.'),
        message('pick', 'Vamos escolher juntos.'),
        textQuestion('name', 'Qual é o seu nome?', 'name'),
        end('bye', 'bot', 'Até logo, {{name}}!'),
      ],
      [
        ['hi', 'plans'],
        ['plans', 'pick'],
        ['pick', 'name'],
        ['name', 'bye'],
      ],
    );
    const client = await liveFlow(document, 'planos');
    const phone = newPhone();
    await say(client, phone, 'planos');
    expect(sentTo(phone)).toEqual(['Olá!', 'Temos três planos.', 'Vamos escolher juntos.', 'Qual é o seu nome?']);
    expect(inserts(during)).toBe(1);

    await say(client, phone, 'Bia');
    expect(sentTo(phone)).toEqual(['Olá!', 'Temos três planos.', 'Vamos escolher juntos.', 'Qual é o seu nome?', 'Até logo, Bia!']);
    expect(inserts(during)).toBe(1);

    // The inbox list shows the last reply, and the answer is marked answered.
    const { conversation, incoming } = await chatOf(client.id, phone);
    expect(conversation.lastMessage).toBe('Até logo, Bia!');
    expect(incoming.map((row) => row.answeredAt !== null)).toEqual([true, true]);
  });

  it('a batch run again queues nothing twice; replies WhatsApp would refuse are left out and nothing is written', async () => {
    const client = await liveFlow(flowFixture([message('one', 'Um.'), end('bye', 'bot')], [['one', 'bye']]), 'um');
    const phone = newPhone();
    await say(client, phone, 'um');
    const db = kit.server.app.db;
    const { conversations, messages } = db.t;
    const { conversation, incoming } = await chatOf(client.id, phone);
    const answer = incoming[0];
    const batch = {
      clientId: client.id,
      conversationId: conversation.id,
      contents: [
        { kind: 'text' as const, text: 'Primeira.' },
        { kind: 'text' as const, text: '' },
        { kind: 'text' as const, text: 'Terceira.' },
      ],
      replyKeys: { messageId: answer!.id, prefix: 'test/' },
    };
    const first = await db.tenant(client.id, (tx) => insertOutboundBatch(kit.server.app, tx, batch));
    expect(first.queued.map((row) => row.content)).toEqual(['Primeira.', 'Terceira.']);
    expect(first.refused.map((refusal) => refusal.index)).toEqual([1]);
    expect(first.queued[0]!.timestamp.getTime()).toBeLessThan(first.queued[1]!.timestamp.getTime());
    announceOutboundBatch(kit.server.app, first);
    const again = await db.tenant(client.id, (tx) => insertOutboundBatch(kit.server.app, tx, batch));
    expect(again).toMatchObject({ queued: [], conversation: null });
    await kit.settle();
    expect(sentTo(phone)).toEqual(['Um.', 'Primeira.', 'Terceira.']);

    // Another client's conversation is not found, and nothing is written for it.
    const other = await kit.newClient();
    await expect(db.tenant(other.id, (tx) => insertOutboundBatch(kit.server.app, tx, { ...batch, clientId: other.id, replyKeys: null }))).rejects.toThrow(
      'conversation not found',
    );

    // A conversation whose customer never wrote has no 24-hour window: free text is refused, nothing written.
    const [silent] = await db.tenant(client.id, (tx) => tx.insert(conversations).values({ clientId: client.id, phone: newPhone() }).returning());
    const refused = await db.tenant(client.id, (tx) => insertOutboundBatch(kit.server.app, tx, { ...batch, conversationId: silent!.id, replyKeys: null }));
    expect(refused.queued).toEqual([]);
    expect(refused.refused.map((refusal) => refusal.error.message)).toEqual([
      expect.stringContaining('no 24-hour window'),
      expect.any(String),
      expect.stringContaining('no 24-hour window'),
    ]);
    const written = await db.tenant(client.id, (tx) => tx.select().from(messages).where(eq(messages.conversationId, silent!.id)));
    expect(written).toEqual([]);
  });
});
