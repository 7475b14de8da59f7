// Agents' attachments through the real HTTP route, the outbox and the fake Graph API: the file is
// stored, uploaded to Meta at send time and sent by its media id; every refusal has its status and
// reason and leaves nothing behind; upload failures are classified like send failures.
import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { APP_SECRET, startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { mediaRoot } from '../whatsapp/media/storeInboundMedia.js';

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(2048, 7)]);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe.each(DATABASE_KINDS)('attachments on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  let phoneCounter = 0;
  /** A client, an agent and a customer who just wrote (window open). */
  async function openConversation(options: { write?: boolean } = {}) {
    const client = await kit.newClient();
    const phone = `55219${(50000000 + ++phoneCounter * 1000 + Math.floor(Math.random() * 999)).toString()}`;
    const { conversations } = kit.server.app.db.t;
    if (options.write !== false) {
      await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'oi, manda a foto?')] }));
      await kit.settle();
    } else {
      await kit.server.app.db.tenant(client.id, (tx) => tx.insert(conversations).values({ clientId: client.id, phone }));
    }
    const [conversation] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    return { client, phone, conversation: conversation!, agent };
  }

  function upload(
    conversationId: string,
    token: string | null,
    bytes: Buffer | ReadableStream<Uint8Array>,
    type: string | null,
    extra: { filename?: string; caption?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...extra.headers };
    if (token) headers.authorization = `Bearer ${token}`;
    if (type) headers['content-type'] = type;
    if (extra.filename) headers['x-filename'] = encodeURIComponent(extra.filename);
    if (extra.caption) headers['x-caption'] = encodeURIComponent(extra.caption);
    const body = Buffer.isBuffer(bytes) ? new Uint8Array(bytes) : bytes;
    return fetch(`${kit.server.url}/conversations/${conversationId}/attachments`, { method: 'POST', headers, body, duplex: 'half' } as RequestInit);
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
  const outgoing = async (clientId: string) => {
    const { messages } = kit.server.app.db.t;
    return kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, clientId), eq(messages.direction, 'outgoing'))),
    );
  };
  const leftovers = (clientId: string) => {
    const directory = path.join(mediaRoot(kit.server.app), clientId);
    return fs.existsSync(directory) ? fs.readdirSync(directory) : [];
  };

  it('stores the image and the PDF, uploads them to Meta when sending, sends them by media id, serves them to the thread, and moves their ticks', async () => {
    const { client, phone, conversation, agent } = await openConversation();
    const uploadsBefore = kit.graph.uploads.length;
    const sentBefore = kit.graph.sent.length;

    const image = await upload(conversation.id, agent.token, PNG, 'image/png', { filename: 'cardápio.png', caption: 'Nosso cardápio de hoje 🍞' });
    expect(image.status).toBe(201);
    const { messageId: imageId } = (await image.json()) as { messageId: string };
    const queued = await messageRow(client.id, imageId);
    expect(queued).toMatchObject({
      direction: 'outgoing',
      type: 'image',
      content: 'Nosso cardápio de hoje 🍞',
      mediaUrl: `/media/${imageId}`,
      sentBy: agent.userId,
    });
    expect(queued.metadata.media).toMatchObject({ mimeType: 'image/png', size: PNG.length, filename: 'cardápio.png' });

    const pdf = await upload(conversation.id, agent.token, PDF, 'application/pdf', { filename: 'nota fiscal.pdf', caption: 'Sua nota' });
    expect(pdf.status).toBe(201);
    const { messageId: pdfId } = (await pdf.json()) as { messageId: string };
    await kit.settle();

    const uploads = kit.graph.uploads.slice(uploadsBefore);
    expect(uploads.map((item) => ({ type: item.type, filename: item.filename, phone: item.phoneNumberId, token: item.token }))).toEqual([
      { type: 'image/png', filename: 'cardápio.png', phone: client.phoneNumberId, token: 'EAAtest-access-token' },
      { type: 'application/pdf', filename: 'nota fiscal.pdf', phone: client.phoneNumberId, token: 'EAAtest-access-token' },
    ]);
    expect(uploads[0]!.bytes.equals(PNG)).toBe(true);
    expect(uploads[1]!.bytes.equals(PDF)).toBe(true);
    const sent = kit.graph.sent.slice(sentBefore);
    expect(sent.map((item) => item.body.type)).toEqual(['image', 'document']);
    expect(sent[0]!.body).toMatchObject({ to: phone, image: { id: uploads[0]!.id, caption: 'Nosso cardápio de hoje 🍞' }, biz_opaque_callback_data: imageId });
    expect(sent[1]!.body.document).toEqual({ id: uploads[1]!.id, caption: 'Sua nota', filename: 'nota fiscal.pdf' });
    expect(await messageRow(client.id, imageId)).toMatchObject({ status: 'sent', wamid: sent[0]!.wamid, mediaId: uploads[0]!.id });
    expect(await messageRow(client.id, pdfId)).toMatchObject({ status: 'sent', wamid: sent[1]!.wamid, mediaId: uploads[1]!.id });

    // The thread draws it from GET /media/<message id>, like inbound media.
    const served = await fetch(`${kit.server.url}/media/${pdfId}`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await served.arrayBuffer()).equals(PDF)).toBe(true);
    const page = await agent.caller.conversations.messages({ conversationId: conversation.id });
    expect(page.items.find((message) => message.id === imageId)).toMatchObject({ type: 'image', mediaUrl: `/media/${imageId}`, status: 'sent' });

    const target = { webhookUrl: kit.webhookUrl, appSecret: APP_SECRET, phoneNumberId: client.phoneNumberId };
    await kit.graph.postStatus(target, { wamid: sent[0]!.wamid, status: 'delivered', recipient: phone });
    await kit.graph.postStatus(target, { wamid: sent[0]!.wamid, status: 'read', recipient: phone });
    await kit.settle();
    expect((await messageRow(client.id, imageId)).status).toBe('read');

    const { auditLogs } = kit.server.app.db.t;
    const audits = await kit.server.app.db.system((tx) =>
      tx
        .select()
        .from(auditLogs)
        .where(and(eq(auditLogs.clientId, client.id), eq(auditLogs.action, 'conversations.sendAttachment'))),
    );
    expect(audits.map((row) => [row.status, row.resourceId]).sort()).toEqual(
      [
        ['success', imageId],
        ['success', pdfId],
      ].sort(),
    );
  });

  it('refuses with the reason and status, storing nothing: wrong type 415, content not matching 415, too big 413 (declared or streamed), caption on audio 400, empty 400', async () => {
    const { client, conversation, agent } = await openConversation();
    const reason = async (response: Response) => ({ status: response.status, error: ((await response.json()) as { error: string }).error });

    expect(await reason(await upload(conversation.id, agent.token, Buffer.from('GIF89a....'), 'image/gif', { filename: 'a.gif' }))).toEqual({
      status: 415,
      error: expect.stringMatching(/does not accept files of type image\/gif: send JPEG or PNG images/),
    });
    expect(await reason(await upload(conversation.id, agent.token, Buffer.from('MZ\x90\x00 not a pdf'), 'application/pdf', { filename: 'x.pdf' }))).toEqual({
      status: 415,
      error: expect.stringMatching(/content is not application\/pdf/),
    });
    expect(await reason(await upload(conversation.id, agent.token, Buffer.from('sem tipo'), null, { filename: 'x' }))).toEqual({
      status: 415,
      error: expect.stringMatching(/type unknown/),
    });

    const big = Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024 - PNG.length)]);
    expect(await reason(await upload(conversation.id, agent.token, big, 'image/jpeg', { filename: 'big.jpg' }))).toEqual({
      status: 413,
      error: 'the file is 6 MB; WhatsApp accepts an image of at most 5 MB',
    });
    // Without a Content-Length the server counts as the bytes arrive.
    const chunks = [PNG, Buffer.alloc(3 * 1024 * 1024), Buffer.alloc(3 * 1024 * 1024)];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(new Uint8Array(next));
        else controller.close();
      },
    });
    expect(await reason(await upload(conversation.id, agent.token, stream, 'image/png', { filename: 'big.png' }))).toEqual({
      status: 413,
      error: 'the file is larger than 5 MB, the most WhatsApp accepts for an image',
    });

    expect(await reason(await upload(conversation.id, agent.token, Buffer.from('OggS....'), 'audio/ogg', { filename: 'a.ogg', caption: 'ouça' }))).toEqual({
      status: 400,
      error: 'audio messages cannot have a caption',
    });
    expect(await reason(await upload(conversation.id, agent.token, Buffer.alloc(0), 'application/pdf', { filename: 'vazio.pdf' }))).toEqual({
      status: 400,
      error: 'the file is empty',
    });
    expect(await reason(await upload(conversation.id, agent.token, PDF, 'application/pdf', { caption: 'x'.repeat(1025) }))).toEqual({
      status: 400,
      error: 'caption has 1025 characters; WhatsApp allows at most 1024',
    });

    expect(await outgoing(client.id)).toEqual([]);
    expect(leftovers(client.id)).toEqual([]);
  });

  it("checks who sends and where: 401 without a session, 403 for a viewer, 404 for another client's conversation, refused outside the 24-hour window", async () => {
    const { client, conversation, agent } = await openConversation();
    const other = await openConversation();
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    const admin = await kit.server.signIn({ clientId: null, platformAdmin: true });
    const reason = async (response: Response) => ({ status: response.status, error: ((await response.json()) as { error: string }).error });

    expect((await upload(conversation.id, null, PDF, 'application/pdf')).status).toBe(401);
    expect(await reason(await upload(conversation.id, viewer.token, PDF, 'application/pdf'))).toEqual({
      status: 403,
      error: 'this needs the agent role or higher (you are viewer)',
    });
    expect(await reason(await upload(other.conversation.id, agent.token, PDF, 'application/pdf'))).toEqual({ status: 404, error: 'conversation not found' });
    expect((await upload('not-a-uuid', agent.token, PDF, 'application/pdf')).status).toBe(404);
    expect(
      await reason(
        await fetch(`${kit.server.url}/conversations/${conversation.id}/attachments?clientId=${other.client.id}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/pdf' },
          body: new Uint8Array(PDF),
        }),
      ),
    ).toEqual({ status: 403, error: 'this client belongs to another organisation' });

    const { conversations } = kit.server.app.db.t;
    await kit.server.app.db.tenant(client.id, (tx) =>
      tx
        .update(conversations)
        .set({ lastInboundAt: new Date(Date.now() - 25 * 3600_000) })
        .where(eq(conversations.id, conversation.id)),
    );
    expect(await reason(await upload(conversation.id, agent.token, PDF, 'application/pdf'))).toEqual({
      status: 409,
      error: expect.stringMatching(/24-hour window to reply is closed: only a template/),
    });
    const silent = await openConversation({ write: false });
    expect((await upload(silent.conversation.id, silent.agent.token, PDF, 'application/pdf')).status).toBe(409);

    expect(await outgoing(client.id)).toEqual([]);
    expect(await outgoing(other.client.id)).toEqual([]);
    expect(leftovers(client.id)).toEqual([]);
    // A platform administrator acts for a client by naming it.
    const byAdmin = await fetch(`${kit.server.url}/conversations/${other.conversation.id}/attachments?clientId=${other.client.id}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'application/pdf', 'x-filename': encodeURIComponent('relatório 📊.pdf') },
      body: new Uint8Array(PDF),
    });
    expect(byAdmin.status).toBe(201);
    // Served back with its name, though headers carry Latin-1 only (a PDF downloads: PDF viewers run scripts).
    const { messageId } = (await byAdmin.json()) as { messageId: string };
    const served = await fetch(`${kit.server.url}/media/${messageId}`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-disposition')).toBe(
      `attachment; filename="relat_rio __.pdf"; filename*=UTF-8''${encodeURIComponent('relatório 📊.pdf')}`,
    );
  });

  it("fails the message with Meta's reason when the upload is refused, retries an upload Meta could not take, and sends again on the agent's retry", async () => {
    const { client, phone, conversation, agent } = await openConversation();
    const uploadsBefore = kit.graph.uploads.length;

    kit.graph.failNextUpload(131053, 1, { phoneNumberId: client.phoneNumberId, details: 'Media upload failed: the file type is not supported.' });
    const refused = await upload(conversation.id, agent.token, PNG, 'image/png', { filename: 'foto.png' });
    const { messageId } = (await refused.json()) as { messageId: string };
    await kit.settle();
    const failed = await messageRow(client.id, messageId);
    expect(failed.status).toBe('failed');
    expect(failed.errorDetails).toMatchObject({ code: 131053, source: 'upload', retrying: false });
    expect(String(failed.errorDetails!.reason)).toBe(
      'Uploading the file to WhatsApp failed. Meta could not accept the attached file: Media upload failed: the file type is not supported. (#131053).',
    );
    expect(kit.graph.uploads.length).toBe(uploadsBefore);

    await agent.caller.conversations.retryMessage({ messageId });
    await expect.poll(async () => (await messageRow(client.id, messageId)).status, { timeout: 20_000 }).toBe('sent');
    expect(kit.graph.uploads.length).toBe(uploadsBefore + 1);
    expect(kit.graph.sent.at(-1)!.body).toMatchObject({ to: phone, image: { id: kit.graph.uploads.at(-1)!.id } });

    // Meta failing (HTTP 500) is retried by the outbox on its own.
    kit.graph.failNextUpload(131000, 1, { phoneNumberId: client.phoneNumberId, http: 500 });
    const retried = (await (await upload(conversation.id, agent.token, PDF, 'application/pdf', { filename: 'b.pdf' })).json()) as { messageId: string };
    await expect.poll(async () => (await messageRow(client.id, retried.messageId)).status, { timeout: 20_000 }).toBe('sent');
    expect(await messageRow(client.id, retried.messageId)).toMatchObject({ sendAttempts: 2, errorDetails: null });

    // A send that fails after the upload reuses the uploaded media on its retry: one upload only.
    const uploadsNow = kit.graph.uploads.length;
    kit.graph.failNext(phone, 131000, 1, { http: 500 });
    const again = (await (await upload(conversation.id, agent.token, PDF, 'application/pdf', { filename: 'c.pdf' })).json()) as { messageId: string };
    await expect.poll(async () => (await messageRow(client.id, again.messageId)).status, { timeout: 20_000 }).toBe('sent');
    expect(kit.graph.uploads.length).toBe(uploadsNow + 1);
    expect(kit.graph.sent.at(-1)!.body).toMatchObject({ document: { id: kit.graph.uploads.at(-1)!.id, filename: 'c.pdf' } });
  });
});
