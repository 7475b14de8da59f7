import { and, asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { InboundMessage, Responder } from '#server/app/responder.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer } from '#server/testing/testServer.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { contact, envelope, inbound, status } from '../fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { whatsappWorkers } from '../whatsappFeature.js';
import { conversationView, LIVE, messageView } from '../liveEvents.js';
import { applyInboundMessage } from './applyInboundMessage.js';
import { waitForInboxDrained } from './waitForInboxDrained.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function recordingResponder(options: { delayMs?: number; answer?: boolean } = {}) {
  const seen: Array<{ clientId: string; conversationId: string; text: string | null; choiceId: string | null; type: string }> = [];
  const active = new Map<string, number>();
  let overlaps = 0;
  const responder: Responder = {
    name: 'test-recorder',
    async respond(message: InboundMessage) {
      const key = message.conversation.id;
      active.set(key, (active.get(key) ?? 0) + 1);
      if (active.get(key)! > 1) overlaps++;
      if (options.delayMs) await sleep(options.delayMs);
      seen.push({ clientId: message.clientId, conversationId: key, text: message.text, choiceId: message.choiceId, type: message.message.type });
      active.set(key, active.get(key)! - 1);
      return options.answer ?? true;
    },
  };
  return {
    responder,
    seen,
    get overlaps() {
      return overlaps;
    },
  };
}

describe.each(DATABASE_KINDS)('WhatsApp inbox processing on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());
  afterEach(() => {
    RESPONDERS.length = 0;
  });

  const messagesOf = (clientId: string) =>
    kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(kit.server.app.db.t.messages)
        .where(eq(kit.server.app.db.t.messages.clientId, clientId))
        .orderBy(asc(kit.server.app.db.t.messages.timestamp)),
    );

  it('turns every inbound type into a message row with its type and metadata', async () => {
    const client = await kit.newClient();
    const from = '5511977778888';
    const image = kit.graph.addMedia(`img-${client.id}`, Buffer.from('fake-jpeg-bytes'), 'image/jpeg');
    const audio = kit.graph.addMedia(`aud-${client.id}`, Buffer.from('OggS-voice'), 'audio/ogg; codecs=opus');
    const video = kit.graph.addMedia(`vid-${client.id}`, Buffer.from('mp4-bytes'), 'video/mp4');
    const doc = kit.graph.addMedia(`doc-${client.id}`, Buffer.from('%PDF-1.4'), 'application/pdf');
    const sticker = kit.graph.addMedia(`stk-${client.id}`, Buffer.from('RIFF-webp'), 'image/webp');
    const quoted = 'wamid.quoted-outbound';
    const samples = {
      text: inbound.text(from, 'bom dia'),
      image: inbound.image(from, image, 'foto do pedido'),
      audio: inbound.audio(from, audio, true),
      video: inbound.video(from, video),
      document: inbound.document(from, doc, 'nota.pdf', 'segue a nota'),
      sticker: inbound.sticker(from, sticker, true),
      location: inbound.location(from),
      currentLocation: inbound.location(from, false),
      contacts: inbound.contacts(from),
      reaction: inbound.reaction(from, quoted, '👍'),
      unreaction: inbound.reaction(from, quoted),
      button_reply: inbound.buttonReply(from, quoted, 'opt-yes', 'Sim'),
      list_reply: inbound.listReply(from, quoted, 'row-2', 'Entrega', 'Receber em casa'),
      button: inbound.templateButton(from, quoted, 'STOP_PROMO', 'Parar promoções'),
      buttonNoContext: inbound.templateButton(from, null, 'Unsubscribe', 'Unsubscribe'),
      order: inbound.order(from),
      system: inbound.systemNumberChange(from, '5511900001111'),
      unsupported: inbound.unsupported(from),
      quote: inbound.quoteReply(from, quoted, 'sobre isso aqui'),
      forwarded: inbound.forwarded(from, 'encaminhada', true),
      referral: inbound.fromAd(from, 'vi o anúncio'),
    };
    const values = Object.values(samples);
    values.forEach((message, index) => {
      message.timestamp = String(1_750_000_000 + index);
    });
    // System messages come without contacts (Meta), the others in one batched change.
    const { system, ...withContacts } = samples;
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from, 'Dona Rosa')], messages: Object.values(withContacts) }));
    await kit.deliver(envelope(client.phoneNumberId, { messages: [system] }));
    await kit.settle();
    const rows = await messagesOf(client.id);
    const byWamid = new Map(rows.map((row) => [row.wamid, row]));
    const row = (key: keyof typeof samples) => byWamid.get(samples[key].id as string)!;
    expect(rows).toHaveLength(values.length);
    expect(new Set(rows.map((r) => r.conversationId)).size).toBe(1);

    expect(row('text')).toMatchObject({ type: 'text', content: 'bom dia', direction: 'incoming', status: 'received' });
    expect(row('image')).toMatchObject({ type: 'image', content: 'foto do pedido', mediaId: image.id, mediaUrl: `/media/${row('image').id}` });
    expect(row('image').metadata.media).toMatchObject({ size: 15, mimeType: 'image/jpeg' });
    expect(row('audio')).toMatchObject({ type: 'audio', metadata: expect.objectContaining({ voice: true }) });
    expect(row('video').type).toBe('video');
    expect(row('document')).toMatchObject({ type: 'document', content: 'segue a nota' });
    expect(row('document').metadata.media).toMatchObject({ filename: 'nota.pdf' });
    expect(row('sticker')).toMatchObject({ type: 'sticker', metadata: expect.objectContaining({ animated: true }) });
    expect(row('location').metadata.location).toMatchObject({ latitude: -23.5613, longitude: -46.6565, name: 'MASP' });
    expect(row('location').content).toContain('MASP');
    expect(row('currentLocation').content).toBe('-23.5613, -46.6565');
    expect(row('contacts')).toMatchObject({ type: 'contacts', content: 'João da Silva' });
    expect(row('reaction')).toMatchObject({
      type: 'reaction',
      content: '👍',
      metadata: expect.objectContaining({ reaction: { messageWamid: quoted, emoji: '👍', removed: false } }),
    });
    expect(row('unreaction').metadata.reaction).toMatchObject({ removed: true, emoji: '' });
    expect(row('button_reply')).toMatchObject({
      type: 'interactive',
      content: 'Sim',
      metadata: expect.objectContaining({ quotedWamid: quoted, interactive: { type: 'button_reply', id: 'opt-yes', title: 'Sim' } }),
    });
    expect(row('list_reply').metadata.interactive).toMatchObject({ type: 'list_reply', id: 'row-2', title: 'Entrega', description: 'Receber em casa' });
    expect(row('button')).toMatchObject({
      type: 'button',
      content: 'Parar promoções',
      metadata: expect.objectContaining({ button: { payload: 'STOP_PROMO', text: 'Parar promoções' } }),
    });
    expect(row('buttonNoContext').metadata.quotedWamid).toBeUndefined();
    expect(row('order')).toMatchObject({ type: 'order', content: 'order of 1 item' });
    expect(row('system')).toMatchObject({
      type: 'system',
      metadata: expect.objectContaining({ system: expect.objectContaining({ type: 'user_changed_number', wa_id: '5511900001111' }) }),
    });
    expect(row('unsupported')).toMatchObject({ type: 'unsupported', content: 'Message type is currently not supported.' });
    expect(row('quote').metadata).toMatchObject({ quotedWamid: quoted });
    expect(row('forwarded').metadata).toMatchObject({ forwarded: true, frequentlyForwarded: true });
    expect(row('referral').metadata.referral).toMatchObject({ source_type: 'ad', headline: 'Padaria Central' });
    expect((row('referral').metadata.referral as Record<string, unknown>).ctwa_clid).toBeUndefined();

    const { conversations } = kit.server.app.db.t;
    const [conversation] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    expect(conversation).toMatchObject({ name: 'Dona Rosa', unreadCount: values.length, status: 'bot' });
    expect(conversation!.lastInboundAt!.getTime()).toBe((1_750_000_000 + values.length - 1) * 1000);
  });

  it('asks the responders in bot and fluxo_inicial state, in order per conversation and one at a time, never in humano/transferido', async () => {
    const client = await kit.newClient();
    const recorder = recordingResponder({ delayMs: 15 });
    const never: Responder = {
      name: 'after-first',
      respond: async () => {
        throw new Error('the first responder already answered');
      },
    };
    RESPONDERS.push(recorder.responder, never);
    const customers = ['5511910000001', '5511910000002', '5511910000003'];
    // Each customer writes 6 messages, delivered as separate (concurrent) webhooks.
    await Promise.all(
      customers.flatMap((phone) =>
        Array.from({ length: 6 }, (_, index) =>
          kit.deliver(
            envelope(client.phoneNumberId, {
              contacts: [contact(phone)],
              messages: [inbound.buttonReply(phone, 'wamid.ctx', `choice-${index}`, `${phone}#${index}`)],
            }),
          ),
        ),
      ),
    );
    await kit.settle();
    expect(recorder.overlaps).toBe(0);
    expect(recorder.seen).toHaveLength(18);
    for (const phone of customers) {
      const mine = recorder.seen.filter((entry) => entry.text?.startsWith(phone));
      // The responder saw this customer's messages exactly in the order their webhooks were stored.
      const { webhookInbox } = kit.server.app.db.t;
      const events = await kit.server.app.db.tenant(client.id, (tx) =>
        tx
          .select()
          .from(webhookInbox)
          .where(and(eq(webhookInbox.clientId, client.id), eq(webhookInbox.conversationKey, phone)))
          .orderBy(asc(webhookInbox.id)),
      );
      const arrival = events.map((event) => (event.payload.message as { interactive: { button_reply: { title: string } } }).interactive.button_reply.title);
      expect(arrival).toHaveLength(6);
      expect(mine.map((entry) => entry.text)).toEqual(arrival);
    }

    // humano and transferido: nobody answers; fluxo_inicial: answered again.
    const { conversations } = kit.server.app.db.t;
    for (const [state, answered] of [
      ['humano', false],
      ['transferido', false],
      ['fluxo_inicial', true],
    ] as const) {
      await kit.server.app.db.tenant(client.id, (tx) =>
        tx
          .update(conversations)
          .set({ status: state })
          .where(and(eq(conversations.clientId, client.id), eq(conversations.phone, customers[0]!))),
      );
      const before = recorder.seen.length;
      await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(customers[0]!)], messages: [inbound.text(customers[0]!, `in ${state}`)] }));
      await kit.settle();
      expect(recorder.seen.length - before).toBe(answered ? 1 : 0);
    }
  });

  it('announces messages stored together exactly as they are stored (rows, dates and JSON as read back)', async () => {
    const client = await kit.newClient();
    const live: Array<{ type: string; payload: unknown }> = [];
    const unsubscribe = kit.server.app.events.subscribe(client.id, (event) => live.push({ type: event.type, payload: event.payload }));
    const recorder = recordingResponder();
    RESPONDERS.push(recorder.responder);
    try {
      const phones = ['5511940000001', '5511940000002', '5511940000003'];
      // One delivery, three customers: stored together by the processor's batch.
      await kit.deliver(
        envelope(client.phoneNumberId, {
          contacts: phones.map((phone, index) => contact(phone, `Pessoa ${index}`)),
          messages: phones.map((phone, index) => inbound.text(phone, `olá ${index}`)),
        }),
      );
      await kit.settle();
    } finally {
      unsubscribe();
    }
    const { conversations } = kit.server.app.db.t;
    const rows = await messagesOf(client.id);
    expect(rows).toHaveLength(3);
    const created = live.filter((event) => event.type === LIVE.messageCreated).map((event) => event.payload);
    expect(created).toEqual(expect.arrayContaining(rows.map(messageView)));
    expect(rows.every((row) => row.timestamp instanceof Date && row.metadata !== null)).toBe(true);
    const stored = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const announced = live.filter((event) => event.type === LIVE.conversationUpdated).map((event) => event.payload);
    expect(announced).toEqual(expect.arrayContaining(stored.map(conversationView)));
    expect(recorder.seen.map((entry) => entry.text).sort()).toEqual(['olá 0', 'olá 1', 'olá 2']);
  });

  it('applies statuses of many messages delivered together, each moving its message forward only', async () => {
    const client = await kit.newClient();
    const { conversations, messages } = kit.server.app.db.t;
    const db = kit.server.app.db;
    const phones = Array.from({ length: 8 }, (_, index) => `55119200000${String(index).padStart(2, '0')}`);
    const wamid = (phone: string) => `wamid.out-${client.id}-${phone}`;
    await db.tenant(client.id, async (tx) => {
      for (const phone of phones) {
        const [conversation] = await tx.insert(conversations).values({ clientId: client.id, phone }).returning();
        await tx.insert(messages).values({
          clientId: client.id,
          conversationId: conversation!.id,
          phone,
          content: 'oi',
          direction: 'outgoing',
          // The last one was already read: a late "delivered" must not move it back.
          status: phone === phones.at(-1) ? 'read' : 'sent',
          wamid: wamid(phone),
        });
      }
    });
    await kit.deliver(envelope(client.phoneNumberId, { statuses: phones.map((phone) => status(wamid(phone), 'delivered', phone)) }));
    await kit.settle();
    const statusOf = async () =>
      new Map((await db.tenant(client.id, (tx) => tx.select().from(messages).where(eq(messages.clientId, client.id)))).map((row) => [row.phone, row]));
    const delivered = await statusOf();
    for (const phone of phones.slice(0, -1)) {
      expect(delivered.get(phone)).toMatchObject({ status: 'delivered', metadata: { statusTimes: { delivered: expect.any(String) } } });
    }
    expect(delivered.get(phones.at(-1)!)!.status).toBe('read');
    // Read receipts for all, and a repeated "delivered" for half of them, in one delivery.
    await kit.deliver(
      envelope(client.phoneNumberId, {
        statuses: [
          ...phones.map((phone) => status(wamid(phone), 'read', phone)),
          ...phones.slice(0, 4).map((phone) => status(wamid(phone), 'delivered', phone, { timestamp: '1' })),
        ],
      }),
    );
    await kit.settle();
    const read = await statusOf();
    expect(phones.map((phone) => read.get(phone)!.status)).toEqual(phones.map(() => 'read'));
  });

  it('passes text=null for audio unless a transcription is set', async () => {
    const client = await kit.newClient();
    const recorder = recordingResponder();
    RESPONDERS.push(recorder.responder);
    const media = kit.graph.addMedia(`voice-${client.id}`, Buffer.from('OggS'), 'audio/ogg');
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact('5511920000000')], messages: [inbound.audio('5511920000000', media)] }));
    await kit.settle();
    expect(recorder.seen).toEqual([expect.objectContaining({ type: 'audio', text: null })]);
  });
});

describe.each(DATABASE_KINDS)('WhatsApp inbox after a restart on %s', (kind) => {
  it('resumes stored events after a crash mid-processing, processing each exactly once', async () => {
    const first = await startWhatsAppKit(kind);
    const client = await first.newClient();
    // The first instance "crashes": its processor stops before it gets to the events.
    await whatsappWorkers(first.server.app).inbox.stop();
    const phones = ['5511930000001', '5511930000002'];
    const sent = phones.flatMap((phone) => [1, 2, 3].map((n) => inbound.text(phone, `${phone} msg ${n}`)));
    for (const message of sent) {
      await first.deliver(envelope(first.server.app && client.phoneNumberId, { contacts: [contact(String(message.from))], messages: [message] }));
    }
    const { webhookInbox, messages } = first.server.app.db.t;
    const db = first.server.app.db;
    // ...and it was half-way through the first event: message stored, answer not given, lease held.
    const [head] = await db.system((tx) => tx.select().from(webhookInbox).where(eq(webhookInbox.clientId, client.id)).orderBy(asc(webhookInbox.id)).limit(1));
    await applyInboundMessage(first.server.app, client.id, head!.payload);
    await db.system((tx) =>
      tx
        .update(webhookInbox)
        .set({ lockedBy: 'dead-worker', lockedUntil: new Date(Date.now() + 300), attempts: 1 })
        .where(eq(webhookInbox.id, head!.id)),
    );
    await first.server.stop();

    // A new instance on the same database and data folder.
    // The responder is in place before the new instance starts working.
    const recorder = recordingResponder();
    RESPONDERS.push(recorder.responder);
    const second = await startTestServer(kind, {
      database: first.server.config.database,
      masterKey: first.server.config.masterKey,
      dataDir: first.server.config.dataDir,
      whatsapp: first.server.config.whatsapp,
    });
    try {
      await waitForInboxDrained(second.app, { timeoutMs: 15_000 });
      const rows = await second.app.db.tenant(client.id, (tx) => tx.select().from(messages).where(eq(messages.clientId, client.id)));
      expect(rows.map((row) => row.content).sort()).toEqual(sent.map((message) => (message.text as { body: string }).body).sort());
      // Every message answered once; the one interrupted mid-way is answered by the new instance.
      expect(recorder.seen.map((entry) => entry.text).sort()).toEqual(sent.map((message) => (message.text as { body: string }).body).sort());
      for (const phone of phones) {
        expect(recorder.seen.filter((entry) => entry.text?.startsWith(phone)).map((entry) => entry.text)).toEqual([1, 2, 3].map((n) => `${phone} msg ${n}`));
      }
      const events = await second.app.db.system((tx) => tx.select().from(webhookInbox).where(eq(webhookInbox.clientId, client.id)));
      expect(events.every((event) => event.state === 'done')).toBe(true);
    } finally {
      RESPONDERS.length = 0;
      await second.dispose();
      await first.dispose();
    }
  });
});
