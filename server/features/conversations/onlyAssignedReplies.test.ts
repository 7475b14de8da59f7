// Issue 14 item 19: "only the assigned person replies" was enforced by the inbox's UI only. On the
// server now: an agent sends only in a conversation assigned to them or to nobody (sending takes it),
// admins and owners always; another agent's conversation is a FORBIDDEN (403 for attachments).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { trpcOverHttp } from '#server/testing/trpcOverHttp.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');
const text = (body: string) => ({ kind: 'text' as const, text: body });

describe.each(DATABASE_KINDS)('who may reply on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  async function conversationWithCustomer(phone: string) {
    const client = await kit.newClient();
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone, 'Cliente')], messages: [inbound.text(phone, 'oi')] }));
    await kit.settle();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'owner' });
    const [conversation] = (await owner.caller.conversations.list({})).items;
    return { client, owner, conversationId: conversation!.id };
  }

  const upload = (conversationId: string, token: string) =>
    fetch(`${kit.server.url}/conversations/${conversationId}/attachments`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/pdf', 'x-filename': 'nota.pdf' },
      body: PDF,
    });

  it("lets an agent reply only where the conversation is theirs or nobody's; sending takes it; admins always reply", async () => {
    const { client, owner, conversationId } = await conversationWithCustomer('5511970000001');
    const first = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const second = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });

    // The bot's conversation is nobody's: the first agent's reply takes it.
    await first.caller.conversations.send({ conversationId, content: text('Olá, sou a Ana') });
    const taken = (await owner.caller.conversations.list({})).items.find((item) => item.id === conversationId);
    expect(taken).toMatchObject({ status: 'humano', assignedTo: first.userId });

    // Another agent can neither send text nor a file there, and nothing is queued for them.
    await expect(second.caller.conversations.send({ conversationId, content: text('Eu também respondo') })).rejects.toMatchObject({
      code: 'FORBIDDEN',
      message: expect.stringContaining('assigned to someone else'),
    });
    const overHttp = await trpcOverHttp(kit.server.url, 'conversations.send', 'mutation', { conversationId, content: text('via HTTP') }, second.token);
    expect(overHttp.status).toBe(403);
    const file = await upload(conversationId, second.token);
    expect(file.status).toBe(403);
    expect(((await file.json()) as { error: string }).error).toContain('assigned to someone else');

    // An admin supervises: sends without taking the conversation.
    await admin.caller.conversations.send({ conversationId, content: text('Aqui é a gerente') });
    expect((await owner.caller.conversations.list({})).items.find((item) => item.id === conversationId)).toMatchObject({ assignedTo: first.userId });
    expect((await upload(conversationId, first.token)).status).toBe(201);

    // Transferred to the second agent: now only they reply.
    await admin.caller.conversations.transfer({ conversationId, toUserId: second.userId });
    await expect(first.caller.conversations.send({ conversationId, content: text('ainda eu') })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await second.caller.conversations.send({ conversationId, content: text('Agora sou eu') });
    expect((await owner.caller.conversations.list({})).items.find((item) => item.id === conversationId)).toMatchObject({
      status: 'humano',
      assignedTo: second.userId,
    });

    const senders = (await owner.caller.conversations.messages({ conversationId })).items
      .filter((item) => item.direction === 'outgoing' && item.sentBy)
      .map((item) => item.sentBy);
    expect(senders.filter((id) => id === first.userId)).toHaveLength(2);
    expect(senders.filter((id) => id === second.userId)).toHaveLength(1);
    expect(senders.filter((id) => id === admin.userId)).toHaveLength(1);
  });

  it('gives an unassigned conversation to exactly one of three agents replying at once', async () => {
    const { client, owner, conversationId } = await conversationWithCustomer('5511970000002');
    const agents = await Promise.all([1, 2, 3].map(() => kit.server.signIn({ clientId: client.id, role: 'agent' })));
    const results = await Promise.allSettled(
      agents.map((agent, index) => agent.caller.conversations.send({ conversationId, content: text(`resposta ${index}`) })),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const winner = agents[results.findIndex((result) => result.status === 'fulfilled')]!;
    expect((await owner.caller.conversations.list({})).items.find((item) => item.id === conversationId)).toMatchObject({ assignedTo: winner.userId });
  });
});
