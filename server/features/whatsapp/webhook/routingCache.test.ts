// The webhook caches which client owns a phone number id (and its app secret). A number moved to
// another client, removed, or a rotated secret must apply to the very next webhook, on the instance
// where the change was made and, on PostgreSQL, on every other instance sharing the database (the
// change is announced on the live events bus, which NOTIFY relays).
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { signedPost, metaJson } from '#server/dev/fakeGraph/signedPost.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { WEBHOOK_ROUTING_CHANGED_KEY } from './resolveWebhookClient.js';

const newNumberId = () => `30${Math.floor(Math.random() * 1e12)}`;
const message = (phoneNumberId: string, phone: string, text: string) =>
  envelope(phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, text)] });

/** Resolves once the server's bus has heard `count` routing changes (its own or another instance's). */
function routingChangesHeard(server: TestServer, count = 1): Promise<void> {
  let heard = 0;
  return new Promise((resolve) => {
    const stop = server.app.events.subscribe(WEBHOOK_ROUTING_CHANGED_KEY, () => {
      if (++heard < count) return;
      stop();
      resolve();
    });
  });
}

async function storedFor(server: TestServer, clientId: string): Promise<string[]> {
  const { webhookInbox } = server.app.db.t;
  const rows = await server.app.db.tenant(clientId, (tx) => tx.select().from(webhookInbox).where(eq(webhookInbox.clientId, clientId)));
  return rows.map((row) => row.dedupeKey);
}

describe.each(DATABASE_KINDS)('webhook routing cache on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  it('routes a number moved to another client, with that client’s secret, from the next webhook on', async () => {
    const first = await kit.newClient();
    const second = await kit.newClient();
    const firstAdmin = await kit.server.signIn({ clientId: first.id, role: 'admin' });
    const secondAdmin = await kit.server.signIn({ clientId: second.id, role: 'admin' });
    await secondAdmin.caller.clients.replaceSecrets({ metaAppSecret: 'second-client-secret' });
    const moving = first.phoneNumberId;

    // Cached: the number belongs to the first client.
    expect(await (await kit.deliver(message(moving, '5511955550001', 'antes'))).json()).toMatchObject({ stored: 1 });

    // The first client gives the number up, the second takes it.
    await firstAdmin.caller.clients.updateSettings({ metaPhoneNumberId: newNumberId() });
    await secondAdmin.caller.clients.updateSettings({ metaPhoneNumberId: moving });

    // Signed with the first client's secret: refused; with the second's: stored for the second.
    expect((await kit.deliver(message(moving, '5511955550002', 'velho segredo'))).status).toBe(401);
    expect(await (await kit.deliver(message(moving, '5511955550003', 'depois'), 'second-client-secret')).json()).toMatchObject({ stored: 1 });
    expect(await storedFor(kit.server, first.id)).toHaveLength(1);
    expect(await storedFor(kit.server, second.id)).toHaveLength(1);
  });

  it('stops routing a further number once it is removed, and follows its rotated secret', async () => {
    const client = await kit.newClient();
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const phoneNumberId = newNumberId();
    const further = await admin.caller.numbers.create({
      kind: 'meta',
      displayName: 'Loja',
      phoneNumberId,
      accessToken: 'EAAloja-token',
      appSecret: 'loja-secret-1',
    });
    expect(await (await kit.deliver(message(phoneNumberId, '5511955550011', 'um'), 'loja-secret-1')).json()).toMatchObject({ stored: 1 });

    await admin.caller.numbers.update({ id: further.id, appSecret: 'loja-secret-2' });
    expect((await kit.deliver(message(phoneNumberId, '5511955550012', 'dois'), 'loja-secret-1')).status).toBe(401);
    expect(await (await kit.deliver(message(phoneNumberId, '5511955550013', 'três'), 'loja-secret-2')).json()).toMatchObject({ stored: 1 });

    await admin.caller.numbers.remove({ id: further.id });
    expect(await (await kit.deliver(message(phoneNumberId, '5511955550014', 'quatro'), 'loja-secret-2')).json()).toMatchObject({ stored: 0 });
    expect(await storedFor(kit.server, client.id)).toHaveLength(2);
  });
});

describe('webhook routing cache across two instances on one PostgreSQL database', () => {
  let kit: WhatsAppKit;
  let second: TestServer;
  beforeAll(async () => {
    kit = await startWhatsAppKit('pg');
    second = await startTestServer('pg', {
      database: kit.server.config.database,
      masterKey: kit.server.config.masterKey,
      whatsapp: kit.server.config.whatsapp,
    });
  }, 120_000);
  afterAll(async () => {
    await second?.stop();
    await kit?.dispose();
  });

  it('applies a number moved, a secret rotated and a client suspended on one instance to the next webhook the other receives', async () => {
    const secondUrl = `${second.url}/webhooks/whatsapp`;
    const viaSecond = (payload: unknown, secret: string) => signedPost(secondUrl, metaJson(payload), secret);
    const first = await kit.newClient();
    const other = await kit.newClient();
    const firstAdmin = await kit.server.signIn({ clientId: first.id, role: 'admin' });
    const otherAdmin = await kit.server.signIn({ clientId: other.id, role: 'admin' });
    const platform = await kit.server.signIn({ clientId: null, platformAdmin: true });
    const moving = first.phoneNumberId;

    // The second instance caches the owner and secret.
    expect(await (await viaSecond(message(moving, '5511955550021', 'a'), 'app-secret-test')).json()).toMatchObject({ stored: 1 });

    // Rotated through the first instance: the second refuses the old secret once it has heard.
    let heard = routingChangesHeard(second);
    await firstAdmin.caller.clients.replaceSecrets({ metaAppSecret: 'rotated-secret' });
    await heard;
    expect((await viaSecond(message(moving, '5511955550022', 'b'), 'app-secret-test')).status).toBe(401);
    expect(await (await viaSecond(message(moving, '5511955550023', 'c'), 'rotated-secret')).json()).toMatchObject({ stored: 1 });

    // Moved to the other client through the first instance.
    heard = routingChangesHeard(second, 2);
    await firstAdmin.caller.clients.updateSettings({ metaPhoneNumberId: newNumberId() });
    await otherAdmin.caller.clients.updateSettings({ metaPhoneNumberId: moving });
    await heard;
    expect(await (await viaSecond(message(moving, '5511955550024', 'd'), 'app-secret-test')).json()).toMatchObject({ stored: 1 });

    // The other client suspended through the first instance: acknowledged, not stored.
    heard = routingChangesHeard(second);
    await platform.caller.clients.suspend({ clientId: other.id });
    await heard;
    expect(await (await viaSecond(message(moving, '5511955550025', 'e'), 'app-secret-test')).json()).toMatchObject({ stored: 0 });

    expect(await storedFor(kit.server, first.id)).toHaveLength(2);
    expect(await storedFor(kit.server, other.id)).toHaveLength(1);
  });
});
