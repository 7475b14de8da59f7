// The outbox claims, marks and records messages in batches (outboxSender.ts): a message that fails
// fails alone, a conversation's messages still go in order, and a number never gets more than its
// configured rate in any second.
import http from 'node:http';
import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { countStatements } from '#server/db/statementCounter.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { contact, envelope, inbound } from '../fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '../fixtures/whatsappTestKit.js';
import { whatsappWorkers } from '../whatsappFeature.js';
import { enqueueOutbound } from './enqueueOutbound.js';
import { createOutboxSender, type OutboxSender, type OutboxSenderOptions } from './outboxSender.js';

let phoneCounter = 0;

describe.each(DATABASE_KINDS)('the outbox in batches on %s', (kind) => {
  let kit: WhatsAppKit;
  const stops: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop();
  });
  afterAll(() => kit?.dispose());

  /** A client whose customers just wrote (windows open), with the app's sender stopped. */
  async function customers(count: number) {
    const { app } = kit.server;
    const client = await kit.newClient();
    const phones = Array.from({ length: count }, () => `55118${String(70_000_000 + Math.floor(Math.random() * 1_000_000) * 10 + (phoneCounter++ % 10))}`);
    await kit.deliver(
      envelope(client.phoneNumberId, { contacts: phones.map((phone) => contact(phone)), messages: phones.map((phone) => inbound.text(phone, 'oi')) }),
    );
    await kit.settle();
    const workers = whatsappWorkers(app);
    await workers.outbox.stop();
    stops.push(() => workers.outbox.start());
    const { conversations } = app.db.t;
    const rows = await app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const byPhone = new Map(rows.map((row) => [row.phone, row.id]));
    return { client, phones, conversationOf: (phone: string) => byPhone.get(phone)! };
  }

  async function queue(clientId: string, conversationId: string, text: string) {
    return (await enqueueOutbound(kit.server.app, { clientId, conversationId, content: { kind: 'text', text } })).messageId;
  }

  async function drain(clientId: string, options: OutboxSenderOptions) {
    const { app } = kit.server;
    const sender: OutboxSender = createOutboxSender(app, { heartbeatMs: 0, ...options });
    stops.push(() => sender.stop());
    await sender.start();
    const { messages } = app.db.t;
    const queued = async () =>
      (
        await app.db.tenant(clientId, (tx) =>
          tx
            .select({ id: messages.id })
            .from(messages)
            .where(and(eq(messages.clientId, clientId), eq(messages.status, 'queued'))),
        )
      ).length;
    await expect.poll(queued, { timeout: 30_000, interval: 50 }).toBe(0);
  }

  const rows = (clientId: string, ids: string[]) =>
    kit.server.app.db.tenant(clientId, (tx) => {
      const { messages } = kit.server.app.db.t;
      return tx
        .select()
        .from(messages)
        .where(and(eq(messages.clientId, clientId), inArray(messages.id, ids)));
    });

  it('sends a batch in which one message fails for good: the others go, each once, with one statement marking them all', async () => {
    const { client, phones, conversationOf } = await customers(6);
    const ids = new Map<string, string>();
    for (const phone of phones) ids.set(phone, await queue(client.id, conversationOf(phone), `lote ${phone}`));
    const failing = phones[2]!;
    kit.graph.failNext(failing, 131026, 1);
    const sentBefore = kit.graph.sent.length;
    const counting = countStatements();
    try {
      await drain(client.id, { ratePerSecond: 1000 });
    } finally {
      const counted = counting.stop();
      // Six heads claimed together are marked "sending" in one statement, before any call.
      const marks = counted.statements.filter((text) => /^update "messages" set "next_attempt_at" = (\?|\$\d+), "send_started_at" = (\?|\$\d+)/.test(text));
      expect(marks).toHaveLength(1);
    }
    const sent = kit.graph.sent.slice(sentBefore).filter((item) => phones.includes(item.to));
    expect(sent.map((item) => item.to).sort()).toEqual(phones.filter((phone) => phone !== failing).sort());
    const stored = new Map((await rows(client.id, [...ids.values()])).map((row) => [row.id, row]));
    for (const phone of phones) {
      const row = stored.get(ids.get(phone)!)!;
      if (phone === failing) {
        expect(row).toMatchObject({ status: 'failed', sendAttempts: 1, wamid: null });
        expect(row.errorDetails).toMatchObject({ code: 131026, retrying: false });
      } else {
        const wamid = sent.find((item) => item.to === phone)!.wamid;
        expect(row).toMatchObject({ status: 'sent', sendAttempts: 1, wamid, errorDetails: null, sendStartedAt: null });
      }
    }
  });

  it("keeps each conversation's order across batches, also while its first message is retried", async () => {
    const { client, phones, conversationOf } = await customers(4);
    const ids: string[] = [];
    for (let round = 0; round < 5; round++) {
      for (const phone of phones) ids.push(await queue(client.id, conversationOf(phone), `${phone} #${round}`));
    }
    // The first customer's first message fails once (Meta's 5xx): the rest of that conversation waits for it.
    kit.graph.failNext(phones[0]!, 131000, 1, { http: 500 });
    const sentBefore = kit.graph.sent.length;
    await drain(client.id, { ratePerSecond: 1000, backoffBaseMs: 100 });
    const sent = kit.graph.sent.slice(sentBefore);
    for (const phone of phones) {
      const texts = sent.filter((item) => item.to === phone).map((item) => (item.body.text as { body: string }).body);
      expect(texts).toEqual([0, 1, 2, 3, 4].map((round) => `${phone} #${round}`));
    }
    const stored = await rows(client.id, ids);
    expect(stored.every((row) => row.status === 'sent')).toBe(true);
    expect(stored.filter((row) => row.sendAttempts === 2)).toHaveLength(1);
  });

  it("starts no more than the number's rate of calls in any second", async () => {
    const { client, phones, conversationOf } = await customers(30);
    for (const phone of phones) await queue(client.id, conversationOf(phone), 'no ritmo');
    // When each call to Meta starts (the Graph client's JSON calls go through node:http).
    const starts: number[] = [];
    const request = http.request.bind(http);
    const spy = vi.spyOn(http, 'request').mockImplementation(((...args: Parameters<typeof http.request>) => {
      if (String(args[0]).startsWith(kit.graph.url) && String(args[0]).endsWith('/messages')) starts.push(Date.now());
      return request(...args);
    }) as typeof http.request);
    const sentBefore = kit.graph.sent.length;
    try {
      await drain(client.id, { ratePerSecond: 10 });
    } finally {
      spy.mockRestore();
    }
    expect(kit.graph.sent.slice(sentBefore).filter((item) => phones.includes(item.to))).toHaveLength(30);
    expect(starts).toHaveLength(30);
    // Any 11 consecutive calls span a second: never 11 in one. The sender admits the 11th at least
    // 1,001 ms after the 1st by its own clock; the clock is read here later, when node:http is
    // called, and that delay varies from call to call with the event loop's load (CI once saw a
    // span of 998 ms). 50 ms of it is allowed; waves bunched past the admission would be 100 ms
    // (one slot at 10/s) or more short.
    for (let index = 10; index < starts.length; index++) expect(starts[index]! - starts[index - 10]!).toBeGreaterThanOrEqual(950);
  });
});
