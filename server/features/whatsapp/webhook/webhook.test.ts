import fs from 'node:fs';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { signedPost } from '#server/dev/fakeGraph/signedPost.js';
import { batch, contact, envelope, inbound, status } from '../fixtures/webhookFixtures.js';
import { APP_SECRET, startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { signBody } from './verifySignature.js';

describe.each(DATABASE_KINDS)('WhatsApp webhook on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  const inboxRows = (clientId: string) =>
    kit.server.app.db.tenant(clientId, (tx) =>
      tx.select().from(kit.server.app.db.t.webhookInbox).where(eq(kit.server.app.db.t.webhookInbox.clientId, clientId)),
    );

  it("answers Meta's verification handshake for a client's or the platform's verify token only", async () => {
    await kit.newClient();
    const get = (query: string) => fetch(`${kit.webhookUrl}?${query}`);
    const ok = await get('hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=verify-token-test');
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const platform = await get('hub.mode=subscribe&hub.challenge=abc%20def&hub.verify_token=platform-verify-token');
    expect(await platform.text()).toBe('abc def');
    expect((await get('hub.mode=subscribe&hub.challenge=1&hub.verify_token=wrong-token')).status).toBe(403);
    expect((await get('hub.mode=subscribe&hub.verify_token=verify-token-test')).status).toBe(400);
  });

  it('refuses a missing or wrong signature with 401 and stores nothing; malformed JSON is 400', async () => {
    const client = await kit.newClient();
    const body = JSON.stringify(envelope(client.phoneNumberId, { contacts: [contact('5511911112222')], messages: [inbound.text('5511911112222', 'oi')] }));
    const unsigned = await fetch(kit.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(unsigned.status).toBe(401);
    expect((await signedPost(kit.webhookUrl, body, 'not-the-secret')).status).toBe(401);
    const tampered = await fetch(kit.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(body, APP_SECRET) },
      body: body.replace('oi', 'io'),
    });
    expect(tampered.status).toBe(401);
    expect(await inboxRows(client.id)).toHaveLength(0);

    // The owner is found in the raw bytes and its signature checked before any parsing.
    const malformed = await signedPost(
      kit.webhookUrl,
      `{"object":"whatsapp_business_account","entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"${client.phoneNumberId}"`,
      APP_SECRET,
    );
    expect(malformed.status).toBe(400);
    expect((await signedPost(kit.webhookUrl, `["phone_number_id", {"phone_number_id":"${client.phoneNumberId}"}]`, APP_SECRET)).status).toBe(400);
    // A body naming no client's number is never parsed: without a platform secret it is acknowledged, stored nowhere.
    expect(await (await signedPost(kit.webhookUrl, '"just a string"', APP_SECRET)).json()).toEqual({ ok: true, stored: 0 });
  });

  it("applies an administrator's new app secret or phone number id to the very next webhook", async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const message = (phoneNumberId: string, n: number) =>
      envelope(phoneNumberId, { contacts: [contact('5511933334444')], messages: [inbound.text('5511933334444', `mensagem ${n}`)] });
    // The first delivery leaves the client's answer in the webhook's cache.
    expect((await kit.deliver(message(client.phoneNumberId, 1))).status).toBe(200);

    await admin.caller.clients.replaceSecrets({ metaAppSecret: 'the-rotated-app-secret' });
    expect((await kit.deliver(message(client.phoneNumberId, 2))).status).toBe(401);
    expect((await kit.deliver(message(client.phoneNumberId, 3), 'the-rotated-app-secret')).status).toBe(200);

    const movedTo = `20${Math.floor(Math.random() * 1e12)}`;
    await admin.caller.clients.updateSettings({ metaPhoneNumberId: movedTo });
    const toOldNumber = await kit.deliver(message(client.phoneNumberId, 4), 'the-rotated-app-secret');
    expect(await toOldNumber.json()).toMatchObject({ stored: 0 });
    const toNewNumber = await kit.deliver(message(movedTo, 5), 'the-rotated-app-secret');
    expect(await toNewNumber.json()).toMatchObject({ stored: 1 });
    expect(await inboxRows(client.id)).toHaveLength(3);
  });

  it('answers 200 and stores nothing for a phone number id no client owns', async () => {
    const response = await kit.deliver(envelope('99999999999', { contacts: [contact('5511900000000')], messages: [inbound.text('5511900000000', 'hello')] }));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ stored: 0 });
  });

  it('verifies the signature over the raw ASCII-escaped bytes Meta sends, and stores the decoded text', async () => {
    const client = await kit.newClient();
    const raw = fs
      .readFileSync(path.join(import.meta.dirname, '../fixtures/raw/text-ascii-escaped.json'), 'utf8')
      .replace('__PHONE_NUMBER_ID__', client.phoneNumberId);
    expect(raw).toContain('\\u00e9');
    // Re-serialising changes the bytes, so a signature over the decoded JSON must not pass.
    const reserialised = JSON.stringify(JSON.parse(raw));
    const wrong = await fetch(kit.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(reserialised, APP_SECRET) },
      body: raw,
    });
    expect(wrong.status).toBe(401);
    const response = await signedPost(kit.webhookUrl, raw, APP_SECRET);
    expect(response.status).toBe(200);
    await kit.settle();
    const { messages, conversations } = kit.server.app.db.t;
    const rows = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(messages).where(eq(messages.clientId, client.id)));
    expect(rows).toHaveLength(1);
    expect(rows[0]!.content).toBe('Olá, quero um café ☕ e pão de açúcar. Meu e-mail: jose@example.com https://example.com/pedido');
    const [conversation] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    expect(conversation).toMatchObject({ name: 'José Araújo', phone: '5511987654321', status: 'bot', unreadCount: 1 });
  });

  it('stores every message, status and error of a batched delivery once, however often and concurrently it is re-delivered', async () => {
    const client = await kit.newClient();
    const other = await kit.newClient();
    const first = inbound.text('5511933334444', 'primeira');
    const second = inbound.text('5511933334444', 'segunda');
    const third = inbound.text('5521955556666', 'terceira');
    const payload = batch([
      [
        { phoneNumberId: client.phoneNumberId, value: { contacts: [contact('5511933334444', 'Ana')], messages: [first, second] } },
        { phoneNumberId: client.phoneNumberId, value: { statuses: [status('wamid.unknown-1', 'delivered', '5511933334444')] } },
      ],
      [
        { phoneNumberId: other.phoneNumberId, value: { contacts: [contact('5521955556666', 'Bia')], messages: [third] } },
        {
          phoneNumberId: client.phoneNumberId,
          value: {
            errors: [{ code: 131000, title: 'Something went wrong', message: 'Something went wrong', error_data: { details: 'Unsupported webhook payload' } }],
          },
        },
        { phoneNumberId: client.phoneNumberId, field: 'account_update', value: {} },
      ],
    ]);
    const responses = await Promise.all(Array.from({ length: 6 }, () => kit.deliver(payload)));
    expect(responses.map((response) => response.status)).toEqual([200, 200, 200, 200, 200, 200]);
    await kit.deliver(payload);
    const rows = await inboxRows(client.id);
    expect(rows.map((row) => row.kind).sort()).toEqual(['error', 'message', 'message', 'status']);
    expect(await inboxRows(other.id)).toHaveLength(1);
    await kit.settle();
    const { messages } = kit.server.app.db.t;
    const stored = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(messages).where(eq(messages.clientId, client.id)));
    expect(stored.map((row) => row.content).sort()).toEqual(['primeira', 'segunda']);
    const otherStored = await kit.server.app.db.tenant(other.id, (tx) => tx.select().from(messages).where(eq(messages.clientId, other.id)));
    expect(otherStored.map((row) => row.content)).toEqual(['terceira']);
    const states = (await inboxRows(client.id)).map((row) => row.state);
    expect(states.every((state) => state === 'done')).toBe(true);
  });

  it('treats a Brazilian number with and without the ninth digit as the same customer', async () => {
    const client = await kit.newClient();
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact('551187654321', 'Carlos')], messages: [inbound.text('551187654321', 'sem nove')] }));
    await kit.deliver(
      envelope(client.phoneNumberId, { contacts: [contact('5511987654321', 'Carlos')], messages: [inbound.text('5511987654321', 'com nove')] }),
    );
    await kit.settle();
    const { conversations, clientesWhatsapp, messages } = kit.server.app.db.t;
    const db = kit.server.app.db;
    const convs = await db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    expect(convs).toHaveLength(1);
    expect(convs[0]!.phone).toBe('5511987654321');
    expect(convs[0]!.unreadCount).toBe(2);
    const customers = await db.tenant(client.id, (tx) => tx.select().from(clientesWhatsapp).where(eq(clientesWhatsapp.clientId, client.id)));
    expect(customers).toHaveLength(1);
    const rows = await db.tenant(client.id, (tx) =>
      tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, client.id), eq(messages.conversationId, convs[0]!.id))),
    );
    expect(rows).toHaveLength(2);
  });

  it('handles username-based users who have a business-scoped id and no phone', async () => {
    const client = await kit.newClient();
    const userId = 'US.13491208655302741918';
    const message = { ...inbound.text('', 'sou usuário sem número'), from: undefined, from_user_id: userId };
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [{ profile: { username: 'ana.padaria' }, user_id: userId }], messages: [message] }));
    await kit.settle();
    const { conversations, clientesWhatsapp } = kit.server.app.db.t;
    const db = kit.server.app.db;
    const [conversation] = await db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    expect(conversation).toMatchObject({ phone: userId, name: 'ana.padaria', lastMessage: 'sou usuário sem número' });
    const [customer] = await db.tenant(client.id, (tx) => tx.select().from(clientesWhatsapp).where(eq(clientesWhatsapp.clientId, client.id)));
    expect(customer).toMatchObject({ userId, waId: null, telefone: userId });
  });
});
