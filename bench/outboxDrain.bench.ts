// How fast the outbox drains a backlog: QUEUED replies (4 per conversation, so most queued rows
// wait behind their conversation's head) are stored with the sender stopped, then a sender with
// the default settings sends them all to the fake Graph API. Prints the drain time and the
// statements the sender issued, with the claim's mean/longest time (independent of machine load
// far more than the drain time is).
//   npx tsx bench/outboxDrain.bench.ts [sqlite|pg] [queued=2000]
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
const PER_CONVERSATION = 4;

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
    for (let round = 0; round < PER_CONVERSATION; round++) {
      for (const conversationId of conversationIds) {
        await enqueueOutbound(app, { clientId: client.id, conversationId, content: { kind: 'text', text: `resposta ${round}` } });
      }
    }
    const take = countStatements();
    const started = performance.now();
    const sender = createOutboxSender(app);
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
    await sender.stop();
    const statements = take();
    console.log(
      `\n${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}: ${QUEUED} queued replies (${PER_CONVERSATION} per conversation) drained in ${seconds.toFixed(1)} s ` +
        `(${(QUEUED / seconds).toFixed(0)} sends/s; ${kit.graph.sent.length} at the fake Graph API)`,
    );
    console.log(`  statements: ${describePerMessage(statements, QUEUED)}`);
  } finally {
    await kit.dispose();
  }
}

console.log(describeMachine());
const kinds = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'pg']) as DatabaseKind[];
for (const kind of kinds) await run(kind);
