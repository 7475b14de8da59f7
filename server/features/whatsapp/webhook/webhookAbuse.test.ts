// The webhook under abuse, through the real route with signed (and unsigned) payloads: the
// signature is checked before any parsing, deep bodies are refused before parsing, one bad
// delivery never fails the others written with it, and a suspended client's messages are
// acknowledged but not processed.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { metaJson, signedPost } from '#server/dev/fakeGraph/signedPost.js';
import { contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { APP_SECRET, startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { inboxWriter } from './inboxWriter.js';
import { MAX_JSON_DEPTH } from './jsonDepthExceeds.js';

/** A signed delivery whose message carries `extra` nested `depth` arrays deep (built as text: JSON.stringify would overflow the stack). */
const nested = (payload: unknown, depth: number) => metaJson(payload).replace('"__NESTED__"', `${'['.repeat(depth)}"fundo"${']'.repeat(depth)}`);

describe.each(DATABASE_KINDS)('webhook abuse on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterAll(() => kit?.dispose());

  const inboxRows = (clientId: string) =>
    kit.server.app.db.tenant(clientId, (tx) =>
      tx.select().from(kit.server.app.db.t.webhookInbox).where(eq(kit.server.app.db.t.webhookInbox.clientId, clientId)),
    );
  const textFrom = (phoneNumberId: string, from: string, text: string, extra: Record<string, unknown> = {}) =>
    envelope(phoneNumberId, { contacts: [contact(from)], messages: [{ ...inbound.text(from, text), ...extra }] });

  it('checks the signature before parsing: unsigned garbage and unsigned deep bodies are 401, never 400 or 500', async () => {
    const client = await kit.newClient();
    const prefix = `{"entry":[{"changes":[{"value":{"metadata":{"phone_number_id":"${client.phoneNumberId}"}}}]}],"x":`;
    const garbage = `${prefix}{{{ not json`;
    const deep = `${prefix}${'['.repeat(5000)}${']'.repeat(5000)}}`;
    for (const body of [garbage, deep]) {
      expect((await signedPost(kit.webhookUrl, body, 'not-the-secret')).status).toBe(401);
    }
    // An unsigned body naming many numbers costs no lookups at all.
    const many = JSON.stringify({ entry: Array.from({ length: 500 }, (_, i) => ({ changes: [{ value: { metadata: { phone_number_id: `77${i}` } } }] })) });
    const refused = await signedPost(kit.webhookUrl, many, 'not-the-secret');
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ error: 'the body names more than 20 phone number ids' });
    expect(await inboxRows(client.id)).toHaveLength(0);
  });

  it('refuses a signed 5,000-deep body with 400 while a delivery arriving with it is stored', async () => {
    const client = await kit.newClient();
    const deep = signedPost(kit.webhookUrl, nested(textFrom(client.phoneNumberId, '5511944440001', 'fundo', { extra: '__NESTED__' }), 5000), APP_SECRET);
    const fine = kit.deliver(textFrom(client.phoneNumberId, '5511944440002', 'normal'));
    const [deepResponse, fineResponse] = await Promise.all([deep, fine]);
    expect(deepResponse.status).toBe(400);
    expect(await deepResponse.json()).toEqual({ error: `the body nests deeper than ${MAX_JSON_DEPTH} levels` });
    expect(fineResponse.status).toBe(200);
    expect(await fineResponse.json()).toMatchObject({ stored: 1 });
    // Meta's own shape (about eight levels) is far from the limit.
    expect(
      (await signedPost(kit.webhookUrl, nested(textFrom(client.phoneNumberId, '5511944440003', 'raso', { extra: '__NESTED__' }), 40), APP_SECRET)).status,
    ).toBe(200);
    expect(await inboxRows(client.id)).toHaveLength(2);
  });

  it('writes the other deliveries of a group commit when one of them cannot be stored', async () => {
    const client = await kit.newClient();
    const writer = inboxWriter(kit.server.app);
    const draft = (key: string, payload: Record<string, unknown>) => ({
      phoneNumberId: client.phoneNumberId,
      kind: 'message' as const,
      dedupeKey: key,
      conversationKey: key,
      occurredAt: null,
      payload: payload as never,
    });
    // Written in the same turn, so they share one transaction; the unknown client id breaks its insert.
    const results = await Promise.allSettled([
      writer.write(client.id, [draft('m:good-1', { text: 'um' })]),
      writer.write('00000000-0000-4000-8000-000000000000', [draft('m:bad', { text: 'sem dono' })]),
      writer.write(client.id, [draft('m:good-2', { text: 'dois' })]),
    ]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((await inboxRows(client.id)).map((row) => row.dedupeKey).sort()).toEqual(['m:good-1', 'm:good-2']);
  });

  it("acknowledges a suspended client's messages without storing or answering them, and resumes on reactivation", async () => {
    const client = await kit.newClient();
    const platform = await kit.server.signIn({ clientId: null, platformAdmin: true });
    const customer = '5511944440009';
    await platform.caller.clients.suspend({ clientId: client.id });
    const response = await kit.deliver(textFrom(client.phoneNumberId, customer, 'oi, tem alguém?'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, stored: 0, ignored: 1 });
    await kit.settle();
    expect(await inboxRows(client.id)).toHaveLength(0);
    const { conversations } = kit.server.app.db.t;
    expect(await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)))).toHaveLength(0);
    expect(kit.graph.sent.filter((sent) => sent.to === customer)).toHaveLength(0);

    await platform.caller.clients.activate({ clientId: client.id });
    expect(await (await kit.deliver(textFrom(client.phoneNumberId, customer, 'e agora?'))).json()).toEqual({ ok: true, stored: 1 });
  });
});
