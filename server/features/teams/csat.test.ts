// The satisfaction survey through the test phone on both databases: a person resolves, the
// customer gets a 1–5 list, chooses, comments; the answer is stored with the agent and the team
// and the conversation stays resolved. Off by default; no survey for a chat only the bot had.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (done(value) || attempt > 200) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let counter = 0;
const newPhone = () => `55117${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;

describe.each(DATABASE_KINDS)('CSAT through the test phone on %s', (kind) => {
  let kit: WhatsAppKit;
  const removed = RESPONDERS.filter((responder) => responder.name === 'ai-reply');
  beforeAll(async () => {
    // No AI replies: what the customer receives is the survey's doing.
    RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => responder.name !== 'ai-reply'));
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.push(...removed);
    await kit?.dispose();
  });

  const thread = async (
    admin: SignedIn,
    customerId: string,
    done: (messages: Awaited<ReturnType<SignedIn['caller']['testPhone']['thread']>>['messages']) => boolean,
  ) => {
    await kit.settle();
    return (
      await eventually(
        () => admin.caller.testPhone.thread({ customerId }),
        (value) => done(value.messages),
      )
    ).messages;
  };

  it('asks after a person resolves, stores the rating and comment per agent and team, and keeps the chat resolved', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    expect(await admin.caller.teams.csatSettings()).toMatchObject({ enabled: false });
    await admin.caller.teams.setCsatSettings({ enabled: true });
    const team = await admin.caller.teams.create({ name: 'Suporte', assignment: 'manual', memberIds: [agent.userId] });
    const customer = await admin.caller.testPhone.customers.create({ name: 'Rosa Teste', phone: newPhone() });

    await admin.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: 'preciso de ajuda' } });
    await kit.settle();
    const conversation = (await agent.caller.conversations.list({ tests: 'only' })).items.find((item) => item.phone === customer.phone)!;
    await agent.caller.teams.sendTo({ conversationId: conversation.id, teamId: team.id });
    await agent.caller.conversations.takeOver({ conversationId: conversation.id });
    await agent.caller.conversations.send({ conversationId: conversation.id, content: { kind: 'text', text: 'Olá, resolvido!' } });
    await agent.caller.conversations.resolve({ conversationId: conversation.id });

    let messages = await thread(admin, customer.id, (list) => list.length === 3);
    expect(messages[2]).toMatchObject({ fromCustomer: false, type: 'interactive' });
    expect(JSON.stringify(messages[2]!.metadata)).toContain('csat:5');

    await admin.caller.testPhone.send({
      customerId: customer.id,
      message: { type: 'list_reply', id: 'csat:4', title: '4 - Bom', contextWamid: messages[2]!.wamid! },
    });
    messages = await thread(admin, customer.id, (list) => list.length === 5);
    expect(messages[4]!.content).toBe('Obrigado! Se quiser, escreva um comentário sobre o atendimento.');
    await admin.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: 'Atendente muito atenciosa' } });
    messages = await thread(admin, customer.id, (list) => list.length === 7);
    expect(messages[6]!.content).toBe('Obrigado pela sua avaliação!');

    const { csatResponses, conversationEpisodes } = kit.server.app.db.t;
    const [answer] = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(csatResponses)
        .where(and(eq(csatResponses.clientId, client.id), eq(csatResponses.conversationId, conversation.id))),
    );
    expect(answer).toMatchObject({ rating: 4, comment: 'Atendente muito atenciosa', agentId: agent.userId, teamId: team.id });
    const after = (await agent.caller.conversations.list({ tests: 'only' })).items.find((item) => item.id === conversation.id)!;
    expect(after.status).toBe('resolved');
    // One episode: the person's; the rating's round trip closes none.
    const episodes = await kit.server.app.db.tenant(client.id, (tx) =>
      tx.select().from(conversationEpisodes).where(eq(conversationEpisodes.clientId, client.id)),
    );
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({ agentId: agent.userId, teamId: team.id });
    expect(episodes[0]!.firstResponseSeconds).toBeGreaterThanOrEqual(0);

    // A later "5" is a new matter, not a second rating: the bot's turn (no survey reply).
    await admin.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: '5' } });
    await kit.settle();
    messages = (await admin.caller.testPhone.thread({ customerId: customer.id })).messages;
    // (The thread orders by WhatsApp's seconds-resolution timestamps: compare contents, not positions.)
    expect(messages.filter((message) => !message.fromCustomer).map((message) => message.content)).toEqual(
      expect.arrayContaining([
        'Olá, resolvido!',
        'Como você avalia o nosso atendimento?',
        'Obrigado! Se quiser, escreva um comentário sobre o atendimento.',
        'Obrigado pela sua avaliação!',
      ]),
    );
    expect(messages.filter((message) => !message.fromCustomer)).toHaveLength(4);
    expect(messages.filter((message) => message.fromCustomer).map((message) => message.content)).toContain('5');
    const rated = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(csatResponses).where(eq(csatResponses.clientId, client.id)));
    expect(rated.map((row) => row.rating)).toEqual([4]);
  });

  it('sends no survey while it is off, nor for a chat nobody took', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const customer = await admin.caller.testPhone.customers.create({ name: 'Caio Teste', phone: newPhone() });
    await admin.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: 'oi' } });
    await kit.settle();
    const conversation = (await admin.caller.conversations.list({ tests: 'only' })).items.find((item) => item.phone === customer.phone)!;
    await admin.caller.conversations.takeOver({ conversationId: conversation.id });
    await admin.caller.conversations.resolve({ conversationId: conversation.id });
    await admin.caller.teams.setCsatSettings({ enabled: true });
    await admin.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: 'de novo' } });
    await kit.settle();
    await admin.caller.conversations.resolve({ conversationId: conversation.id });
    const messages = await thread(admin, customer.id, (list) => list.length === 2);
    expect(messages.every((message) => message.fromCustomer)).toBe(true);
  });
});
