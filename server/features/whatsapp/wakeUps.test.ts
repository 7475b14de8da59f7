// The inbox processor and the outbox sender are woken by events, not by polling: what is due later
// (a retry's backoff) runs at its time with the heartbeat switched off, another instance's webhook
// wakes this one's processor (NOTIFY), and an idle server sends no SQL between heartbeats.
import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Responder } from '#server/app/responder.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { countStatements } from '#server/db/statementCounter.js';
import { foldRollupDeltas, rollupFolder } from '#server/features/reports/index.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { contact, envelope, inbound } from './fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from './fixtures/whatsappTestKit.js';
import { createInboxProcessor, type InboxProcessor } from './inbox/inboxProcessor.js';
import { waitForInboxDrained } from './inbox/waitForInboxDrained.js';
import { enqueueOutbound } from './outbox/enqueueOutbound.js';
import { createOutboxSender, type OutboxSender } from './outbox/outboxSender.js';
import { whatsappWorkers } from './whatsappFeature.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const saved = [...RESPONDERS];

function recorder() {
  const seen: Array<{ app: unknown; text: string | null }> = [];
  const responder: Responder = {
    name: 'wake-recorder',
    respond: async ({ app, text }) => {
      seen.push({ app, text });
      return true;
    },
  };
  RESPONDERS.length = 0;
  RESPONDERS.push(responder);
  return seen;
}

describe.each(DATABASE_KINDS)('background loops woken by events on %s', (kind) => {
  let kit: WhatsAppKit;
  const stops: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    kit = await startWhatsAppKit(kind);
  });
  afterEach(async () => {
    for (const stop of stops.splice(0).reverse()) await stop(); // the test's own loop stops before the app's restarts
    RESPONDERS.length = 0;
    RESPONDERS.push(...saved);
  });
  afterAll(() => kit?.dispose());

  it('runs an inbox event whose backoff ends later at that time, with the heartbeat off (the instance that scheduled it is gone)', async () => {
    const { app } = kit.server;
    const client = await kit.newClient();
    const seen = recorder();
    const workers = whatsappWorkers(app);
    await workers.inbox.stop();
    stops.push(() => workers.inbox.start());
    const phone = '5511977770001';
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'de novo')] }));
    // As a failed attempt leaves it: no owner, held until its backoff ends.
    const { webhookInbox } = app.db.t;
    const dueAt = new Date(Date.now() + 1500);
    await app.db.system((tx) =>
      tx.update(webhookInbox).set({ lockedBy: null, lockedUntil: dueAt, attempts: 1, failures: 1 }).where(eq(webhookInbox.clientId, client.id)),
    );

    const processor: InboxProcessor = createInboxProcessor(app, { heartbeatMs: 0, orderGraceMs: 0 });
    stops.push(() => processor.stop());
    await processor.start();
    await waitForInboxDrained(app, { clientId: client.id, timeoutMs: 15_000 });
    expect(seen.map((entry) => entry.text)).toEqual(['de novo']);
    const [event] = await app.db.system((tx) => tx.select().from(webhookInbox).where(eq(webhookInbox.clientId, client.id)));
    expect(event!.state).toBe('done');
    expect(event!.processedAt!.getTime()).toBeGreaterThanOrEqual(dueAt.getTime()); // not before its time
    expect(processor.passes.heartbeat).toBe(0);
    expect(processor.passes.due).toBeGreaterThanOrEqual(1);
  });

  it('sends two retries backing off for different times, each at its time, with the heartbeat off', async () => {
    const { app } = kit.server;
    const client = await kit.newClient();
    const phones = ['5511977770002', '5511977770003'];
    for (const phone of phones) {
      await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'oi')] }));
    }
    await kit.settle();
    const workers = whatsappWorkers(app);
    await workers.outbox.stop();
    stops.push(() => workers.outbox.start());
    const { conversations, messages } = app.db.t;
    const rows = await app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const ids: string[] = [];
    for (const conversation of rows) {
      ids.push(
        (await enqueueOutbound(app, { clientId: client.id, conversationId: conversation.id, content: { kind: 'text', text: 'tente de novo' } })).messageId,
      );
    }
    // As two failed sends leave them: queued, due again 1 s and 2 s from now.
    const dueTimes = [Date.now() + 1000, Date.now() + 2000];
    for (const [index, id] of ids.entries()) {
      await app.db.tenant(client.id, (tx) =>
        tx
          .update(messages)
          .set({ nextAttemptAt: new Date(dueTimes[index]!), sendAttempts: 1 })
          .where(and(eq(messages.clientId, client.id), eq(messages.id, id))),
      );
    }

    const sender: OutboxSender = createOutboxSender(app, { heartbeatMs: 0 });
    stops.push(() => sender.stop());
    await sender.start();
    const sentAt = async (id: string) => {
      const [row] = await app.db.tenant(client.id, (tx) => tx.select().from(messages).where(eq(messages.id, id)));
      return row!.status === 'sent' ? Date.parse(String((row!.metadata.statusTimes as { sent?: string } | undefined)?.sent)) : null;
    };
    for (const [index, id] of ids.entries()) {
      await expect.poll(() => sentAt(id), { timeout: 15_000 }).not.toBeNull();
      expect(await sentAt(id)).toBeGreaterThanOrEqual(dueTimes[index]!); // not before its time
    }
    expect(sender.passes.heartbeat).toBe(0);
    expect(sender.passes.due).toBeGreaterThanOrEqual(2);
  });

  it('sends a queued message whose row another transaction held while the sender looked, with the heartbeat off', async () => {
    const { app } = kit.server;
    const client = await kit.newClient();
    const phone = '5511977770004';
    await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'oi')] }));
    await kit.settle();
    const workers = whatsappWorkers(app);
    await workers.outbox.stop();
    stops.push(() => workers.outbox.start());
    const { conversations, messages } = app.db.t;
    const [conversation] = await app.db.tenant(client.id, (tx) => tx.select().from(conversations).where(eq(conversations.clientId, client.id)));
    const { messageId } = await enqueueOutbound(app, { clientId: client.id, conversationId: conversation!.id, content: { kind: 'text', text: 'segura' } });

    // A writer holds the queued row (as a reply adding what it says to the message it just queued)
    // and commits without waking anyone, after the sender looked.
    let release!: () => void;
    let holding!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const held = new Promise<void>((resolve) => (holding = resolve));
    const writer = app.db.tenant(client.id, async (tx) => {
      await tx
        .update(messages)
        .set({ transcription: 'held' })
        .where(and(eq(messages.clientId, client.id), eq(messages.id, messageId)));
      holding();
      await released;
    });
    await held;
    const sender: OutboxSender = createOutboxSender(app, { heartbeatMs: 0 });
    stops.push(() => sender.stop());
    await sender.start();
    await sleep(300); // its first pass ran (PostgreSQL: skipped the held row; SQLite: waits for the writer)
    release();
    await writer;

    const status = async () => (await app.db.tenant(client.id, (tx) => tx.select().from(messages).where(eq(messages.id, messageId))))[0]!.status;
    await expect.poll(status, { timeout: 10_000 }).toBe('sent');
    expect(sender.passes.heartbeat).toBe(0);
  });

  it('issues no SQL statement for 10 s when idle, except for heartbeats', async () => {
    const { app } = kit.server;
    const workers = whatsappWorkers(app);
    const folder = rollupFolder(app);
    const loops = () => ({
      jobs: { ...app.jobs.passes },
      inbox: { ...workers.inbox.passes },
      outbox: { ...workers.outbox.passes },
      reports: { ...folder.passes },
    });
    await kit.settle();
    await sleep(500); // what the earlier tests left in flight (live events, done marks) settles
    // The report rollups' fold comes back a few seconds after a pass that folded the earlier tests'
    // deltas; once a pass finds none, only its heartbeat is left.
    await foldRollupDeltas(app);
    await expect.poll(() => folder.quiet, { timeout: 15_000 }).toBe(true);
    const before = loops();
    const counting = countStatements();
    await sleep(10_000);
    const { count, statements } = counting.stop();
    const after = loops();
    let heartbeats = 0;
    for (const name of ['jobs', 'inbox', 'outbox', 'reports'] as const) {
      // Only heartbeats ran (30 s apart, so usually none in these 10 s): no wake-up, due time or retry loop.
      expect({ loop: name, ...after[name], heartbeat: 0 }).toEqual({ loop: name, ...before[name], heartbeat: 0 });
      heartbeats += after[name].heartbeat - before[name].heartbeat;
    }
    expect(heartbeats).toBeLessThanOrEqual(4); // at most one per loop: they are 30 s apart
    // A heartbeat pass of a loop with nothing to do: its claim transaction and the next due time
    // (the job runner's is the largest: seven statements).
    if (heartbeats === 0) expect(statements).toEqual([]);
    expect(count).toBeLessThanOrEqual(heartbeats * 8);
  }, 45_000);
});

describe('an inbox processor woken by another instance on PostgreSQL', () => {
  let first: WhatsAppKit;
  let second: TestServer;
  beforeAll(async () => {
    first = await startWhatsAppKit('pg');
    second = await startTestServer('pg', {
      database: first.server.config.database,
      masterKey: first.server.config.masterKey,
      whatsapp: first.server.config.whatsapp,
    });
  });
  afterAll(async () => {
    RESPONDERS.length = 0;
    RESPONDERS.push(...saved);
    await second?.dispose(); // before the first drops the database
    await first?.dispose();
  });

  it('processes a webhook the other instance stored, woken by its NOTIFY (not the heartbeat)', async () => {
    const client = await first.newClient();
    const seen = recorder();
    // The first instance stores, but does not process: the second must hear of the event.
    await whatsappWorkers(first.server.app).inbox.stop();
    const processor = whatsappWorkers(second.app).inbox;
    const before = { ...processor.passes };
    const phone = '5511977770009';
    expect((await first.deliver(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [inbound.text(phone, 'olá')] }))).status).toBe(200);
    await waitForInboxDrained(second.app, { clientId: client.id, timeoutMs: 10_000 });
    expect(seen).toEqual([{ app: second.app, text: 'olá' }]);
    expect(processor.passes.heartbeat).toBe(before.heartbeat);
    expect(processor.passes.wake).toBeGreaterThan(before.wake);
  });
});
