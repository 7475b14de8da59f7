// The WhatsApp connection wizard's server side, through tRPC against the fake Graph API, on both
// databases: checks with Meta, write-only secrets, the phone number id clash, the test message,
// roles, bad input, and the webhook picking up the newly saved app secret and verify token.
import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signedPost, metaJson } from '#server/dev/fakeGraph/signedPost.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { trpcOverHttp } from '#server/testing/trpcOverHttp.js';
import { createClient } from '../clients/createClient.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';
import { connectionProblem } from './connectionProblem.js';
import { GraphApiError } from '../whatsapp/graph/graphClient.js';

const digits = (length: number) => `${Math.floor(1 + Math.random() * 8)}${Array.from({ length: length - 1 }, () => Math.floor(Math.random() * 10)).join('')}`;

describe.each(DATABASE_KINDS)('the WhatsApp connection wizard on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  }, 60_000);
  afterAll(() => kit?.dispose());

  /** A client with no WhatsApp number yet, its owner, and a number Meta (the fake) knows. */
  async function freshOwner(role: 'owner' | 'admin' = 'owner') {
    const tag = randomBytes(4).toString('hex');
    const client = await createClient(kit.server.app, { name: `Wizard ${tag}`, slug: `wizard-${tag}` });
    const user = await kit.server.signIn({ clientId: client.id, role });
    const number = { phoneNumberId: digits(15), wabaId: digits(15), accessToken: `EAAwizard-${tag}-token`, appSecret: `app-secret-${tag}` };
    kit.graph.addPhoneNumber(number.phoneNumberId, {
      displayPhoneNumber: '+55 11 4000-3000',
      verifiedName: `Padaria ${tag}`,
      qualityRating: 'GREEN',
      token: number.accessToken,
    });
    kit.graph.addBusinessAccount(number.wabaId, { name: `Padaria ${tag} WABA`, token: number.accessToken });
    return { client, user, number, tag };
  }

  it('saves the number, never answers a secret, checks it with Meta (name and quality) and remembers what Meta said', async () => {
    const { client, user, number, tag } = await freshOwner();
    const before = await user.caller.whatsappConnection.get();
    expect(before).toMatchObject({
      configured: false,
      phoneNumberId: null,
      tokenSet: false,
      appSecretSet: false,
      verifiedName: null,
      webhookPath: '/webhooks/whatsapp',
    });
    expect(before.verifyToken).toMatch(/^uzz-[\w-]{32}$/);
    expect((await user.caller.whatsappConnection.get()).verifyToken).toBe(before.verifyToken);

    const saved = await user.caller.whatsappConnection.save(number);
    expect(saved).toMatchObject({ phoneNumberId: number.phoneNumberId, numberChanged: true, replaced: ['accessToken', 'appSecret'] });
    const after = await user.caller.whatsappConnection.get();
    expect(after).toMatchObject({
      configured: true,
      phoneNumberId: number.phoneNumberId,
      wabaId: number.wabaId,
      tokenSet: true,
      appSecretSet: true,
      verifyToken: before.verifyToken,
    });
    expect(JSON.stringify(after)).not.toContain(number.accessToken);
    expect(JSON.stringify(after)).not.toContain(number.appSecret);
    expect(JSON.stringify(await user.caller.clients.settings())).not.toContain(number.accessToken);

    kit.graph.reset();
    const verified = await user.caller.whatsappConnection.verify({});
    expect(verified).toEqual({
      ok: true,
      phone: { displayPhoneNumber: '+55 11 4000-3000', verifiedName: `Padaria ${tag}`, qualityRating: 'GREEN', codeVerificationStatus: 'VERIFIED' },
      businessAccount: { id: number.wabaId, name: `Padaria ${tag} WABA` },
    });
    expect(kit.graph.lookups.map((lookup) => [lookup.id, lookup.token])).toEqual([
      [number.phoneNumberId, number.accessToken],
      [number.wabaId, number.accessToken],
    ]);
    expect(kit.graph.lookups[0]!.fields).toBe('display_phone_number,verified_name,quality_rating,code_verification_status');
    expect(await user.caller.whatsappConnection.get()).toMatchObject({
      verifiedName: `Padaria ${tag}`,
      qualityRating: 'GREEN',
      displayPhone: '+55 11 4000-3000',
      verifiedAt: expect.anything(),
    });

    // The audit log records the saves and checks, never the secrets.
    const { auditLogs } = kit.server.app.db.t;
    const audit = await kit.server.app.db.system((tx) => tx.select().from(auditLogs).where(eq(auditLogs.clientId, client.id)));
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining([expect.stringContaining('whatsappConnection.save'), expect.stringContaining('whatsappConnection.verify')]),
    );
    expect(JSON.stringify(audit)).not.toContain(number.accessToken);
    expect(JSON.stringify(audit)).not.toContain(number.appSecret);
  });

  it("checks the form's values before saving them, and answers Meta's errors in plain words", async () => {
    const { user, number } = await freshOwner();
    const ok = await user.caller.whatsappConnection.verify({ phoneNumberId: number.phoneNumberId, wabaId: number.wabaId, accessToken: number.accessToken });
    expect(ok).toMatchObject({ ok: true, phone: { qualityRating: 'GREEN' } });
    // Nothing was saved by a check of unsaved values.
    expect(await user.caller.whatsappConnection.get()).toMatchObject({ configured: false, phoneNumberId: null, verifiedName: null });

    const wrongToken = await user.caller.whatsappConnection.verify({ phoneNumberId: number.phoneNumberId, accessToken: 'EAAnot-the-right-token' });
    expect(wrongToken).toMatchObject({
      ok: false,
      failed: 'phoneNumber',
      error: { problem: 'invalid_token', code: 190, message: expect.stringContaining('access token') },
    });
    kit.graph.failNextLookup(190, 1, { id: number.phoneNumberId, details: 'Error validating access token: Session has expired on Friday.' });
    expect(await user.caller.whatsappConnection.verify({ phoneNumberId: number.phoneNumberId, accessToken: number.accessToken })).toMatchObject({
      ok: false,
      error: { problem: 'invalid_token', metaMessage: 'Error validating access token: Session has expired on Friday.' },
    });
    expect(await user.caller.whatsappConnection.verify({ phoneNumberId: digits(15), accessToken: number.accessToken })).toMatchObject({
      ok: false,
      failed: 'phoneNumber',
      error: { problem: 'unknown_id', code: 100, metaMessage: expect.stringContaining('does not exist') },
    });
    for (const code of [10, 200]) {
      kit.graph.failNextLookup(code, 1, { id: number.phoneNumberId });
      expect(await user.caller.whatsappConnection.verify({ phoneNumberId: number.phoneNumberId, accessToken: number.accessToken })).toMatchObject({
        ok: false,
        error: { problem: 'permission', code, message: expect.stringContaining('whatsapp_business_messaging') },
      });
    }
    // The number is fine but the business account id is not.
    const wrongWaba = await user.caller.whatsappConnection.verify({ phoneNumberId: number.phoneNumberId, wabaId: digits(15), accessToken: number.accessToken });
    expect(wrongWaba).toMatchObject({ ok: false, failed: 'businessAccount', error: { problem: 'unknown_id' }, phone: { verifiedName: expect.any(String) } });
    // Nothing saved and no token given: nothing to check with.
    await expect(user.caller.whatsappConnection.verify({ phoneNumberId: number.phoneNumberId })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: 'enter the access token to check',
    });
    await expect(user.caller.whatsappConnection.verify({})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'enter the phone number id to check' });
  });

  it("classifies an unreachable API and Meta's own failures", () => {
    expect(connectionProblem(new GraphApiError('WhatsApp API unreachable: fetch failed', null, null, null, 'fetch failed'))).toMatchObject({
      problem: 'network',
      code: null,
    });
    expect(connectionProblem(new GraphApiError('boom', 500, 131000, 'x', 'y'))).toMatchObject({ problem: 'meta_unavailable' });
    expect(connectionProblem(new GraphApiError('slow', 400, 130429, 'x', 'y'))).toMatchObject({ problem: 'rate_limited' });
    expect(() => connectionProblem(new Error('a bug'))).toThrow('a bug');
  });

  it('keeps saved secrets when their fields are left empty, and can regenerate the verify token', async () => {
    const { user, number } = await freshOwner();
    await user.caller.whatsappConnection.save(number);
    const first = await user.caller.whatsappConnection.get();
    // Same number, empty secret fields: only the ids change, the secrets stay.
    const again = await user.caller.whatsappConnection.save({ phoneNumberId: number.phoneNumberId, wabaId: null, accessToken: '', appSecret: '' });
    expect(again).toMatchObject({ numberChanged: false, replaced: [] });
    const after = await user.caller.whatsappConnection.get();
    expect(after).toMatchObject({ tokenSet: true, appSecretSet: true, wabaId: null, verifyToken: first.verifyToken });
    kit.graph.reset();
    expect(await user.caller.whatsappConnection.verify({})).toMatchObject({ ok: true, businessAccount: null });
    expect(kit.graph.lookups.map((lookup) => lookup.token)).toEqual([number.accessToken]);

    await user.caller.whatsappConnection.save({ phoneNumberId: number.phoneNumberId, wabaId: number.wabaId });
    const regenerated = await user.caller.whatsappConnection.save({ phoneNumberId: number.phoneNumberId, regenerateVerifyToken: true });
    expect((await user.caller.whatsappConnection.get()).wabaId).toBe(number.wabaId); // not given: kept
    expect(regenerated.replaced).toEqual(['verifyToken']);
    const renewed = (await user.caller.whatsappConnection.get()).verifyToken;
    expect(renewed).not.toBe(first.verifyToken);
    expect(renewed).toMatch(/^uzz-/);
  });

  it('refuses a phone number id that another client holds (CONFLICT) without naming it', async () => {
    const other = await kit.newClient();
    const { user } = await freshOwner();
    const attempt = user.caller.whatsappConnection.save({ phoneNumberId: other.phoneNumberId, accessToken: 'EAAclash-token-1234', appSecret: 'clash-secret' });
    await expect(attempt).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already connected to another account') });
    await attempt.catch((error: Error) => expect(error.message).not.toContain(other.id));
    expect(await user.caller.whatsappConnection.get()).toMatchObject({ configured: false, phoneNumberId: null, tokenSet: false });
  });

  it('sends a test message with the saved token and number: the template outside the 24-hour window, text inside it', async () => {
    const { client, user, number } = await freshOwner();
    await expect(user.caller.whatsappConnection.sendTest({ to: '+55 11 91234-5678' })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    await user.caller.whatsappConnection.save(number);
    kit.graph.reset();
    const template = await user.caller.whatsappConnection.sendTest({ to: '+55 (11) 91234-5678' });
    expect(template).toMatchObject({ ok: true, sentAs: 'template', windowOpen: false, to: '5511912345678', wamid: expect.stringMatching(/^wamid\./) });
    expect(kit.graph.sent).toEqual([
      expect.objectContaining({
        phoneNumberId: number.phoneNumberId,
        to: '5511912345678',
        token: number.accessToken,
        wamid: template.ok ? template.wamid : '',
        body: expect.objectContaining({ type: 'template', template: { name: 'hello_world', language: { code: 'en_US' } } }),
      }),
    ]);

    // The customer wrote an hour ago: free text goes through.
    const { conversations } = kit.server.app.db.t;
    await kit.server.app.db.tenant(client.id, (tx) =>
      tx.insert(conversations).values({ clientId: client.id, phone: '5511912345678', name: 'Ana', lastInboundAt: new Date(Date.now() - 3_600_000) }),
    );
    const text = await user.caller.whatsappConnection.sendTest({ to: '5511912345678', text: 'Olá, teste!' });
    expect(text).toMatchObject({ ok: true, sentAs: 'text', windowOpen: true });
    expect(kit.graph.sent[1]).toMatchObject({ token: number.accessToken, body: { type: 'text', text: { body: 'Olá, teste!' } } });

    kit.graph.failNext('5511912345678', 131026);
    expect(await user.caller.whatsappConnection.sendTest({ to: '5511912345678' })).toMatchObject({
      ok: false,
      sentAs: 'text',
      error: { problem: 'not_on_whatsapp', code: 131026 },
    });
    // A token Meta no longer accepts (the fake knows only the saved one): saved anew, used at once.
    await user.caller.whatsappConnection.save({ phoneNumberId: number.phoneNumberId, accessToken: 'EAArevoked-token-000' });
    expect(await user.caller.whatsappConnection.sendTest({ to: '5511912345678' })).toMatchObject({ ok: false, error: { problem: 'invalid_token', code: 190 } });
  });

  it('refuses agents and viewers, and bad input with BAD_REQUEST', async () => {
    const { client, user, number } = await freshOwner('admin');
    for (const role of ['agent', 'viewer'] as const) {
      const member = await kit.server.signIn({ clientId: client.id, role });
      await expect(member.caller.whatsappConnection.get()).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(member.caller.whatsappConnection.verify({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(member.caller.whatsappConnection.save(number)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(member.caller.whatsappConnection.sendTest({ to: '5511912345678' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(member.caller.whatsappConnection.disconnect()).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    const bad: Array<[string, () => Promise<unknown>, string]> = [
      ['phone number id with letters', () => user.caller.whatsappConnection.save({ ...number, phoneNumberId: '+55 11 4000' }), 'numeric id'],
      ['waba id with letters', () => user.caller.whatsappConnection.save({ ...number, wabaId: 'waba' }), 'WhatsApp Business account id'],
      ['short token', () => user.caller.whatsappConnection.save({ ...number, accessToken: 'EAA' }), 'at least 10'],
      ['token with spaces', () => user.caller.whatsappConnection.save({ ...number, accessToken: 'EAA token with spaces' }), 'no spaces'],
      ['short app secret', () => user.caller.whatsappConnection.save({ ...number, appSecret: 'abc' }), 'at least 8'],
      [
        'no token at all',
        () => user.caller.whatsappConnection.save({ phoneNumberId: number.phoneNumberId, appSecret: number.appSecret }),
        'access token is needed',
      ],
      [
        'no app secret at all',
        () => user.caller.whatsappConnection.save({ phoneNumberId: number.phoneNumberId, accessToken: number.accessToken }),
        'app secret is needed',
      ],
      ['recipient not a number', () => user.caller.whatsappConnection.sendTest({ to: 'maria' }), 'only digits'],
      ['recipient too short', () => user.caller.whatsappConnection.sendTest({ to: '123' }), 'country and area code'],
      ['long test text', () => user.caller.whatsappConnection.sendTest({ to: '5511912345678', text: 'x'.repeat(1001) }), 'at most 1000'],
    ];
    for (const [why, call, message] of bad) {
      await expect(call(), why).rejects.toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining(message) });
    }
  });

  it('the webhook takes the newly saved app secret and verify token at once, and forgets them on disconnect', async () => {
    const { user, number } = await freshOwner();
    await user.caller.whatsappConnection.save({ ...number, appSecret: 'first-app-secret' });
    const customer = '5511987650001';
    const message = (text: string) =>
      metaJson(envelope(number.phoneNumberId, { messages: [inbound.text(customer, text)], contacts: [contact(customer, 'Rita')] }));
    // The webhook now knows (and caches) the first secret.
    expect((await signedPost(kit.webhookUrl, message('one'), 'first-app-secret')).status).toBe(200);

    await user.caller.whatsappConnection.save({ phoneNumberId: number.phoneNumberId, appSecret: number.appSecret });
    expect((await signedPost(kit.webhookUrl, message('two'), 'first-app-secret')).status).toBe(401);
    const accepted = await signedPost(kit.webhookUrl, message('three'), number.appSecret);
    expect(accepted.status).toBe(200);
    expect(await accepted.json()).toMatchObject({ stored: 1 });

    const handshake = (token: string) => fetch(`${kit.webhookUrl}?hub.mode=subscribe&hub.challenge=1158201444&hub.verify_token=${encodeURIComponent(token)}`);
    const { verifyToken } = await user.caller.whatsappConnection.get();
    const answered = await handshake(verifyToken);
    expect(answered.status).toBe(200);
    expect(await answered.text()).toBe('1158201444');
    await user.caller.whatsappConnection.save({ phoneNumberId: number.phoneNumberId, regenerateVerifyToken: true });
    expect((await handshake(verifyToken)).status).toBe(403);
    expect((await handshake((await user.caller.whatsappConnection.get()).verifyToken)).status).toBe(200);
    await kit.settle();

    // Disconnected: no credentials left in the vault, the number's webhooks no longer reach the client.
    const { secrets } = kit.server.app.db.t;
    const clientId = (await user.caller.auth.me()).clientId!;
    const secretNames = async () =>
      (await kit.server.app.db.system((tx) => tx.select({ name: secrets.name }).from(secrets).where(eq(secrets.clientId, clientId))))
        .map((row) => row.name)
        .sort();
    expect(await secretNames()).toEqual(['meta_access_token', 'meta_app_secret', 'meta_verify_token', 'sandbox_app_secret']);
    expect(await user.caller.whatsappConnection.disconnect()).toEqual({ disconnected: true });
    expect(await secretNames()).toEqual(['sandbox_app_secret']); // the test phone keeps working without Meta
    expect(await user.caller.whatsappConnection.get()).toMatchObject({
      configured: false,
      phoneNumberId: null,
      wabaId: null,
      tokenSet: false,
      appSecretSet: false,
      verifiedName: null,
    });
    const after = await signedPost(kit.webhookUrl, message('four'), number.appSecret);
    expect(await after.json()).toMatchObject({ stored: 0 });
    await expect(user.caller.whatsappConnection.sendTest({ to: customer })).rejects.toMatchObject({ code: 'PRECONDITION_FAILED' });
    expect(await user.caller.whatsappConnection.disconnect()).toEqual({ disconnected: false });
  });

  it('answers the webhook URL from the address the administrator reached the server at', async () => {
    const { user } = await freshOwner();
    const answer = await trpcOverHttp(kit.server.url, 'whatsappConnection.get', 'query', undefined, user.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ result: { data: { webhookUrl: `${kit.server.url}/webhooks/whatsapp` } } });
  });

  it('creates one verify token when several first views race', async () => {
    const { user } = await freshOwner();
    const views = await Promise.all(Array.from({ length: 5 }, () => user.caller.whatsappConnection.get()));
    expect(new Set(views.map((view) => view.verifyToken)).size).toBe(1);
    const { secrets } = kit.server.app.db.t;
    const clientId = (await user.caller.auth.me()).clientId!;
    const stored = await kit.server.app.db.system((tx) => tx.select().from(secrets).where(eq(secrets.clientId, clientId)));
    expect(stored.filter((row) => row.name === 'meta_verify_token')).toHaveLength(1);
  });
});
