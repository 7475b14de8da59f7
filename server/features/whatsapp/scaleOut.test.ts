// Three server instances on one PostgreSQL database, the webhook load spread across them as a load
// balancer would (each customer's consecutive messages reach different instances, and some are
// delivered twice, through another instance, as Meta retries): every message is stored once,
// answered once and in the customer's order, every reply is sent once and in order, and an agent
// connected to any instance sees what arrived through the others. PostgreSQL only: SQLite is one
// process's file, and a second server refuses to open it.
import { createTRPCClient, httpSubscriptionLink } from '@trpc/client';
import { EventSource } from 'eventsource';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppRouter } from '#shared/api.js';
import type { Responder } from '#server/app/responder.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { metaJson, signedPost } from '#server/dev/fakeGraph/signedPost.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { APP_SECRET, startWhatsAppKit, type WhatsAppKit } from './fixtures/whatsappTestKit.js';
import { contact, envelope, inbound } from './fixtures/webhookFixtures.js';
import { waitForInboxDrained } from './inbox/waitForInboxDrained.js';
import { enqueueOutbound } from './outbox/enqueueOutbound.js';
import { waitForOutboxDrained } from './outbox/waitForOutboxDrained.js';

const CUSTOMERS = 12;
const MESSAGES_EACH = 10;

describe('three instances on one PostgreSQL database', () => {
  let kit: WhatsAppKit;
  let others: TestServer[];
  const saved = [...RESPONDERS];
  /** What each instance's responders were offered: the customer's text, by app. */
  const answered: Array<{ app: unknown; phone: string; text: string }> = [];
  const echo: Responder = {
    name: 'scale-out-echo',
    async respond({ app, clientId, conversation, message, text }) {
      answered.push({ app, phone: conversation.phone, text: text ?? '' });
      await enqueueOutbound(app, {
        clientId,
        conversationId: conversation.id,
        content: { kind: 'text', text: `eco ${text}` },
        answering: { messageId: message.id, step: 'eco' },
      });
      return true;
    },
  };

  beforeAll(async () => {
    kit = await startWhatsAppKit('pg');
    const first = kit.server;
    others = [];
    for (let index = 0; index < 2; index++) {
      others.push(
        await startTestServer('pg', {
          database: first.config.database,
          masterKey: first.config.masterKey,
          whatsapp: first.config.whatsapp,
        }),
      );
    }
    RESPONDERS.splice(0, RESPONDERS.length, echo);
  }, 120_000);
  afterAll(async () => {
    RESPONDERS.splice(0, RESPONDERS.length, ...saved);
    for (const other of others ?? []) await other.stop();
    await kit?.dispose();
  });

  it('stores, answers and sends every message once and in order, and live events reach an agent on any instance', async () => {
    const instances = [kit.server, ...others];
    const client = await kit.newClient();
    // An agent watching the inbox through the third instance.
    const agent = await others[1]!.signIn({ clientId: client.id, role: 'agent' });
    const liveTexts = new Set<string>();
    let streaming = false;
    const trpc = createTRPCClient<AppRouter>({
      links: [httpSubscriptionLink({ url: `${others[1]!.url}/trpc`, EventSource, connectionParams: () => ({ token: agent.token }) })],
    });
    const subscription = trpc.conversations.live.subscribe(
      {},
      {
        onStarted: () => (streaming = true),
        onData: (event) => {
          const payload = event.data.payload as { direction?: string; content?: string } | null;
          if (event.data.type === 'message.created' && payload?.direction === 'incoming' && payload.content) liveTexts.add(payload.content);
        },
      },
    );
    await expect.poll(() => streaming, { timeout: 10_000 }).toBe(true);

    const phones = Array.from({ length: CUSTOMERS }, (_, index) => `55119800${String(index).padStart(5, '0')}`);
    const textOf = (phone: string, n: number) => `${phone.slice(-3)} mensagem ${n}`;
    // Customers write at once; each one's messages go in order, each to the next instance, and every
    // third one again through another instance (Meta's retry of a delivery it thinks failed).
    await Promise.all(
      phones.map(async (phone, customer) => {
        for (let n = 1; n <= MESSAGES_EACH; n++) {
          const body = metaJson(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, textOf(phone, n))] }));
          const target = instances[(customer + n) % instances.length]!;
          const response = await signedPost(`${target.url}/webhooks/whatsapp`, body, APP_SECRET);
          expect(response.status).toBe(200);
          if (n % 3 === 0) {
            const again = instances[(customer + n + 1) % instances.length]!;
            expect((await signedPost(`${again.url}/webhooks/whatsapp`, body, APP_SECRET)).status).toBe(200);
          }
        }
      }),
    );
    for (let round = 0; round < 2; round++) {
      for (const instance of instances) {
        await waitForInboxDrained(instance.app, { timeoutMs: 60_000 });
        await waitForOutboxDrained(instance.app, { timeoutMs: 60_000 });
      }
    }

    const { messages } = kit.server.app.db.t;
    const rows = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(messages).where(eq(messages.clientId, client.id)));
    for (const phone of phones) {
      const expected = Array.from({ length: MESSAGES_EACH }, (_, index) => textOf(phone, index + 1));
      // Stored once each.
      const incoming = rows.filter((row) => row.phone === phone && row.direction === 'incoming');
      expect(incoming.map((row) => row.content).sort()).toEqual([...expected].sort());
      // Answered once each, in the customer's order.
      expect(answered.filter((entry) => entry.phone === phone).map((entry) => entry.text)).toEqual(expected);
      // Replies sent once each, in that order.
      const sent = kit.graph.sent.filter((entry) => entry.to === phone).map((entry) => (entry.body.text as { body: string }).body);
      expect(sent).toEqual(expected.map((text) => `eco ${text}`));
    }
    const outgoing = rows.filter((row) => row.direction === 'outgoing');
    expect(outgoing).toHaveLength(CUSTOMERS * MESSAGES_EACH);
    expect(outgoing.every((row) => row.status === 'sent')).toBe(true);
    // The work spread: more than one instance answered.
    expect(new Set(answered.map((entry) => entry.app)).size).toBeGreaterThan(1);
    // The agent on the third instance saw every message, whichever instance stored it.
    await expect.poll(() => liveTexts.size, { timeout: 10_000 }).toBe(CUSTOMERS * MESSAGES_EACH);
    subscription.unsubscribe();
    expect(rows.filter((row) => row.direction === 'incoming').every((row) => row.answeredAt !== null)).toBe(true);
  }, 180_000);
});
