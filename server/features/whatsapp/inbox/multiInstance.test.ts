// Two server instances on one PostgreSQL database share the inbox and the outbox: every event is
// processed once, in order per conversation, and every reply is sent once.
import { asc, eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Responder } from '#server/app/responder.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { APP_SECRET, startWhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { metaJson, signedPost } from '#server/dev/fakeGraph/signedPost.js';
import { enqueueOutbound } from '../outbox/enqueueOutbound.js';
import { waitForOutboxDrained } from '../outbox/waitForOutboxDrained.js';
import { waitForInboxDrained } from './waitForInboxDrained.js';

describe('WhatsApp with two instances on PostgreSQL', () => {
  const cleanup: Array<() => Promise<void>> = [];
  afterAll(async () => {
    RESPONDERS.length = 0;
    for (const step of cleanup.reverse()) await step();
  }, 60_000);

  it('processes each event once, one at a time and in order per conversation, and sends each reply once', async () => {
    const first = await startWhatsAppKit('pg');
    cleanup.push(() => first.dispose());
    const second: TestServer = await startTestServer('pg', {
      database: first.server.config.database,
      masterKey: first.server.config.masterKey,
      whatsapp: first.server.config.whatsapp,
    });
    cleanup.push(() => second.dispose()); // reversed below: the second instance stops before the first drops the database
    const client = await first.newClient();
    const seen: Array<{ app: unknown; conversationId: string; text: string | null }> = [];
    const active = new Set<string>();
    let overlaps = 0;
    const echo: Responder = {
      name: 'echo',
      async respond({ app, clientId, conversation, text }) {
        if (active.has(conversation.id)) overlaps++;
        active.add(conversation.id);
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push({ app, conversationId: conversation.id, text });
        await enqueueOutbound(app, { clientId, conversationId: conversation.id, content: { kind: 'text', text: `eco: ${text}` } });
        active.delete(conversation.id);
        return true;
      },
    };
    RESPONDERS.push(echo);

    const phones = Array.from({ length: 6 }, (_, index) => `55119800000${index}0`);
    const urls = [first.webhookUrl, `${second.url}/webhooks/whatsapp`];
    const deliverTo = (url: string, body: unknown) => signedPost(url, metaJson(body), APP_SECRET);
    // Every delivery reaches both instances at once (Meta re-delivering to a load balancer).
    await Promise.all(
      phones.flatMap((phone) =>
        Array.from({ length: 5 }, (_, index) => {
          const body = envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, `${phone}:${index}`)] });
          return Promise.all(urls.map((url) => deliverTo(url, body)));
        }),
      ),
    );
    for (let round = 0; round < 3; round++) {
      await waitForInboxDrained(first.server.app, { timeoutMs: 30_000 });
      await waitForOutboxDrained(first.server.app, { timeoutMs: 30_000 });
      await waitForOutboxDrained(second.app, { timeoutMs: 30_000 });
    }
    expect(overlaps).toBe(0);
    expect(seen).toHaveLength(30);
    expect(new Set(seen.map((entry) => entry.app)).size).toBe(2); // both instances did work
    const { webhookInbox } = first.server.app.db.t;
    for (const phone of phones) {
      const events = await first.server.app.db.system((tx) =>
        tx.select().from(webhookInbox).where(eq(webhookInbox.conversationKey, phone)).orderBy(asc(webhookInbox.id)),
      );
      const arrival = events.map((event) => (event.payload.message as { text: { body: string } }).text.body);
      expect(seen.filter((entry) => entry.text?.startsWith(phone)).map((entry) => entry.text)).toEqual(arrival);
    }
    const replies = first.graph.sent.map((item) => (item.body.text as { body: string }).body);
    expect(replies).toHaveLength(30);
    expect(new Set(replies).size).toBe(30);
  }, 120_000);
});
