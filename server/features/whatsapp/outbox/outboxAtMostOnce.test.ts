// A send whose outcome is unknown (the lease ran out while Meta had the request: a crashed or
// stalled process) is never sent a second time: it is flagged for agents ("may not have been
// delivered", with Retry), and Meta's late answer or its status webhook settles it.
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { APP_SECRET, startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { createOutboxSender } from './outboxSender.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(DATABASE_KINDS)('the outbox after a send of unknown outcome on %s', (kind) => {
  let kit: WhatsAppKit;
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind, { whatsapp: { outboxLeaseMs: 1000 } });
  });
  afterAll(() => kit?.dispose());

  async function until<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
      await sleep(50);
    }
  }

  it("marks the send before calling Meta, does not send it again when its lease runs out, and lets Meta's answer settle it", async () => {
    const client = await kit.newClient();
    const phone = '5511955551234';
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'oi')] }));
    await kit.settle();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const { conversations, messages } = kit.server.app.db.t;
    const [conversation] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const row = (id: string) =>
      kit.server.app.db.tenant(
        client.id,
        async (tx) =>
          (
            await tx
              .select()
              .from(messages)
              .where(and(eq(messages.clientId, client.id), eq(messages.id, id)))
          )[0]!,
      );
    const sentBefore = kit.graph.sent.length;

    // Meta takes 4 s to answer: longer than the 1 s lease.
    kit.graph.setLatency(4000);
    // Another instance (as after a restart) looks for expired sends often.
    const other = createOutboxSender(kit.server.app, { leaseMs: 1000, heartbeatMs: 100 });
    try {
      const { messageId } = await agent.caller.conversations.send({
        clientId: client.id,
        conversationId: conversation!.id,
        content: { kind: 'text', text: 'Seu pedido saiu para entrega.' },
      });
      // The attempt is on record before Meta has it (committed in its own transaction).
      const sending = await until(
        'the send to begin',
        () => row(messageId),
        (message) => message.sendStartedAt !== null,
      );
      expect(sending.status).toBe('queued');
      await other.start();
      // The lease runs out while Meta still holds the request: not sent again, flagged for agents.
      const flagged = await until(
        'the send to be flagged',
        () => row(messageId),
        (message) => message.status === 'failed',
      );
      expect(flagged.errorDetails).toMatchObject({ unknownOutcome: true, reason: expect.stringContaining('may not have been delivered') });
      const view = (await agent.caller.conversations.messages({ clientId: client.id, conversationId: conversation!.id })) as unknown;
      expect(JSON.stringify(view)).toContain('may not have been delivered');
      // Meta's answer arrives after all: the message was sent, once.
      const settled = await until(
        "Meta's answer",
        () => row(messageId),
        (message) => message.status === 'sent',
        20_000,
      );
      expect(settled.wamid).toMatch(/^wamid\./);
      expect(settled.errorDetails).toBeNull();
      await sleep(1500); // past another lease and several of the other instance's claims
      expect(kit.graph.sent.slice(sentBefore).filter((sent) => sent.body.biz_opaque_callback_data === messageId)).toHaveLength(1);
      expect((await row(messageId)).status).toBe('sent');
    } finally {
      kit.graph.setLatency(0);
      await other.stop();
    }
  });

  it("reconciles a flagged send from Meta's status webhook, which carries the message id", async () => {
    const client = await kit.newClient();
    const phone = '5511955554321';
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'oi')] }));
    await kit.settle();
    const agent = await kit.server.signIn({ clientId: client.id, role: 'agent' });
    const { conversations, messages } = kit.server.app.db.t;
    const [conversation] = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const row = (id: string) =>
      kit.server.app.db.tenant(
        client.id,
        async (tx) =>
          (
            await tx
              .select()
              .from(messages)
              .where(and(eq(messages.clientId, client.id), eq(messages.id, id)))
          )[0]!,
      );

    kit.graph.setLatency(4000);
    const other = createOutboxSender(kit.server.app, { leaseMs: 1000, heartbeatMs: 100 });
    try {
      const { messageId } = await agent.caller.conversations.send({
        clientId: client.id,
        conversationId: conversation!.id,
        content: { kind: 'text', text: 'Chegou?' },
      });
      await until(
        'the send to begin',
        () => row(messageId),
        (message) => message.sendStartedAt !== null,
      );
      await other.start();
      await until(
        'the send to be flagged',
        () => row(messageId),
        (message) => message.status === 'failed',
      );
      // Meta delivered it and says so (its status webhooks carry biz_opaque_callback_data).
      const sent = await until('Meta to record the send', async () => kit.graph.sent.find((item) => item.body.biz_opaque_callback_data === messageId), Boolean);
      const response = await kit.graph.postStatus(
        { webhookUrl: kit.webhookUrl, appSecret: APP_SECRET, phoneNumberId: client.phoneNumberId },
        { wamid: sent!.wamid, status: 'delivered', recipient: phone, opaque: messageId },
      );
      expect(response.status).toBe(200);
      const delivered = await until(
        'the status to apply',
        () => row(messageId),
        (message) => message.status === 'delivered',
      );
      expect(delivered.errorDetails).toBeNull();
    } finally {
      kit.graph.setLatency(0);
      await other.stop();
    }
  });
});
