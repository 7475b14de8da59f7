import { eq } from 'drizzle-orm';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '#server/trpc/appRouter.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

describe.each(DATABASE_KINDS)('conversations (tRPC) on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  async function clientWithCustomers(phones: string[]) {
    const client = await kit.newClient();
    for (const [index, phone] of phones.entries()) {
      await kit.deliver(
        envelope(client.phoneNumberId, { contacts: [contact(phone, `Cliente ${index}`)], messages: [inbound.text(phone, `mensagem de ${phone}`)] }),
      );
      await kit.settle();
    }
    return client;
  }

  it('lists conversations newest first with status filter, search, unread counts and cursor pagination', async () => {
    const phones = Array.from({ length: 7 }, (_, index) => `55119600000${index.toString().padStart(2, '0')}`);
    const client = await clientWithCustomers(phones);
    const owner = await kit.server.signIn({ clientId: client.id, role: 'owner' });
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });

    const first = await owner.caller.conversations.list({ limit: 3 });
    expect(first.items.map((item) => item.phone)).toEqual([phones[6], phones[5], phones[4]]);
    expect(first.counts).toMatchObject({ total: 7, bot: 7, unreadConversations: 7, unreadMessages: 7 });
    const second = await owner.caller.conversations.list({ limit: 3, cursor: first.nextCursor });
    const third = await owner.caller.conversations.list({ limit: 3, cursor: second.nextCursor });
    expect([...first.items, ...second.items, ...third.items].map((item) => item.phone)).toEqual([...phones].reverse());
    expect(third.nextCursor).toBeNull();

    const target = first.items[1]!;
    await agent.caller.conversations.takeOver({ conversationId: target.id });
    const humano = await owner.caller.conversations.list({ status: 'humano' });
    expect(humano.items.map((item) => item.id)).toEqual([target.id]);
    expect(humano.items[0]).toMatchObject({ status: 'humano', assignedTo: agent.userId });
    expect((await agent.caller.conversations.list({ assigned: 'me' })).items.map((item) => item.id)).toEqual([target.id]);

    expect((await owner.caller.conversations.list({ search: 'cliente 3' })).items.map((item) => item.phone)).toEqual([phones[3]]);
    expect((await owner.caller.conversations.list({ search: phones[2]!.slice(-4) })).items.map((item) => item.phone)).toEqual([phones[2]]);
    expect((await owner.caller.conversations.list({ search: `mensagem de ${phones[1]}` })).items.map((item) => item.phone)).toEqual([phones[1]]);
    expect((await owner.caller.conversations.list({ search: '100%_' })).items).toEqual([]);
    await expect(owner.caller.conversations.list({ cursor: 'garbage' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    await agent.caller.conversations.markRead({ conversationId: target.id });
    expect((await owner.caller.conversations.list({})).counts).toMatchObject({ unreadConversations: 6, unreadMessages: 6, humano: 1, bot: 6 });
  });

  it("pages a conversation's messages backwards in time", async () => {
    const client = await kit.newClient();
    const phone = '5511961110000';
    const sent = Array.from({ length: 9 }, (_, index) => ({ ...inbound.text(phone, `m${index}`), timestamp: String(1_760_000_000 + index) }));
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: sent }));
    await kit.settle();
    const owner = await kit.server.signIn({ clientId: client.id });
    const [conversation] = (await owner.caller.conversations.list({})).items;
    const pages: string[][] = [];
    let cursor: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof owner.caller.conversations.messages>> = await owner.caller.conversations.messages({
        conversationId: conversation!.id,
        limit: 4,
        cursor,
      });
      pages.push(page.items.map((item) => item.content ?? ''));
      cursor = page.nextCursor;
    } while (cursor);
    expect(pages).toEqual([['m8', 'm7', 'm6', 'm5'], ['m4', 'm3', 'm2', 'm1'], ['m0']]);
  });

  it('sends text, media and templates as an agent, with clear errors, and viewers cannot send', async () => {
    const client = await clientWithCustomers(['5511962220000']);
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    const [conversation] = (await agent.caller.conversations.list({})).items;
    const before = kit.graph.sent.length;
    const text = await agent.caller.conversations.send({ conversationId: conversation!.id, content: { kind: 'text', text: 'Oi, aqui é a Ana' } });
    await agent.caller.conversations.send({
      conversationId: conversation!.id,
      content: { kind: 'media', mediaType: 'document', link: 'https://example.com/cardapio.pdf', filename: 'cardapio.pdf' },
    });
    await agent.caller.conversations.send({ conversationId: conversation!.id, content: { kind: 'template', name: 'boas_vindas', language: 'pt_BR' } });
    await kit.settle();
    expect(kit.graph.sent.slice(before).map((item) => item.body.type)).toEqual(['text', 'document', 'template']);
    const page = await agent.caller.conversations.messages({ conversationId: conversation!.id });
    expect(page.items.find((item) => item.id === text.messageId)).toMatchObject({ status: 'sent', sentBy: agent.userId, direction: 'outgoing' });

    await expect(viewer.caller.conversations.send({ conversationId: conversation!.id, content: { kind: 'text', text: 'x' } })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(
      agent.caller.conversations.send({
        conversationId: conversation!.id,
        content: { kind: 'buttons', body: 'b', buttons: [1, 2, 3, 4].map((n) => ({ id: `${n}`, title: `${n}` })) },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('at most 3 reply buttons') });
    await expect(
      agent.caller.conversations.send({ conversationId: '00000000-0000-4000-8000-000000000000', content: { kind: 'text', text: 'x' } }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const { conversations } = kit.server.app.db.t;
    await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .update(conversations)
        .set({ lastInboundAt: new Date(Date.now() - 48 * 3600_000) })
        .where(eq(conversations.id, conversation!.id)),
    );
    await expect(agent.caller.conversations.send({ conversationId: conversation!.id, content: { kind: 'text', text: 'tarde demais' } })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
      message: expect.stringContaining('only a template'),
    });
  });

  it('takes over, transfers, assigns and returns to the bot', async () => {
    const client = await clientWithCustomers(['5511963330000']);
    const other = await kit.newClient();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const colleague = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const outsider = await kit.server.signIn({ clientId: other.id, role: 'agent' });
    const [conversation] = (await agent.caller.conversations.list({})).items;
    const id = conversation!.id;
    expect(await agent.caller.conversations.takeOver({ conversationId: id })).toMatchObject({ status: 'humano', assignedTo: agent.userId });
    expect(await agent.caller.conversations.transfer({ conversationId: id })).toMatchObject({ status: 'transferido', assignedTo: null });
    expect(await agent.caller.conversations.assign({ conversationId: id, userId: colleague.userId })).toMatchObject({
      status: 'humano',
      assignedTo: colleague.userId,
    });
    await expect(agent.caller.conversations.assign({ conversationId: id, userId: outsider.userId })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('not an active member'),
    });
    expect(await agent.caller.conversations.returnToBot({ conversationId: id })).toMatchObject({ status: 'bot', assignedTo: null });
    await expect(outsider.caller.conversations.takeOver({ conversationId: id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('retries a failed message, which is then really sent again', async () => {
    const phone = '5511964440000';
    const client = await clientWithCustomers([phone]);
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const [conversation] = (await agent.caller.conversations.list({})).items;
    kit.graph.failNext(phone, 131026);
    const { messageId } = await agent.caller.conversations.send({ conversationId: conversation!.id, content: { kind: 'text', text: 'tenta de novo' } });
    await kit.settle();
    let page = await agent.caller.conversations.messages({ conversationId: conversation!.id });
    expect(page.items.find((item) => item.id === messageId)).toMatchObject({ status: 'failed', errorDetails: expect.objectContaining({ code: 131026 }) });
    await expect(agent.caller.conversations.retryMessage({ messageId: page.items.find((item) => item.direction === 'incoming')!.id })).rejects.toMatchObject({
      code: 'PRECONDITION_FAILED',
    });
    const sentBefore = kit.graph.sent.filter((item) => item.to === phone).length;
    const retried = await agent.caller.conversations.retryMessage({ messageId });
    expect(retried.status).toBe('queued');
    await kit.settle();
    page = await agent.caller.conversations.messages({ conversationId: conversation!.id });
    const row = page.items.find((item) => item.id === messageId)!;
    expect(row.status).toBe('sent');
    expect(kit.graph.sent.filter((item) => item.to === phone)).toHaveLength(sentBefore + 1);
    expect(row.wamid).toBe(kit.graph.sent.filter((item) => item.to === phone).at(-1)!.wamid);
    expect((row.metadata.previousAttempts as unknown[]).length).toBe(1);
    await expect(agent.caller.conversations.retryMessage({ messageId })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
  });

  it('marks read, sending blue ticks with typing only when asked', async () => {
    const phone = '5511965550000';
    const client = await clientWithCustomers([phone]);
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const [conversation] = (await agent.caller.conversations.list({})).items;
    const readsBefore = kit.graph.reads.length;
    expect(await agent.caller.conversations.markRead({ conversationId: conversation!.id })).toMatchObject({
      receiptSent: false,
      conversation: { unreadCount: 0 },
    });
    expect(kit.graph.reads.length).toBe(readsBefore);
    expect(await agent.caller.conversations.markRead({ conversationId: conversation!.id, receipt: true, typing: true })).toMatchObject({ receiptSent: true });
    expect(kit.graph.reads.at(-1)).toMatchObject({ phoneNumberId: client.phoneNumberId, typing: true });
  });

  it('streams live events over SSE and resumes after a reconnect without gaps', async () => {
    const phone = '5511966660000';
    const client = await clientWithCustomers([phone]);
    const other = await kit.newClient();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const makeClient = () =>
      createTRPCClient<AppRouter>({
        links: [
          splitLink({
            condition: (op) => op.type === 'subscription',
            true: httpSubscriptionLink({ url: `${kit.server.url}/trpc`, EventSource, connectionParams: () => ({ token: agent.token }) }),
            false: httpBatchLink({ url: `${kit.server.url}/trpc`, headers: () => ({ authorization: `Bearer ${agent.token}` }) }),
          }),
        ],
      });
    const trpc = makeClient();
    const received: Array<{ id: string; type: string; payload: { content?: string | null } }> = [];
    const waitFor = async (predicate: () => boolean) => {
      for (let i = 0; i < 250 && !predicate(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(predicate()).toBe(true);
    };
    let started = false;
    const subscription = trpc.conversations.live.subscribe(
      {},
      {
        onStarted: () => {
          started = true;
        },
        onData: (event) => received.push({ id: event.id, type: event.data.type, payload: event.data.payload as { content?: string | null } }),
      },
    );
    await waitFor(() => started);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'ao vivo 1')] }));
    await kit.deliver(envelope(other.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'de outro cliente')] }));
    await waitFor(() => received.some((event) => event.type === 'message.created' && event.payload.content === 'ao vivo 1'));
    subscription.unsubscribe();
    const lastSeen = received.at(-1)!.id;

    // While disconnected: a new message arrives and an agent replies.
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'perdida 2')] }));
    await kit.settle();
    const [conversation] = (await agent.caller.conversations.list({})).items;
    await agent.caller.conversations.send({ conversationId: conversation!.id, content: { kind: 'text', text: 'resposta 3' } });
    await kit.settle();

    const resumed: typeof received = [];
    const again = makeClient().conversations.live.subscribe(
      { lastEventId: lastSeen },
      {
        onData: (event) => resumed.push({ id: event.id, type: event.data.type, payload: event.data.payload as { content?: string | null } }),
      },
    );
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'depois 4')] }));
    await waitFor(() => resumed.some((event) => event.payload.content === 'depois 4' && event.type === 'message.created'));
    again.unsubscribe();
    const ids = resumed.map((event) => Number(event.id));
    // Exactly the events the server published after lastSeen, in order, none twice, none missing.
    const published = kit.server.app.events.since(client.id, Number(lastSeen))!.map((event) => event.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(published.slice(0, ids.length));
    const created = resumed.filter((event) => event.type === 'message.created').map((event) => event.payload.content);
    expect(created).toEqual(['perdida 2', 'resposta 3', 'depois 4']);
    expect(resumed.some((event) => event.type === 'message.updated')).toBe(true);
    expect([...received, ...resumed].some((event) => event.payload.content === 'de outro cliente')).toBe(false);

    // A lastEventId the server no longer holds (or from before a restart) gets a resync.
    const stale: typeof received = [];
    const third = makeClient().conversations.live.subscribe(
      { lastEventId: '999999' },
      { onData: (event) => stale.push({ id: event.id, type: event.data.type, payload: {} }) },
    );
    await waitFor(() => stale.length > 0);
    third.unsubscribe();
    expect(stale[0]!.type).toBe('resync');
  });
});
