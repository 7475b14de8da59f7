import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound, status } from '../fixtures/webhookFixtures.js';
import { APP_SECRET, startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import type { OutboundContent } from '#shared/whatsapp/outboundContent.js';
import { enqueueOutbound } from './enqueueOutbound.js';

describe.each(DATABASE_KINDS)('WhatsApp outbox on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  let phoneCounter = 0;
  /** A client and a customer who just wrote (window open). */
  async function openConversation(options: { write?: boolean } = {}) {
    const client = await kit.newClient();
    const phone = `55119${(40000000 + ++phoneCounter * 1000 + Math.floor(Math.random() * 999)).toString()}`;
    if (options.write !== false) {
      await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'oi')] }));
      await kit.settle();
    } else {
      const { conversations } = kit.server.app.db.t;
      await kit.server.app.db.tenant(client.id, (tx) => tx.insert(conversations).values({ clientId: client.id, phone }));
    }
    const { conversations } = kit.server.app.db.t;
    const [conversation] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    return { client, phone, conversation: conversation! };
  }
  const messageRow = async (clientId: string, id: string) => {
    const { messages } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, clientId), eq(messages.id, id))),
    );
    return row!;
  };

  it("stores queued, sends in order, records the wamid, and builds Meta's payloads for every kind", async () => {
    const { client, phone, conversation } = await openConversation();
    const before = kit.graph.sent.length;
    const contents: OutboundContent[] = [
      { kind: 'text', text: 'Olá! Em que posso ajudar?' },
      {
        kind: 'buttons',
        body: 'Escolha',
        buttons: [
          { id: 'a', title: 'Pedido' },
          { id: 'b', title: 'Falar com atendente' },
        ],
      },
      {
        kind: 'list',
        body: 'Cardápio',
        buttonText: 'Ver opções',
        sections: [{ title: 'Pães', rows: [{ id: 'p1', title: 'Francês', description: 'R$ 0,90' }] }],
      },
      { kind: 'media', mediaType: 'image', link: 'https://example.com/pao.jpg', caption: 'Nosso pão' },
      { kind: 'template', name: 'pedido_pronto', language: 'pt_BR', components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }] }] },
      { kind: 'reaction', messageWamid: 'wamid.x', emoji: '❤️' },
    ];
    const ids: string[] = [];
    for (const content of contents) {
      const { messageId } = await enqueueOutbound(kit.server.app, {
        clientId: client.id,
        conversationId: conversation.id,
        content,
        replyToWamid: content.kind === 'text' ? 'wamid.quoted' : null,
      });
      ids.push(messageId);
    }
    const queued = await messageRow(client.id, ids[1]!);
    expect(queued.direction).toBe('outgoing');
    expect(queued.type).toBe('interactive');
    expect(queued.metadata.interactive).toMatchObject({
      type: 'button',
      buttons: [
        { id: 'a', title: 'Pedido' },
        { id: 'b', title: 'Falar com atendente' },
      ],
    });
    await kit.settle();
    const sent = kit.graph.sent.slice(before);
    expect(sent.map((item) => item.body.type)).toEqual(['text', 'interactive', 'interactive', 'image', 'template', 'reaction']);
    expect(sent.every((item) => item.to === phone && item.token === 'EAAtest-access-token' && item.phoneNumberId === client.phoneNumberId)).toBe(true);
    expect(sent[0]!.body).toMatchObject({
      text: { body: 'Olá! Em que posso ajudar?' },
      context: { message_id: 'wamid.quoted' },
      biz_opaque_callback_data: ids[0],
    });
    expect(sent[1]!.body.interactive).toMatchObject({
      type: 'button',
      action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'Pedido' } }, expect.anything()] },
    });
    expect(sent[2]!.body.interactive).toMatchObject({
      type: 'list',
      action: { button: 'Ver opções', sections: [{ title: 'Pães', rows: [{ id: 'p1', title: 'Francês', description: 'R$ 0,90' }] }] },
    });
    expect(sent[3]!.body.image).toEqual({ link: 'https://example.com/pao.jpg', caption: 'Nosso pão' });
    expect(sent[4]!.body.template).toMatchObject({ name: 'pedido_pronto', language: { code: 'pt_BR' } });
    for (const [index, id] of ids.entries()) {
      expect(await messageRow(client.id, id)).toMatchObject({ status: 'sent', wamid: sent[index]!.wamid, sendAttempts: 1 });
    }
    const { conversations } = kit.server.app.db.t;
    const [after] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.id, conversation.id)));
    expect(after!.lastMessage).toBe('❤️');
  });

  it("checks Meta's limits and the 24-hour window before storing anything", async () => {
    const { client, conversation } = await openConversation();
    const send = (content: Parameters<typeof enqueueOutbound>[1]['content'], conversationId = conversation.id) =>
      enqueueOutbound(kit.server.app, { clientId: client.id, conversationId, content });
    await expect(send({ kind: 'buttons', body: 'x', buttons: [1, 2, 3, 4].map((n) => ({ id: `b${n}`, title: `B${n}` })) })).rejects.toThrow(
      /at most 3 reply buttons/,
    );
    await expect(send({ kind: 'buttons', body: 'x', buttons: [{ id: 'a', title: 'A title that is way too long' }] })).rejects.toThrow(
      /button 1 title has 28 characters; WhatsApp allows at most 20/,
    );
    await expect(
      send({ kind: 'list', body: 'x', buttonText: 'ver', sections: [{ rows: Array.from({ length: 11 }, (_, n) => ({ id: `r${n}`, title: `R${n}` })) }] }),
    ).rejects.toThrow(/at most 10 rows/);
    await expect(send({ kind: 'text', text: 'x'.repeat(4097) })).rejects.toThrow(/4097 characters/);
    await expect(send({ kind: 'buttons', body: 'y'.repeat(1025), buttons: [{ id: 'a', title: 'A' }] })).rejects.toThrow(/body has 1025 characters/);
    await expect(send({ kind: 'media', mediaType: 'audio', link: 'https://example.com/a.ogg', caption: 'no' })).rejects.toThrow(/cannot have a caption/);
    await expect(send({ kind: 'text', text: 'x' }, '00000000-0000-4000-8000-000000000000')).rejects.toThrow(/conversation not found/);

    const silent = await openConversation({ write: false });
    await expect(
      enqueueOutbound(kit.server.app, { clientId: silent.client.id, conversationId: silent.conversation.id, content: { kind: 'text', text: 'oi' } }),
    ).rejects.toThrow(/only a template can be sent/);
    const { conversations, messages } = kit.server.app.db.t;
    await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .update(conversations)
        .set({ lastInboundAt: new Date(Date.now() - 25 * 3600_000) })
        .where(eq(conversations.id, conversation.id)),
    );
    await expect(send({ kind: 'text', text: 'oi' })).rejects.toThrow(/24-hour window to reply closed/);
    const template = await send({ kind: 'template', name: 'retomar_conversa', language: 'pt_BR' });
    const stored = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, client.id), eq(messages.direction, 'outgoing'))),
    );
    expect(stored.map((row) => row.id)).toEqual([template.messageId]);
    // Another client's conversation is "not found" for this client.
    await expect(
      enqueueOutbound(kit.server.app, {
        clientId: silent.client.id,
        conversationId: conversation.id,
        content: { kind: 'template', name: 'x', language: 'pt_BR' },
      }),
    ).rejects.toThrow(/conversation not found/);
  });

  it('retries rate limits, 5xx and pair limits with backoff, and fails with a readable reason on 131047, 131026, 100 and 190', async () => {
    const { client, phone, conversation } = await openConversation();
    const send = async (text: string) =>
      (await enqueueOutbound(kit.server.app, { clientId: client.id, conversationId: conversation.id, content: { kind: 'text', text } })).messageId;
    kit.graph.failNext(phone, 130429, 1);
    kit.graph.failNext(phone, 131000, 1, { http: 500 });
    const retried = await send('vai depois de dois erros');
    // Polled rather than settle(): between two attempts the row can be leased (due far ahead)
    // before the sender counts it in flight, and a loaded machine widens that gap.
    await expect.poll(async () => (await messageRow(client.id, retried)).status, { timeout: 20_000 }).toBe('sent');
    const row = await messageRow(client.id, retried);
    expect(row).toMatchObject({ status: 'sent', sendAttempts: 3, errorDetails: null });

    const expectations: Array<[number, RegExp]> = [
      [131047, /24 hours.*template/],
      [131026, /could not deliver/],
      [100, /rejected a parameter/],
      [190, /access token has expired or was revoked: renew it/],
    ];
    for (const [code, reason] of expectations) {
      kit.graph.failNext(phone, code, 1);
      const id = await send(`falha ${code}`);
      await kit.settle();
      const failed = await messageRow(client.id, id);
      expect(failed.status).toBe('failed');
      expect(failed.sendAttempts).toBe(1);
      expect(failed.errorDetails).toMatchObject({ code, retrying: false });
      expect(String(failed.errorDetails!.reason)).toMatch(reason);
    }
  });

  it('moves a message forward through statuses, never backwards, ignoring duplicates and out-of-order deliveries', async () => {
    const { client, phone, conversation } = await openConversation();
    const { messageId } = await enqueueOutbound(kit.server.app, {
      clientId: client.id,
      conversationId: conversation.id,
      content: { kind: 'text', text: 'status test' },
    });
    await kit.settle();
    const { wamid } = await messageRow(client.id, messageId);
    const target = { webhookUrl: kit.webhookUrl, appSecret: APP_SECRET, phoneNumberId: client.phoneNumberId };
    await kit.graph.postStatus(target, { wamid: wamid!, status: 'read', recipient: phone });
    await kit.graph.postStatus(target, { wamid: wamid!, status: 'delivered', recipient: phone });
    await kit.graph.postStatus(target, { wamid: wamid!, status: 'sent', recipient: phone });
    await kit.graph.postStatus(target, { wamid: wamid!, status: 'read', recipient: phone });
    await kit.graph.postStatus(target, { wamid: wamid!, status: 'failed', recipient: phone, errorCode: 131049 });
    await kit.settle();
    expect((await messageRow(client.id, messageId)).status).toBe('read');
    await kit.graph.postStatus(target, { wamid: wamid!, status: 'played', recipient: phone });
    await kit.settle();
    expect((await messageRow(client.id, messageId)).status).toBe('played');
  });

  it('records an asynchronous failure (131047 in a status webhook) with a readable reason', async () => {
    const { client, phone, conversation } = await openConversation();
    const { messageId } = await enqueueOutbound(kit.server.app, {
      clientId: client.id,
      conversationId: conversation.id,
      content: { kind: 'text', text: 'vai falhar depois' },
    });
    await kit.settle();
    const { wamid } = await messageRow(client.id, messageId);
    await kit.deliver(
      envelope(client.phoneNumberId, {
        statuses: [
          status(wamid!, 'failed', phone, {
            errors: [
              {
                code: 131047,
                title: 'Re-engagement message',
                message: 'Re-engagement message',
                error_data: { details: 'More than 24 hours have passed since the recipient last replied to the sender number.' },
              },
            ],
          }),
        ],
      }),
    );
    await kit.settle();
    const row = await messageRow(client.id, messageId);
    expect(row.status).toBe('failed');
    expect(row.errorDetails).toMatchObject({ code: 131047, source: 'webhook' });
    expect(String(row.errorDetails!.reason)).toMatch(/template/);
  });

  it('keeps a status that arrives before its send returned and applies it when the send returns', async () => {
    const { client, phone, conversation } = await openConversation();
    kit.graph.setLatency(400);
    try {
      const sentBefore = kit.graph.sent.length;
      const { messageId } = await enqueueOutbound(kit.server.app, {
        clientId: client.id,
        conversationId: conversation.id,
        content: { kind: 'text', text: 'corrida' },
      });
      await kit.graph.waitForSent(sentBefore + 1);
      const wamid = kit.graph.sent[sentBefore]!.wamid;
      // Meta's "delivered" beats the HTTP answer; no biz_opaque_callback_data to correlate with.
      const target = { webhookUrl: kit.webhookUrl, appSecret: APP_SECRET, phoneNumberId: client.phoneNumberId };
      kit.graph.setLatency(0);
      await kit.graph.postStatus(target, { wamid, status: 'delivered', recipient: phone });
      expect((await messageRow(client.id, messageId)).status).toBe('queued');
      await kit.settle();
      expect(await messageRow(client.id, messageId)).toMatchObject({ status: 'delivered', wamid });
    } finally {
      kit.graph.setLatency(0);
    }
  });
});
