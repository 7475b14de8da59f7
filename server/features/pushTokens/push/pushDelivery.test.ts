import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { jobsSettled } from '#server/jobs/index.js';
import { startFakePushServer, type FakePushServer } from '#server/dev/fakePushServer.js';
import { contact, envelope, inbound } from '#server/features/whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { signedAssertion } from './fcmAccessToken.js';

describe.each(DATABASE_KINDS)('push delivery through the fake on %s', (kind) => {
  let kit: WhatsAppKit;
  let push: FakePushServer;
  const original = [...RESPONDERS];
  beforeAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length); // nobody answers: the chats stay as the test puts them
    push = await startFakePushServer();
    kit = await startWhatsAppKit(kind, {
      push: {
        expoUrl: push.url,
        expoAccessToken: undefined,
        fcmUrl: push.url,
        fcmServiceAccount: push.serviceAccount(),
        expoReceiptDelayMs: 0,
        retryBaseMs: 20,
      },
    });
  });
  afterAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...original);
    await kit?.dispose();
    await push?.close();
  });

  let counter = 0;
  const settled = async () => {
    await kit.settle();
    await jobsSettled(kit.server.app.db, ['push.']);
  };
  async function setUp() {
    const client = await kit.newClient();
    const phone = `55119${(60000000 + ++counter * 1000 + Math.floor(Math.random() * 999)).toString()}`;
    const tag = `${kind}-${counter}-${Date.now()}`;
    const admin = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const ana = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const bruno = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const viewer = await kit.server.signIn({ clientId: client.id, role: 'viewer' });
    const tokens = {
      anaPhone: `ExponentPushToken[ana-${tag}]`,
      anaTablet: `fcm-ana-tablet-${tag}`,
      bruno: `fcm-bruno-${tag}`,
      admin: `ExponentPushToken[admin-${tag}]`,
      viewer: `fcm-viewer-${tag}`,
    };
    await ana.caller.pushTokens.register({ token: tokens.anaPhone, platform: 'ios' });
    await ana.caller.pushTokens.register({ token: tokens.anaTablet, platform: 'android' });
    await bruno.caller.pushTokens.register({ token: tokens.bruno, platform: 'android' });
    await admin.caller.pushTokens.register({ token: tokens.admin, platform: 'android' });
    await viewer.caller.pushTokens.register({ token: tokens.viewer, platform: 'web' });
    const write = async (text: string) => {
      await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone, 'Maria Souza')], messages: [inbound.text(phone, text)] }));
      await settled();
    };
    await write('oi');
    const { conversations } = kit.server.app.db.t;
    const [conversation] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const mine = (token: string) => [
      ...push.expo.filter((item) => item.to === token).map((item) => ({ title: item.title, body: item.body, data: item.data })),
      ...push.fcm.filter((item) => item.token === token).map((item) => ({ title: item.notification?.title, body: item.notification?.body, data: item.data })),
    ];
    return { client, admin, ana, bruno, viewer, tokens, write, conversationId: conversation!.id, mine };
  }

  it('pushes an assignment, a new message in the assigned chat and a hand-off, through Expo and FCM HTTP v1', async () => {
    const { admin, ana, tokens, write, conversationId, mine } = await setUp();
    await admin.caller.conversations.assign({ conversationId, userId: ana.userId });
    await settled();
    const assigned = { title: 'Conversa atribuída a você', body: 'Maria Souza: oi' };
    expect(mine(tokens.anaPhone)).toEqual([{ ...assigned, data: { event: 'assigned', conversationId, clientId: expect.any(String) } }]);
    expect(mine(tokens.anaTablet)).toEqual([{ ...assigned, data: { event: 'assigned', conversationId, clientId: expect.any(String) } }]);
    expect(mine(tokens.bruno)).toEqual([]);
    expect(mine(tokens.admin)).toEqual([]); // the one who assigned is not told

    // FCM got a real OAuth2 token: the fake checked the RS256 signature and the claims.
    const grant = push.tokenRequests.find((request) => request.ok);
    expect(grant?.claims).toMatchObject({ iss: push.serviceAccount().clientEmail, aud: `${push.url}/token` });
    expect(push.tokenRequests.filter((request) => !request.ok)).toEqual([]);

    await write('preciso de ajuda com meu pedido');
    expect(mine(tokens.anaPhone).at(-1)).toMatchObject({ title: 'Nova mensagem de Maria Souza', body: 'preciso de ajuda com meu pedido' });
    expect(mine(tokens.anaTablet)).toHaveLength(2);
    expect(mine(tokens.bruno)).toEqual([]);

    // A hand-off to nobody in particular: every agent (and above) but the one who made it; viewers are not asked.
    await ana.caller.conversations.transfer({ conversationId });
    await settled();
    expect(mine(tokens.bruno)).toEqual([
      expect.objectContaining({ title: 'Conversa aguardando atendente', data: expect.objectContaining({ event: 'transfer' }) }),
    ]);
    expect(mine(tokens.admin)).toHaveLength(1);
    expect(mine(tokens.anaPhone)).toHaveLength(2);
    expect(mine(tokens.viewer)).toEqual([]);
    // The access token is reused, not fetched for every push.
    expect(push.tokenRequests.filter((request) => request.ok)).toHaveLength(1);
  });

  it('follows each member’s preferences', async () => {
    const { admin, ana, bruno, tokens, write, conversationId, mine } = await setUp();
    expect(await ana.caller.pushTokens.preferences()).toEqual({ onAssigned: true, onTransfer: true, onMessage: true });
    await expect(ana.caller.pushTokens.savePreferences({ onMessage: false })).resolves.toEqual({ onAssigned: true, onTransfer: true, onMessage: false });
    await expect(bruno.caller.pushTokens.savePreferences({ onTransfer: false })).resolves.toMatchObject({ onTransfer: false });
    await expect(ana.caller.pushTokens.savePreferences({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    expect(await ana.caller.pushTokens.preferences()).toEqual({ onAssigned: true, onTransfer: true, onMessage: false });

    await admin.caller.conversations.assign({ conversationId, userId: ana.userId });
    await write('alô?');
    expect(mine(tokens.anaPhone).map((item) => item.data?.event)).toEqual(['assigned']); // no message push
    await admin.caller.conversations.transfer({ conversationId });
    await settled();
    expect(mine(tokens.bruno)).toEqual([]); // transfers switched off
    expect(mine(tokens.anaPhone).map((item) => item.data?.event)).toEqual(['assigned', 'transfer']);
  });

  it('prunes dead tokens (Expo ticket or receipt DeviceNotRegistered, FCM UNREGISTERED) and retries what failed', async () => {
    const { client, admin, ana, bruno, tokens, conversationId, mine } = await setUp();
    const carla = await kit.server.signIn({ clientId: client.id, role: 'agent' }); // no devices: makes the changes
    push.forget(tokens.bruno); // FCM: 404 UNREGISTERED
    push.forgetOnReceipt(tokens.anaPhone); // Expo: ok ticket, DeviceNotRegistered receipt
    push.forget(tokens.admin); // Expo: DeviceNotRegistered ticket
    push.failNext('fcm', 1); // Ana's tablet misses the first round, and gets the follow-up
    await carla.caller.conversations.transfer({ conversationId });
    await settled();
    expect((await bruno.caller.pushTokens.listMine()).map((row) => row.platform)).toEqual([]);
    expect((await admin.caller.pushTokens.listMine()).map((row) => row.platform)).toEqual([]);
    expect((await ana.caller.pushTokens.listMine()).map((row) => row.platform)).toEqual(['android']);
    expect(mine(tokens.anaTablet)).toHaveLength(1); // delivered once, on the retry
    expect(mine(tokens.anaPhone)).toHaveLength(1); // not sent again by the retry
    expect(push.receiptsAsked.flat().length).toBeGreaterThan(0);

    // The next hand-off only reaches the devices left.
    await carla.caller.conversations.returnToBot({ conversationId });
    const before = push.expo.length + push.fcm.length;
    await carla.caller.conversations.transfer({ conversationId });
    await settled();
    expect(push.expo.length + push.fcm.length - before).toBe(1);
    expect(mine(tokens.anaTablet)).toHaveLength(2);
  });

  it('reaches only Expo devices while FCM is not configured, keeping the other tokens', async () => {
    const { client, ana, tokens, conversationId, mine } = await setUp();
    const carla = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const account = kit.server.app.config.push.fcmServiceAccount;
    kit.server.app.config.push.fcmServiceAccount = null;
    try {
      await carla.caller.conversations.transfer({ conversationId });
      await settled();
    } finally {
      kit.server.app.config.push.fcmServiceAccount = account;
    }
    expect(mine(tokens.anaPhone)).toHaveLength(1);
    expect(mine(tokens.anaTablet)).toEqual([]);
    expect(mine(tokens.bruno)).toEqual([]);
    expect((await ana.caller.pushTokens.listMine()).map((row) => row.platform).sort()).toEqual(['android', 'ios']);
  });

  it('signs the FCM assertion with the service account key (RS256, one hour, the messaging scope)', () => {
    const account = push.serviceAccount();
    const [header, claims] = signedAssertion(account, Date.UTC(2026, 0, 1))
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>);
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: account.privateKeyId });
    expect(claims).toEqual({
      iss: account.clientEmail,
      scope: 'https://www.googleapis.com/auth/firebase.messaging',
      aud: account.tokenUri,
      iat: Date.UTC(2026, 0, 1) / 1000,
      exp: Date.UTC(2026, 0, 1) / 1000 + 3600,
    });
  });
});
