// End to end with the AI reply (issue 17): signed webhook → inbox processor → the bot's AI reply
// (settings, chat memory, the gateway with its budget and usage logs) → a fake model that answers
// after a fixed delay → outbox → the fake Graph API. Open-loop deliveries at each rate, one message
// per customer turn, each its own AI turn (no burst window). Per rate it reports:
//   - answered messages per second within the window, and how long the rest took to drain;
//   - reply sent p50/p99: from the delivery's start to the fake Graph API receiving the reply
//     (the target is the model's delay + 100 ms);
//   - server CPU and SQL statements per answered message (by kind), load-independent figures.
// Afterwards every delivered message must be answered exactly once.
//   BENCH_RATES=50,100 BENCH_SECONDS=20 npx tsx bench/aiEndToEnd.bench.ts [sqlite|pg|both (default both)]
// BENCH_MODEL_DELAY_MS: the fake model's delay (default 300). The fake model and the fake Graph
// API run in the server's process (their CPU is in its figure); the load comes from a child process.
// The number's send rate is raised to 1,000/s (Meta's highest tier) so the outbox's pacing does
// not cap what is measured.
import { useFakeDefaultModel } from '#server/testing/fakeDefaultModel.js';
import { performance } from 'node:perf_hooks';
import { and, eq, isNotNull, sql } from 'drizzle-orm';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { startFakeModelServer } from '#server/dev/fakeModelServer.js';
import { waitForInboxDrained } from '#server/features/whatsapp/inbox/waitForInboxDrained.js';
import { waitForOutboxDrained } from '#server/features/whatsapp/outbox/waitForOutboxDrained.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { describeMachine, percentile } from './machine.js';
import { countStatements, describePerMessage } from './webhookStatementCounter.js';
import { runLoadChild } from './webhookLoad.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const RATES = (process.env.BENCH_RATES ?? '50,100').split(',').map(Number);
const MODEL_DELAY_MS = Number(process.env.BENCH_MODEL_DELAY_MS ?? 300);
const MODEL = 'bench-e2e';
const DRAIN_TIMEOUT_MS = 600_000;

if (!(SECONDS > 0) || RATES.some((rate) => !(rate > 0)) || !(MODEL_DELAY_MS >= 0)) {
  process.stderr.write('BENCH_SECONDS and BENCH_RATES must be positive numbers, BENCH_MODEL_DELAY_MS zero or more\n');
  process.exit(2);
}

async function run(kind: DatabaseKind) {
  const fake = await startFakeModelServer({ latencyMs: MODEL_DELAY_MS, recordRequests: false });
  const providers = { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl };
  const kit = await startWhatsAppKit(kind, { providers, aiDebounceMs: 0, whatsapp: { sendRatePerSecond: 1000 } });
  try {
    const { app } = kit.server;
    await useFakeDefaultModel(kit.server, MODEL);
    const client = await kit.newClient();
    console.log(`\n${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}:`);

    const answeredCount = async () => {
      const { messages } = app.db.t;
      const [row] = await app.db.tenant(client.id, (tx) =>
        tx
          .select({ count: sql<number>`count(*)` })
          .from(messages)
          .where(and(eq(messages.clientId, client.id), eq(messages.direction, 'incoming'), isNotNull(messages.answeredAt))),
      );
      return Number(row!.count);
    };

    for (const [index, rate] of RATES.entries()) {
      // Each rate its own customers, so every message starts a conversation's turn of its own.
      const customers = Math.ceil(rate * SECONDS);
      const tag = `E${index}`;
      const sentBefore = kit.graph.sent.length;
      const answeredBefore = await answeredCount();
      const takeStatements = countStatements();
      const cpu = process.cpuUsage();
      const load = await runLoadChild({
        url: kit.webhookUrl,
        phoneNumberId: client.phoneNumberId,
        mode: 'rate',
        seconds: SECONDS,
        rate,
        tag,
        customers,
        inFlight: 0,
      });
      const inWindow = kit.graph.sent.length - sentBefore;
      const drainStarted = performance.now();
      // Inbox, outbox, then the inbox again for what the sends produced, until nothing is left.
      await waitForInboxDrained(app, { timeoutMs: DRAIN_TIMEOUT_MS });
      await waitForOutboxDrained(app, { timeoutMs: DRAIN_TIMEOUT_MS });
      await waitForInboxDrained(app, { timeoutMs: DRAIN_TIMEOUT_MS });
      const drainMs = performance.now() - drainStarted;
      const used = process.cpuUsage(cpu);
      const statements = takeStatements();

      // The fake model answers "Resposta de <model>: <the customer's text>", and message n's text ends with n.
      const replyLatencies: number[] = [];
      const repliesPer = new Map<number, number>();
      for (const sent of kit.graph.sent.slice(sentBefore)) {
        const text = (sent.body.text as { body?: string } | undefined)?.body ?? '';
        const n = Number(/ (\d+)$/.exec(text)?.[1] ?? NaN);
        if (!Number.isInteger(n) || load.sentAt[n] === undefined) continue;
        repliesPer.set(n, (repliesPer.get(n) ?? 0) + 1);
        replyLatencies.push(sent.at - load.sentAt[n]!);
      }
      const answered = (await answeredCount()) - answeredBefore;
      const twice = [...repliesPer.values()].filter((count) => count > 1).length;
      const ok = load.failed === 0 && answered === load.acked && repliesPer.size === load.acked && twice === 0;
      const ms = (value: number) => `${value.toFixed(1)} ms`;
      console.log(
        `  offered ${rate} msg/s for ${SECONDS} s (${load.acked} acknowledged): replies sent within the window ${(inWindow / (load.elapsedMs / 1000)).toFixed(1)}/s, ` +
          `the rest drained in ${(drainMs / 1000).toFixed(1)} s; reply sent p50 ${ms(percentile(replyLatencies, 50))}, p99 ${ms(percentile(replyLatencies, 99))} ` +
          `(model ${MODEL_DELAY_MS} ms; target p99 ${MODEL_DELAY_MS + 100} ms)`,
      );
      console.log(`    server CPU per answered message ${((used.user + used.system) / 1000 / Math.max(1, answered)).toFixed(2)} ms`);
      console.log(`    SQL statements: ${describePerMessage(statements, Math.max(1, answered))}`);
      console.log(
        `    integrity: ${load.acked} acknowledged, ${answered} answered, ${repliesPer.size} with a reply sent, ${twice} answered twice, ${load.failed} failed deliveries → ${ok ? 'each answered once' : 'MISMATCH'}`,
      );
      if (!ok) process.exitCode = 1;
    }
  } finally {
    await kit.dispose();
    await fake.close();
  }
}

console.log(describeMachine());
console.log(`AI reply end to end: ${SECONDS} s per rate (BENCH_SECONDS), rates ${RATES.join(', ')} msg/s (BENCH_RATES), model delay ${MODEL_DELAY_MS} ms`);
const choice = process.argv[2] ?? 'both';
const kinds = (choice === 'both' ? ['sqlite', 'pg'] : [choice]) as DatabaseKind[];
for (const kind of kinds) await run(kind);
