// Signed WhatsApp webhook deliveries on loopback, one message each, stored (webhook_inbox) and
// processed (customer, conversation, message row, responders) with a responder that does nothing.
// For SQLite and PostgreSQL: (1) the most messages per second sustained for BENCH_SECONDS with
// 64 deliveries in flight, counting only what was processed inside the window; (2) the
// acknowledgement's p50/p99 at a fixed 500 messages/s. Afterwards every acknowledged message must be
// stored and answered exactly once. The load comes from a child process (webhookLoad.ts), so the
// generator does not share the server's event loop. On a shared machine the figures that do not
// depend on its load are the server's CPU time and SQL statements per message.
//   BENCH_SECONDS=60 npx tsx bench/webhookThroughput.bench.ts [sqlite|pg]
// With BENCH_LOOKS=1 the responders that check before answering (CSAT, campaign reply, business
// hours) run before the no-op responder, as for a message to the bot.
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { eq, sql } from 'drizzle-orm';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { waitForInboxDrained } from '#server/features/whatsapp/inbox/waitForInboxDrained.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { describeMachine, percentile } from './machine.js';
import { countStatements, describePerMessage } from './webhookStatementCounter.js';
import { runLoadChild } from './webhookLoad.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 64);
const CUSTOMERS = 2000;

// ── Server side ──────────────────────────────────────────────────────────────────────────────
async function run(kind: DatabaseKind) {
  const kit = await startWhatsAppKit(kind);
  let answered = 0;
  // BENCH_LOOKS=1 keeps the responders that check and usually pass (CSAT, campaign reply, business
  // hours) in front of the no-op, as for a message to the bot.
  const looking = ['csat', 'campaign-reply', 'business-hours-flow'];
  const lookers = process.env.BENCH_LOOKS === '1' ? RESPONDERS.filter((responder) => looking.includes(responder.name)) : [];
  RESPONDERS.length = 0;
  RESPONDERS.push(...lookers, {
    name: 'bench-no-op',
    respond: async () => {
      answered++;
      return true;
    },
  });
  try {
    const client = await kit.newClient();
    const { app } = kit.server;
    const countRows = async () => {
      const { messages } = app.db.t;
      const [row] = await app.db.tenant(client.id, (tx) =>
        tx
          .select({ rows: sql<number>`count(*)`, distinct: sql<number>`count(distinct ${messages.wamid})` })
          .from(messages)
          .where(eq(messages.clientId, client.id)),
      );
      return { rows: Number(row!.rows), distinct: Number(row!.distinct) };
    };

    // 1. Sustained maximum.
    const takeStatements = countStatements();
    let cpu = process.cpuUsage();
    // How long the server's event loop was busy between turns (a delivery waits at least that).
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const takeLoopDelay = () => {
      const text = `event loop delay p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`;
      loopDelay.reset();
      return text;
    };
    const answeredBefore = answered;
    const max = await runLoadChild({
      url: kit.webhookUrl,
      phoneNumberId: client.phoneNumberId,
      mode: 'max',
      seconds: SECONDS,
      rate: 0,
      tag: 'M',
      customers: CUSTOMERS,
      inFlight: IN_FLIGHT,
    });
    const processedInWindow = answered - answeredBefore;
    const drainStart = performance.now();
    await waitForInboxDrained(app, { timeoutMs: 600_000 });
    const drainMs = performance.now() - drainStart;
    const maxStatements = takeStatements();
    const maxCpu = process.cpuUsage(cpu);
    const maxLoop = takeLoopDelay();
    cpu = process.cpuUsage();
    const afterMax = await countRows();

    // 2. Acknowledgement latency at a fixed rate.
    const rate = await runLoadChild({
      url: kit.webhookUrl,
      phoneNumberId: client.phoneNumberId,
      mode: 'rate',
      seconds: SECONDS,
      rate: RATE,
      tag: 'R',
      customers: CUSTOMERS,
      inFlight: IN_FLIGHT,
    });
    await waitForInboxDrained(app, { timeoutMs: 600_000 });
    const rateStatements = takeStatements();
    const rateCpu = process.cpuUsage(cpu);
    const rateLoop = takeLoopDelay();
    loopDelay.disable();
    const cpuPerMessage = (usage: NodeJS.CpuUsage, messages: number) => ((usage.user + usage.system) / 1000 / messages).toFixed(3);
    const final = await countRows();
    const acked = max.acked + rate.acked;
    const ok = final.rows === acked && final.distinct === acked && answered === acked && max.failed + rate.failed === 0;

    const fmt = (value: number) => value.toFixed(1);
    console.log(`\n${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}:`);
    console.log(
      `  sustained (${SECONDS}s, ${IN_FLIGHT} in flight): acked ${fmt(max.acked / (max.elapsedMs / 1000))} msg/s, ` +
        `stored+processed within the window ${fmt(processedInWindow / (max.elapsedMs / 1000))} msg/s ` +
        `(backlog at the end drained in ${fmt(drainMs / 1000)} s); ack p50 ${fmt(percentile(max.latencies, 50))} ms, p99 ${fmt(percentile(max.latencies, 99))} ms`,
    );
    console.log(
      `  at ${RATE} msg/s for ${SECONDS}s: acked ${fmt(rate.acked / (rate.elapsedMs / 1000))} msg/s, ack p50 ${fmt(percentile(rate.latencies, 50))} ms, ` +
        `p99 ${fmt(percentile(rate.latencies, 99))} ms, max ${fmt(Math.max(...rate.latencies))} ms`,
    );
    console.log(
      `  server process CPU per message (stored, processed, idle polling included): sustained ${cpuPerMessage(maxCpu, max.acked)} ms, ` +
        `at ${RATE} msg/s ${cpuPerMessage(rateCpu, rate.acked)} ms; sustained ${maxLoop}; at ${RATE} msg/s ${rateLoop}`,
    );
    console.log(`  SQL statements, sustained phase: ${describePerMessage(maxStatements, max.acked)}`);
    console.log(`  SQL statements, ${RATE} msg/s phase: ${describePerMessage(rateStatements, rate.acked)}`);
    console.log(
      `  integrity: ${acked} acknowledged, ${final.rows} message rows (${final.distinct} distinct wamids), ${answered} answered, ` +
        `${max.failed + rate.failed} failed deliveries (after the first phase: ${afterMax.rows} rows) → ${ok ? 'nothing lost or duplicated' : 'MISMATCH'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await kit.dispose();
  }
}

console.log(describeMachine());
console.log(`webhook throughput: ${SECONDS}s per phase (BENCH_SECONDS), ${CUSTOMERS} customers, no-op responder`);
const kinds = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'pg']) as DatabaseKind[];
for (const kind of kinds) await run(kind);
