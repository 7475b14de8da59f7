// People and a running flow, through signed webhooks and tRPC on both databases: a takeover pauses
// the execution (or cancels it, as the client's takeover policy says), the return to the bot
// resumes it (the question asked again, the delay waited again) or restarts its flow; a customer's
// message during a delay is answered after the delay instead of never.
import { and, desc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import type { FlowDocument } from '#shared/flows/flowDocument.js';
import { end, flowFixture, message, textQuestion } from '#shared/flows/testing/flowFixture.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { clientWithKeywordFlow } from './fixtures/keywordFlow.js';
import { waitForOutboxDrained } from '../whatsapp/outbox/waitForOutboxDrained.js';
import { runDueFlowTimers } from './executor/runDueFlowTimers.js';

let counter = 0;
const newPhone = () => `55117${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;

/** Asks a name, then thanks by name. */
const nameFlow = () =>
  flowFixture(
    [message('hi', 'Olá!'), textQuestion('q', 'Qual o seu nome?', 'nome'), end('bye', 'bot', 'Obrigado, {{nome}}!')],
    [
      ['hi', 'q'],
      ['q', 'bye'],
    ],
  );

describe.each(DATABASE_KINDS)('flows and people taking over on %s', (kind) => {
  let kit: WhatsAppKit;
  const otherResponders = RESPONDERS.filter((responder) => responder.name !== 'flows');
  beforeAll(async () => {
    // Only the flows answer here: what the customer receives is the flow's doing.
    RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => responder.name === 'flows'));
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.push(...otherResponders);
    await kit?.dispose();
  });

  async function tenant(document: FlowDocument, keyword: string) {
    const { client, owner } = await clientWithKeywordFlow(kit, document, keyword);
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    return { client, owner, agent };
  }
  const say = async (phoneNumberId: string, phone: string, text: string) => {
    const response = await kit.deliver(envelope(phoneNumberId, { contacts: [contact(phone, 'Caio Reis')], messages: [inbound.text(phone, text)] }));
    expect(response.status).toBe(200);
    await kit.settle();
    await waitForOutboxDrained(kit.server.app);
  };
  const seen = new Map<string, number>();
  /** Texts the customer received since the last call. */
  const received = (to: string) => {
    const all = kit.graph.sent.filter((sent) => sent.to === to).map((sent) => (sent.body.text as { body: string } | undefined)?.body ?? String(sent.body.type));
    const from = seen.get(to) ?? 0;
    seen.set(to, all.length);
    return all.slice(from);
  };
  const conversation = async (clientId: string, phone: string) => {
    const { conversations } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(conversations)
        .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
    );
    return row!;
  };
  const latestExecution = async (clientId: string) => {
    const { flowExecutions } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx.select().from(flowExecutions).where(eq(flowExecutions.clientId, clientId)).orderBy(desc(flowExecutions.startedAt)).limit(1),
    );
    return row!;
  };
  const returnToBot = async (agent: SignedIn, conversationId: string) => {
    await agent.caller.conversations.returnToBot({ conversationId });
    await waitForOutboxDrained(kit.server.app);
  };

  it('pauses the flow at its question when a person takes over, and asks it again when the chat goes back to the bot', async () => {
    const { client, agent } = await tenant(nameFlow(), 'cadastro');
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'cadastro');
    expect(received(phone)).toEqual(['Olá!', 'Qual o seu nome?']);
    const { id } = await conversation(client.id, phone);

    await agent.caller.conversations.takeOver({ conversationId: id });
    expect(await latestExecution(client.id)).toMatchObject({ status: 'handed_off', currentBlockId: 'q', errorDetails: { pausedBy: 'takeover' } });
    // While the person has the chat, the flow says nothing and its question does not expire.
    await say(client.phoneNumberId, phone, 'quero falar com alguém');
    await agent.caller.conversations.send({ conversationId: id, content: { kind: 'text', text: 'Claro, pode falar.' } });
    await waitForOutboxDrained(kit.server.app);
    expect(received(phone)).toEqual(['Claro, pode falar.']);
    expect(await runDueFlowTimers(kit.server.app, new Date(Date.now() + 24 * 60 * 60_000))).toMatchObject({ expired: 0 });

    await returnToBot(agent, id);
    expect(received(phone)).toEqual(['Qual o seu nome?']);
    expect((await conversation(client.id, phone)).status).toBe('fluxo_inicial');
    expect(await latestExecution(client.id)).toMatchObject({ status: 'waiting_input', currentBlockId: 'q' });
    await say(client.phoneNumberId, phone, 'Caio');
    expect(received(phone)).toEqual(['Obrigado, Caio!']);
    expect((await conversation(client.id, phone)).status).toBe('bot');
  });

  it('cancels the flow on a takeover when the policy says so, and nothing resumes on the return', async () => {
    const { client, owner, agent } = await tenant(nameFlow(), 'cancela');
    expect(await owner.caller.conversations.setTakeoverPolicy({ onTakeover: 'cancel' })).toEqual({ onTakeover: 'cancel', onReturn: 'resume' });
    expect(await agent.caller.conversations.takeoverPolicy()).toEqual({ onTakeover: 'cancel', onReturn: 'resume' });
    await expect(agent.caller.conversations.setTakeoverPolicy({ onTakeover: 'pause' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'cancela');
    received(phone);
    const { id } = await conversation(client.id, phone);
    await agent.caller.conversations.takeOver({ conversationId: id });
    expect(await latestExecution(client.id)).toMatchObject({ status: 'completed', errorDetails: { then: 'cancelled_by_takeover' } });
    await returnToBot(agent, id);
    expect(received(phone)).toEqual([]);
    expect((await conversation(client.id, phone)).status).toBe('bot');
  });

  it('restarts the flow from its start on the return when the policy says so', async () => {
    const { client, owner, agent } = await tenant(nameFlow(), 'recomeça');
    await owner.caller.conversations.setTakeoverPolicy({ onReturn: 'restart' });
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'recomeça');
    received(phone);
    const { id } = await conversation(client.id, phone);
    await agent.caller.conversations.takeOver({ conversationId: id });
    await returnToBot(agent, id);
    expect(received(phone)).toEqual(['Olá!', 'Qual o seu nome?']);
    expect((await conversation(client.id, phone)).status).toBe('fluxo_inicial');
    const { flowExecutions } = kit.server.app.db.t;
    const all = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(flowExecutions).where(eq(flowExecutions.clientId, client.id)));
    expect(all.map((row) => row.status).sort()).toEqual(['completed', 'waiting_input']);
  });

  it('pauses a delay on a takeover and waits it again after the return; resolving ends the flow', async () => {
    const document = flowFixture(
      [message('a', 'Um minuto'), { id: 'd', type: 'delay', data: { seconds: 60 } }, end('b', 'bot', 'Voltei!')],
      [
        ['a', 'd'],
        ['d', 'b'],
      ],
    );
    const { client, agent } = await tenant(document, 'espera');
    const phone = newPhone();
    await say(client.phoneNumberId, phone, 'espera');
    received(phone);
    const { id } = await conversation(client.id, phone);
    await agent.caller.conversations.takeOver({ conversationId: id });
    expect(await latestExecution(client.id)).toMatchObject({ status: 'handed_off', resumeAt: null, errorDetails: { waited: 'waiting_delay' } });
    expect(await runDueFlowTimers(kit.server.app, new Date(Date.now() + 61_000))).toMatchObject({ resumed: 0 });
    await returnToBot(agent, id);
    expect(await latestExecution(client.id)).toMatchObject({ status: 'waiting_delay', currentBlockId: 'd' });
    expect((await conversation(client.id, phone)).status).toBe('fluxo_inicial');
    expect(await runDueFlowTimers(kit.server.app, new Date(Date.now() + 61_000))).toMatchObject({ resumed: 1 });
    await waitForOutboxDrained(kit.server.app);
    expect(received(phone)).toEqual(['Voltei!']);

    // Resolving a conversation in a flow ends the flow: the customer's next message reopens it with the bot, not the old flow.
    await say(client.phoneNumberId, phone, 'espera');
    received(phone);
    await agent.caller.conversations.resolve({ conversationId: id });
    expect(await latestExecution(client.id)).toMatchObject({ status: 'completed', errorDetails: { then: 'ended_by_person' } });
    await say(client.phoneNumberId, phone, 'oi');
    expect(received(phone)).toEqual([]);
    expect((await conversation(client.id, phone)).status).toBe('bot');
  });

  it('answers a message that arrives during a delay after the delay, as the answer to the next question', async () => {
    const document = flowFixture(
      [
        message('a', 'Só um instante...'),
        { id: 'd', type: 'delay', data: { seconds: 1 } },
        textQuestion('q', 'Qual o seu nome?', 'nome'),
        end('bye', 'bot', 'Obrigado, {{nome}}!'),
      ],
      [
        ['a', 'd'],
        ['d', 'q'],
        ['q', 'bye'],
      ],
    );
    const { client } = await tenant(document, 'pedido');
    const phone = newPhone();
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone, 'Caio Reis')], messages: [inbound.text(phone, 'pedido')] }));
    await kit.settle();
    expect(await latestExecution(client.id)).toMatchObject({ status: 'waiting_delay' });
    // During the delay: kept in the customer's queue (say() waits for the inbox to drain), then answered once the delay is over.
    await say(client.phoneNumberId, phone, 'Ana');
    expect(received(phone)).toEqual(['Só um instante...', 'Qual o seu nome?', 'Obrigado, Ana!']);
    expect(await latestExecution(client.id)).toMatchObject({ status: 'completed' });
    const { webhookInbox } = kit.server.app.db.t;
    const events = await kit.server.app.db.system((tx) => tx.select().from(webhookInbox).where(eq(webhookInbox.clientId, client.id)));
    expect(events.map((event) => event.state)).toEqual(['done', 'done']);
  });
});
