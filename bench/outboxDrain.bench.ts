// How fast the outbox drains a backlog: QUEUED replies (4 per conversation, so most queued rows
// wait behind their conversation's head) are stored with the sender stopped, then a sender with
// the default settings sends them all to the fake Graph API. Prints the drain time and the
// statements the sender issued, with the claim's mean/longest time (independent of machine load
// far more than the drain time is), and the most sends the fake Graph API received in any one
// second (the number's configured rate must hold: `rate`, WHATSAPP_SEND_RATE in production).
//   npx tsx bench/outboxDrain.bench.ts [sqlite|pg] [queued=2000] [rate=1000]
import { performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { enqueueOutbound } from '#server/features/whatsapp/outbox/enqueueOutbound.js';
import { createOutboxSender } from '#server/features/whatsapp/outbox/outboxSender.js';
import { whatsappWorkers } from '#server/features/whatsapp/whatsappFeature.js';
import { describeMachine } from './machine.js';
import { countStatements, describePerMessage } from './webhookStatementCounter.js';

const QUEUED = Number(process.argv[3] ?? 2000);
const RATE = Number(process.argv[4] ?? 1000);
const PER_CONVERSATION = 4;

/** The most sends within any one second (a sliding window over the fake Graph API's arrival times). */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let start = 0, end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= 1000) start++;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

async function run(kind: DatabaseKind) {
  const kit = await startWhatsAppKit(kind);
  try {
    const { app } = kit.server;
    await whatsappWorkers(app).outbox.stop();
    const client = await kit.newClient();
    const { conversations, messages } = app.db.t;
    const conversationIds = await app.db.tenant(client.id, async (tx) => {
      const rows = await tx
        .insert(conversations)
        .values(
          Array.from({ length: QUEUED / PER_CONVERSATION }, (_, index) => ({
            clientId: client.id,
            phone: `55118${String(index).padStart(8, '0')}`,
            lastInboundAt: new Date(),
          })),
        )
        .returning({ id: conversations.id });
      return rows.map((row) => row.id);
    });
    // Round by round (a conversation's replies in order), 16 conversations at a time.
    for (let round = 0; round < PER_CONVERSATION; round++) {
      let next = 0;
      const worker = async () => {
        while (next < conversationIds.length) {
          const conversationId = conversationIds[next++]!;
          await enqueueOutbound(app, { clientId: client.id, conversationId, content: { kind: 'text', text: `resposta ${round}` } });
        }
      };
      await Promise.all(Array.from({ length: 16 }, worker));
    }
    const take = countStatements();
    const started = performance.now();
    const cpuBefore = process.cpuUsage();
    const sender = createOutboxSender(app, { ratePerSecond: RATE });
    const sentBefore = kit.graph.sent.length;
    sender.start();
    for (;;) {
      const [row] = await app.db.tenant(client.id, (tx) =>
        tx
          .select({ queued: sql<number>`count(*)` })
          .from(messages)
          .where(eq(messages.status, 'queued')),
      );
      if (Number(row!.queued) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    await sender.stop();
    const statements = take();
    const sends = kit.graph.sent.slice(sentBefore);
    // Order per conversation, by the stored rows (the recipient's number is not unique enough to tell).
    const stored = await app.db.tenant(client.id, (tx) =>
      tx
        .select({ id: messages.id, conversationId: messages.conversationId, timestamp: messages.timestamp })
        .from(messages)
        .where(eq(messages.direction, 'outgoing')),
    );
    const byId = new Map(stored.map((row) => [row.id, row]));
    const last = new Map<string, number>();
    let outOfOrder = 0;
    for (const sent of sends) {
      const row = byId.get(String(sent.body.biz_opaque_callback_data));
      if (!row) continue;
      if (row.timestamp.getTime() < (last.get(row.conversationId) ?? -Infinity)) outOfOrder++;
      last.set(row.conversationId, row.timestamp.getTime());
    }
    const failed =
      stored.length - (await app.db.tenant(client.id, (tx) => tx.select({ id: messages.id }).from(messages).where(eq(messages.status, 'sent')))).length;
    const duplicates = sends.length - new Set(sends.map((sent) => String(sent.body.biz_opaque_callback_data))).size;
    console.log(
      `\n${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}: ${QUEUED} queued replies (${PER_CONVERSATION} per conversation) drained in ${seconds.toFixed(1)} s ` +
        `(${(QUEUED / seconds).toFixed(0)} sends/s; ${sends.length} at the fake Graph API, ${duplicates} duplicates, ${outOfOrder} out of order, ${failed} not sent)`,
    );
    console.log(`  rate: at most ${peakPerSecond(sends.map((sent) => sent.at))} sends in any one second (configured ${RATE}/s for the number)`);
    console.log(
      `  CPU: ${((cpu.user + cpu.system) / 1000 / QUEUED).toFixed(2)} ms per message (this process: the sender, and the fake Graph API answering it)`,
    );
    console.log(`  statements: ${describePerMessage(statements, QUEUED)}`);
    console.log(`  claim passes: ${JSON.stringify(sender.passes)}`);
    if (process.env.BENCH_HISTOGRAM) {
      const first = Math.min(...sends.map((sent) => sent.at));
      const perSecond = new Map<number, number>();
      for (const sent of sends) perSecond.set(Math.floor((sent.at - first) / 1000), (perSecond.get(Math.floor((sent.at - first) / 1000)) ?? 0) + 1);
      console.log(`  sends per second: ${[...perSecond.values()].join(' ')}`);
    }
  } finally {
    await kit.dispose();
  }
}

console.log(describeMachine());
const kinds = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'pg']) as DatabaseKind[];
for (const kind of kinds) await run(kind);
