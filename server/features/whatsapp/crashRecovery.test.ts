// The message path survives `kill -9`: a real server process (bin/start.mjs) answers a few hundred
// signed webhooks with the AI reply (fake model server) and sends through the fake Graph API; it
// is killed mid-load, restarted on the same database, and Meta's re-delivery of every webhook
// (acknowledged or not) is simulated, then its status webhooks for every send. Afterwards: every
// customer message stored once and answered once, no customer got two replies to one message, and
// no paid model call was made twice.
//
// What a kill can leave undecidable is decided the documented way: a model call in flight when the
// process dies was never answered (the fake holds answers while the kill is prepared, so "paid"
// means "the server received the answer"); a send whose HTTP call may have reached Meta is never
// repeated, and is flagged to agents as "may not have been delivered" unless Meta's status webhook
// (biz_opaque_callback_data) shows it was.
import { useFakeDefaultModel } from '#server/testing/fakeDefaultModel.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '#server/db/openDatabase.js';
import { metaJson, signedPost } from '#server/dev/fakeGraph/signedPost.js';
import { startFakeGraphApi } from '#server/dev/fakeGraphApi.js';
import { startFakeModelServer } from '#server/dev/fakeModelServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startServerProcess } from '#server/testing/runProcess.js';
import { startTestServer } from '#server/testing/testServer.js';
import { contact, envelope } from './fixtures/webhookFixtures.js';
import { APP_SECRET } from './fixtures/whatsappTestKit.js';

const CUSTOMERS = 40;
const PER_CUSTOMER = 4;
const TOTAL = CUSTOMERS * PER_CUSTOMER;
const KILL_AFTER_ACKS = 60;
const MODEL = 'crash-bot';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.each(DATABASE_KINDS)('a server killed mid-load on %s', (kind) => {
  it('stores every message once, answers each once, sends no reply twice and redoes no paid model call', { timeout: 240_000 }, async () => {
    const graph = await startFakeGraphApi({ latencyMs: 15 });
    const fake = await startFakeModelServer({ latencyMs: 25 });
    // Set up through the real procedures on a test server, then hand the database to the process.
    const setup = await startTestServer(kind, { providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl } });
    await useFakeDefaultModel(setup, MODEL);
    const client = await setup.makeClient({ metaWabaId: '123456789012' });
    await setup.stop();

    const { config } = setup;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-crash-'));
    const env: NodeJS.ProcessEnv = {
      DATABASE_URL: config.database.kind === 'pg' ? config.database.url : `sqlite:${config.database.file}`,
      DATA_DIR: dataDir,
      MASTER_KEY: config.masterKey!,
      LOG_LEVEL: 'error',
      // Every message its own answer, as the counts below expect: no burst window merging a
      // customer's quick messages into one turn (aiAgent.test.ts covers the window across restarts).
      AI_DEBOUNCE_MS: '0',
      ALLOW_PRIVATE_NETWORK: '1',
      WHATSAPP_GRAPH_URL: graph.url,
      OPENAI_BASE_URL: fake.baseUrl,
      GROQ_BASE_URL: fake.baseUrl,
      ANTHROPIC_BASE_URL: fake.baseUrl,
      // Short leases so the restarted process takes over the dead one's work within the test.
      WHATSAPP_INBOX_LEASE_MS: '2000',
      WHATSAPP_OUTBOX_LEASE_MS: '2000',
      WHATSAPP_ORDER_GRACE_MS: '0',
    };
    let db: Database | null = null;
    let child: ChildProcess | null = null;
    try {
      db = await openDatabase(config.database);
      const phones = Array.from({ length: CUSTOMERS }, (_, index) => `5511933${String(index).padStart(6, '0')}`);
      const timestamp = Math.floor(Date.now() / 1000);
      // One webhook per message, as Meta sends them; the same bytes are re-delivered later.
      const bodies = Array.from({ length: TOTAL }, (_, n) => {
        const phone = phones[n % CUSTOMERS]!;
        const message = {
          from: phone,
          id: `wamid.CRASH${kind}${n}`,
          timestamp: String(timestamp + Math.floor(n / CUSTOMERS)),
          type: 'text',
          text: { body: `pergunta ${n}` },
        };
        return metaJson(envelope(client.phoneNumberId, { contacts: [contact(phone)], messages: [message] }));
      });
      const inbound = async () => {
        const { messages } = db!.t;
        const [row] = await db!.system((tx) =>
          tx
            .select({
              rows: sql<number>`count(*)`,
              distinct: sql<number>`count(distinct ${messages.wamid})`,
              answered: sql<number>`count(${messages.answeredAt})`,
            })
            .from(messages)
            .where(and(eq(messages.clientId, client.id), eq(messages.direction, 'incoming'))),
        );
        return { rows: Number(row!.rows), distinct: Number(row!.distinct), answered: Number(row!.answered) };
      };

      // 1. Load, and a kill in the middle of it.
      const first = await startServerProcess(env, 60_000);
      child = first.child;
      const exited = new Promise<void>((resolve) => first.child.once('exit', () => resolve()));
      let acked = 0;
      let next = 0;
      const load = Promise.all(
        Array.from({ length: 12 }, async () => {
          while (next < TOTAL) {
            const body = bodies[next++]!;
            const response = await signedPost(`${first.url}/webhooks/whatsapp`, body, APP_SECRET).catch(() => null);
            if (response?.status === 200) acked++;
            await response?.arrayBuffer().catch(() => undefined);
          }
        }),
      );
      await until(`${KILL_AFTER_ACKS} acknowledged deliveries`, async () => acked >= KILL_AFTER_ACKS, 30_000);
      // Answers the process has received are paid for; from here on the model holds its answers,
      // so a call in flight at the kill was never answered (and so never paid).
      fake.setDefault(MODEL, { kind: 'timeout' });
      const answeredByModel = fake.requestsFor(MODEL).length;
      await until('the answers already given to be recorded', async () => (await inbound()).answered >= answeredByModel, 30_000);
      first.child.kill('SIGKILL');
      await exited;
      child = null;
      await load;
      // Calls the process sent just before it died may still be in the fake's sockets: they are held
      // calls too, counted once every connection of the dead process is closed (read to its end).
      await until("the dead process's model connections to close", async () => (await fake.openConnections()) === 0, 30_000);
      const heldCalls = fake.requestsFor(MODEL).length - answeredByModel;
      const inFlightAtKill = await db.system((tx) =>
        tx
          .select({ count: sql<number>`count(*)` })
          .from(db!.t.messages)
          .where(and(eq(db!.t.messages.clientId, client.id), isNotNull(db!.t.messages.sendStartedAt), eq(db!.t.messages.status, 'queued'))),
      );
      expect(acked).toBeGreaterThanOrEqual(KILL_AFTER_ACKS);
      expect(acked).toBeLessThan(TOTAL); // the kill really was mid-load

      // 2. Restart on the same database; Meta re-delivers every webhook (acknowledged or not).
      fake.setDefault(MODEL, { kind: 'ok' });
      const second = await startServerProcess(env, 60_000);
      child = second.child;
      for (let start = 0; start < TOTAL; start += 12) {
        const responses = await Promise.all(bodies.slice(start, start + 12).map((body) => signedPost(`${second.url}/webhooks/whatsapp`, body, APP_SECRET)));
        expect(responses.map((response) => response.status)).toEqual(responses.map(() => 200));
      }
      const queuedLeft = async () => {
        const [row] = await db!.system((tx) =>
          tx
            .select({ count: sql<number>`count(*)` })
            .from(db!.t.messages)
            .where(and(eq(db!.t.messages.clientId, client.id), eq(db!.t.messages.status, 'queued'))),
        );
        return Number(row!.count);
      };
      const pendingEvents = async () => {
        const [row] = await db!.system((tx) =>
          tx
            .select({ count: sql<number>`count(*)` })
            .from(db!.t.webhookInbox)
            .where(and(eq(db!.t.webhookInbox.clientId, client.id), eq(db!.t.webhookInbox.state, 'pending'))),
        );
        return Number(row!.count);
      };
      await until(
        'every message answered and every reply sent or settled',
        async () => {
          const counts = await inbound();
          return counts.answered === TOTAL && (await queuedLeft()) === 0;
        },
        120_000,
      );

      // 3. Meta's status webhooks for everything it accepted, carrying our message id.
      const target = { webhookUrl: `${second.url}/webhooks/whatsapp`, appSecret: APP_SECRET, phoneNumberId: client.phoneNumberId };
      for (const sent of graph.sent) {
        const opaque = typeof sent.body.biz_opaque_callback_data === 'string' ? sent.body.biz_opaque_callback_data : undefined;
        expect((await graph.postStatus(target, { wamid: sent.wamid, status: 'delivered', recipient: sent.to, opaque })).status).toBe(200);
      }
      await until('the statuses applied', async () => (await pendingEvents()) === 0, 30_000);

      // Every customer message stored once and answered.
      expect(await inbound()).toEqual({ rows: TOTAL, distinct: TOTAL, answered: TOTAL });
      const { messages } = db.t;
      const replies = await db.system((tx) =>
        tx
          .select({ id: messages.id, replyKey: messages.replyKey, status: messages.status, errorDetails: messages.errorDetails })
          .from(messages)
          .where(and(eq(messages.clientId, client.id), eq(messages.direction, 'outgoing'))),
      );
      // One reply per customer message (the reply key is `<inbound id>/ai`).
      expect(replies).toHaveLength(TOTAL);
      expect(new Set(replies.map((reply) => reply.replyKey)).size).toBe(TOTAL);
      // No reply reached the customer twice.
      const sendsPerReply = new Map<string, number>();
      for (const sent of graph.sent) {
        const opaque = String(sent.body.biz_opaque_callback_data);
        sendsPerReply.set(opaque, (sendsPerReply.get(opaque) ?? 0) + 1);
      }
      expect([...sendsPerReply.values()].filter((count) => count > 1)).toEqual([]);
      expect(graph.sent).toHaveLength(sendsPerReply.size);
      // Every reply Meta accepted is recorded as delivered, even one whose answer the kill swallowed.
      for (const reply of replies.filter((row) => sendsPerReply.has(row.id))) expect(reply.status).toBe('delivered');
      // A reply whose send began but never reached Meta is not re-sent: it waits for an agent,
      // flagged, and there can be no more of those than sends were in flight at the kill.
      const unsent = replies.filter((row) => !sendsPerReply.has(row.id));
      for (const reply of unsent) expect(reply).toMatchObject({ status: 'failed', errorDetails: { unknownOutcome: true } });
      expect(unsent.length).toBeLessThanOrEqual(Number(inFlightAtKill[0]!.count));
      // Paid model calls: one per answered message; the calls held at the kill were never answered.
      // When that fails, the message says which customer messages were asked more than once, and when.
      const calls = fake.requestsFor(MODEL);
      const phases = new Map<string, string[]>();
      calls.forEach((request, index) => {
        const asked = (request.body.messages as Array<{ role: string; content: unknown }> | undefined)?.findLast((message) => message.role === 'user');
        const phase = index < answeredByModel ? 'before the hold' : index < answeredByModel + heldCalls ? 'held' : 'after the restart';
        const key = String(asked?.content ?? '?');
        phases.set(key, [...(phases.get(key) ?? []), `${phase} at ${request.at}`]);
      });
      const repeated = [...phases].filter(([, seen]) => seen.filter((phase) => !phase.startsWith('held')).length > 1);
      expect(calls.length - heldCalls, `asked more than once: ${JSON.stringify(repeated)}`).toBe(TOTAL);

      const stopped = new Promise<number | null>((resolve) => second.child.once('exit', resolve));
      second.child.kill('SIGTERM');
      expect(await stopped).toBe(0);
      child = null;
    } finally {
      child?.kill('SIGKILL');
      await db?.close();
      await setup.dispose();
      await graph.close();
      await fake.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
