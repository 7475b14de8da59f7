// The sandbox number end to end, on both databases: a test customer on the test phone writes
// (testPhone.send → signed webhook → webhook_inbox → processor → a keyword flow → outbox → the
// sandbox transport) and sees the replies with sent → delivered → read ticks, which come back as
// status webhooks through the same route. The real number keeps going to the (fake) Graph API.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import type { SignedIn } from '#server/testing/testServer.js';
import { choices, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { isSandboxPhoneNumberId } from '../whatsapp/sandboxNumber.js';

let counter = 0;
const newPhone = () => `+55119${String(Date.now()).slice(-6)}${String(++counter).padStart(2, '0')}`;
// A 1x1 PNG.
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    const value = await read();
    if (done(value) || attempt > 200) return value;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe.each(DATABASE_KINDS)('sandbox number and test phone on %s', (kind) => {
  let kit: WhatsAppKit;
  const otherResponders = RESPONDERS.filter((responder) => responder.name !== 'flows');
  beforeAll(async () => {
    // Only flows answer: nothing depends on a model provider here.
    RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => responder.name === 'flows'));
    kit = await startWhatsAppKit(kind);
  });
  afterAll(async () => {
    RESPONDERS.push(...otherResponders);
    await kit?.dispose();
  });

  async function tenant() {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const flow = await owner.caller.flows.create({
      name: `Menu ${++counter}`,
      triggerType: 'keyword',
      triggerKeywords: ['menu'],
      triggerQrCode: null,
      document: flowFixture(
        [
          choices('welcome', 'Olá! O que deseja?', ['Pedido', 'Atendente']),
          message('order', 'Anotado, seu pedido sai já'),
          { id: 'human', type: 'handoff', data: { message: 'Chamando um atendente' } },
        ],
        [
          ['welcome', 'option:welcome_o1', 'order'],
          ['welcome', 'option:welcome_o2', 'human'],
        ],
      ),
    });
    await owner.caller.flows.publish({ id: flow.id });
    await owner.caller.flows.activate({ id: flow.id });
    return { client, owner };
  }
  const thread = (owner: SignedIn, customerId: string) => owner.caller.testPhone.thread({ customerId });
  const settledThread = async (owner: SignedIn, customerId: string, done: (messages: Awaited<ReturnType<typeof thread>>['messages']) => boolean) => {
    await kit.settle();
    return (
      await eventually(
        () => thread(owner, customerId),
        (value) => done(value.messages),
      )
    ).messages;
  };

  it('gives every new client a sandbox number and a secret for its webhooks', async () => {
    const { client } = await tenant();
    const { clients } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.system((tx) => tx.select().from(clients).where(eq(clients.id, client.id)));
    expect(isSandboxPhoneNumberId(row!.sandboxPhoneNumberId)).toBe(true);
    expect(row!.sandboxAppSecretSecretId).toBeTruthy();
  });

  it('runs a keyword flow for a test customer, with ticks, buttons, read receipts and an agent reply', async () => {
    const { client, owner } = await tenant();
    const customer = await owner.caller.testPhone.customers.create({ name: 'Ana Teste', phone: newPhone() });
    const { wamid } = await owner.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: 'menu' } });
    expect(wamid).toMatch(/^wamid\.sandbox\./);

    let messages = await settledThread(owner, customer.id, (list) => list.length === 2 && list[1]!.status === 'delivered');
    expect(messages.map((m) => [m.fromCustomer, m.type, m.status])).toEqual([
      [true, 'text', null],
      [false, 'interactive', 'delivered'],
    ]);
    expect(messages[0]!.content).toBe('menu');
    expect(messages[1]!.wamid).toMatch(/^wamid\.sandbox\./);
    expect(JSON.stringify(messages[1]!.metadata)).toContain('welcome_o1');
    // Nothing went to Meta: the sandbox stood where the Graph API would be.
    expect(kit.graph.sent.filter((sent) => sent.to === customer.phone)).toEqual([]);

    expect((await owner.caller.testPhone.markRead({ customerId: customer.id })).read).toBe(1);
    messages = await settledThread(owner, customer.id, (list) => list[1]!.status === 'read');
    expect(messages[1]!.status).toBe('read');

    await owner.caller.testPhone.send({
      customerId: customer.id,
      message: { type: 'button_reply', id: 'welcome_o2', title: 'Atendente', contextWamid: messages[1]!.wamid! },
    });
    messages = await settledThread(owner, customer.id, (list) => list.length === 4 && list[3]!.status === 'delivered');
    expect(messages[3]!.content).toBe('Chamando um atendente');

    // The conversation is in the inbox, marked as a test, and an agent's reply reaches the phone.
    const list = await owner.caller.conversations.list({ tests: 'only' });
    const conversation = list.items.find((item) => item.phone === customer.phone)!;
    expect(conversation).toMatchObject({ isTest: true, status: 'transferido' });
    expect((await owner.caller.conversations.list({ tests: 'hide' })).items.some((item) => item.isTest)).toBe(false);
    await owner.caller.conversations.send({ conversationId: conversation.id, content: { kind: 'text', text: 'Oi, sou a Júlia' } });
    messages = await settledThread(owner, customer.id, (list) => list.length === 5 && list[4]!.status === 'delivered');
    expect(messages[4]).toMatchObject({ fromCustomer: false, content: 'Oi, sou a Júlia', status: 'delivered' });

    const customers = await owner.caller.testPhone.customers.list();
    expect(customers.find((row) => row.id === customer.id)).toMatchObject({ conversationId: conversation.id, unread: 2 });

    // Every status came through the webhook route, so it was stored in webhook_inbox.
    const { webhookInbox } = kit.server.app.db.t;
    const statuses = await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(webhookInbox)
        .where(and(eq(webhookInbox.clientId, client.id), eq(webhookInbox.kind, 'status'))),
    );
    expect(statuses.length).toBeGreaterThanOrEqual(7); // sent + delivered for 3 replies, read for 1
  });

  it('receives images, voice notes and locations with their media stored', async () => {
    const { owner } = await tenant();
    const customer = await owner.caller.testPhone.customers.create({ name: 'Bia', phone: newPhone() });
    await owner.caller.testPhone.send({ customerId: customer.id, message: { type: 'image', dataBase64: PNG, mimeType: 'image/png', caption: 'a foto' } });
    await owner.caller.testPhone.send({
      customerId: customer.id,
      message: { type: 'audio', dataBase64: Buffer.from('OggS fake voice').toString('base64'), mimeType: 'audio/ogg' },
    });
    await owner.caller.testPhone.send({ customerId: customer.id, message: { type: 'location', latitude: -23.56, longitude: -46.65, name: 'MASP' } });
    const messages = await settledThread(owner, customer.id, (list) => list.length === 3);
    expect(messages.map((m) => m.type)).toEqual(['image', 'audio', 'location']);
    for (const media of messages.slice(0, 2)) {
      expect(media.mediaUrl).toBe(`/media/${media.id}`);
      expect((media.metadata.media as { error?: string }).error).toBeUndefined();
    }
    expect((messages[0]!.metadata.media as { size: number }).size).toBe(Buffer.from(PNG, 'base64').length);
    expect(JSON.stringify(messages[2]!.metadata)).toContain('MASP');
  });

  it('keeps the real number on the Graph API', async () => {
    const { client } = await tenant();
    const phone = newPhone().slice(1);
    const response = await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'menu')] }));
    expect(response.status).toBe(200);
    await kit.settle();
    expect(kit.graph.sent.filter((sent) => sent.to === phone).length).toBe(1);
  });

  it('refuses bad input with clear errors', async () => {
    const { client, owner } = await tenant();
    const customer = await owner.caller.testPhone.customers.create({ name: 'Caio', phone: newPhone() });
    await expect(owner.caller.testPhone.customers.create({ name: 'Dup', phone: customer.phone })).rejects.toMatchObject({ code: 'CONFLICT' });
    const real = newPhone().slice(1);
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(real)], messages: [inbound.text(real, 'oi')] }));
    await kit.settle();
    await expect(owner.caller.testPhone.customers.create({ name: 'Real', phone: `+${real}` })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('real customer'),
    });
    await expect(owner.caller.testPhone.customers.create({ name: 'Bad', phone: '12ab' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: 'x'.repeat(4097) } })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(
      owner.caller.testPhone.send({
        customerId: customer.id,
        message: { type: 'image', dataBase64: Buffer.alloc(5 * 1024 * 1024 + 10).toString('base64'), mimeType: 'image/png' },
      }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(
      owner.caller.testPhone.send({ customerId: customer.id, message: { type: 'image', dataBase64: PNG, mimeType: 'image/gif' as 'image/png' } }),
    ).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.caller.testPhone.send({ customerId: crypto.randomUUID(), message: { type: 'text', text: 'oi' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    for (let i = 1; i < 20; i++) await owner.caller.testPhone.customers.create({ name: `T${i}`, phone: newPhone() });
    await expect(owner.caller.testPhone.customers.create({ name: 'T21', phone: newPhone() })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    expect((await viewer.caller.testPhone.customers.list()).length).toBe(20);
    await expect(viewer.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: 'oi' } })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('clear() removes test customers, their conversations, messages and sandbox media', async () => {
    const { client, owner } = await tenant();
    const customer = await owner.caller.testPhone.customers.create({ name: 'Duda', phone: newPhone() });
    await owner.caller.testPhone.send({ customerId: customer.id, message: { type: 'image', dataBase64: PNG, mimeType: 'image/png' } });
    await owner.caller.testPhone.send({ customerId: customer.id, message: { type: 'text', text: 'menu' } });
    const before = await settledThread(owner, customer.id, (list) => list.length === 3 && list[2]!.status === 'delivered');
    expect(before.map((m) => m.type)).toEqual(['image', 'text', 'interactive']);
    expect(await owner.caller.testPhone.clear()).toEqual({ removed: 1 });
    const { conversations, messages, sandboxMedia, clientesWhatsapp } = kit.server.app.db.t;
    const db = kit.server.app.db;
    await db.tenant(client.id, async (tx) => {
      expect(await tx.select().from(sandboxMedia).where(eq(sandboxMedia.clientId, client.id))).toEqual([]);
      expect(await tx.select().from(conversations).where(eq(conversations.phone, customer.phone))).toEqual([]);
      expect(await tx.select().from(messages).where(eq(messages.phone, customer.phone))).toEqual([]);
      expect(await tx.select().from(clientesWhatsapp).where(eq(clientesWhatsapp.telefone, customer.phone))).toEqual([]);
    });
    expect(await owner.caller.testPhone.customers.list()).toEqual([]);
  });
});
