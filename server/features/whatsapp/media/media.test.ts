import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '../../../testing/testDatabases.js';
import { contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';

describe.each(DATABASE_KINDS)('inbound media on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  async function receive(clientId: string, phoneNumberId: string, message: Record<string, unknown>) {
    const from = String(message.from);
    await kit.deliver(envelope(phoneNumberId, { contacts: [contact(from)], messages: [message] }));
    await kit.settle();
    const { messages } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) => tx.select().from(messages)
      .where(and(eq(messages.clientId, clientId), eq(messages.wamid, String(message.id)))));
    return row!;
  }

  it('downloads with the client\'s token, verifies the checksum, stores it and serves it to the client\'s users only', async () => {
    const client = await kit.newClient();
    const other = await kit.newClient();
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, index) => index % 251));
    const media = kit.graph.addMedia(`photo-${client.id}`, bytes, 'image/jpeg');
    const row = await receive(client.id, client.phoneNumberId, inbound.image('5511970000001', media, 'meu pedido'));
    expect(row.mediaUrl).toBe(`/media/${row.id}`);
    expect(row.metadata.media).toMatchObject({ size: 4096, mimeType: 'image/jpeg' });

    const agent = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    const outsider = await kit.server.signIn({ clientId: other.id, role: 'owner' });
    const served = await fetch(`${kit.server.url}${row.mediaUrl}`, { headers: { authorization: `Bearer ${agent.token}` } });
    expect(served.status).toBe(200);
    expect(served.headers.get('content-type')).toBe('image/jpeg');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    const byQuery = await fetch(`${kit.server.url}${row.mediaUrl}?token=${agent.token}`);
    expect(byQuery.status).toBe(200);
    expect((await fetch(`${kit.server.url}${row.mediaUrl}`)).status).toBe(401);
    expect((await fetch(`${kit.server.url}${row.mediaUrl}`, { headers: { authorization: `Bearer ${outsider.token}` } })).status).toBe(404);
    expect((await fetch(`${kit.server.url}/media/not-a-uuid`, { headers: { authorization: `Bearer ${agent.token}` } })).status).toBe(404);
  });

  it('shows media in the inbox list with its kind, also without a caption', async () => {
    const client = await kit.newClient();
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    const preview = async (phone: string) => (await viewer.caller.conversations.list({ limit: 10 })).items.find((row) => row.phone === phone)?.lastMessage;
    const photo = kit.graph.addMedia(`bare-${client.id}`, Buffer.alloc(512, 7), 'image/jpeg');
    await receive(client.id, client.phoneNumberId, inbound.image('5511970000011', photo));
    expect(await preview('5511970000011')).toBe('📷');
    const captioned = kit.graph.addMedia(`captioned-${client.id}`, Buffer.alloc(512, 9), 'image/jpeg');
    await receive(client.id, client.phoneNumberId, inbound.image('5511970000011', captioned, 'segue o comprovante'));
    expect(await preview('5511970000011')).toBe('📷 segue o comprovante');
  });

  it('asks for a fresh URL when the one in the webhook has expired', async () => {
    const client = await kit.newClient();
    const media = kit.graph.addMedia(`doc-${client.id}`, Buffer.from('%PDF-1.4 nota fiscal'), 'application/pdf');
    kit.graph.expireMediaUrl('?mid=expired');
    const message = inbound.document('5511970000002', media, 'nota.pdf');
    (message.document as Record<string, unknown>).url = `${kit.graph.url}/media-download/${encodeURIComponent(media.id)}?mid=expired`;
    const row = await receive(client.id, client.phoneNumberId, message);
    expect(row.metadata.media).toMatchObject({ size: 20, filename: 'nota.pdf' });
    expect(row.mediaUrl).toBe(`/media/${row.id}`);
  });

  it('records, without storing, a file whose checksum does not match or that is over its type\'s limit', async () => {
    const client = await kit.newClient();
    const tampered = kit.graph.addMedia(`bad-${client.id}`, Buffer.from('real bytes'), 'image/jpeg');
    const wrong = await receive(client.id, client.phoneNumberId, inbound.image('5511970000003', { ...tampered, sha256: Buffer.alloc(32, 7).toString('base64') }));
    expect(wrong.mediaUrl).toBeNull();
    expect(wrong.metadata.media).toMatchObject({ error: expect.stringContaining('does not match the sha256') });

    const huge = kit.graph.addMedia(`big-${client.id}`, Buffer.alloc(600 * 1024, 1), 'image/webp');
    const sticker = await receive(client.id, client.phoneNumberId, inbound.sticker('5511970000003', huge));
    expect(sticker.mediaUrl).toBeNull();
    expect(sticker.metadata.media).toMatchObject({ error: expect.stringContaining('more than the 512000 bytes allowed') });
    // The message itself is there, and the conversation moved on.
    expect(sticker.type).toBe('sticker');
  });
});
