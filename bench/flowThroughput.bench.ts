// Customer messages per second through a 20-block flow (question, set variable, condition, message
// ×5) via the real webhook, inbox, flows responder and outbox, with the fake Graph API, on SQLite
// and PostgreSQL. Each simulated customer answers only after the previous reply reached "WhatsApp".
// Prints throughput, the flows responder's server time per message (p50/p99), and the end-to-end
// time from the webhook POST to the reply at the fake Graph API (p50/p99).
//   npx tsx bench/flowThroughput.bench.ts [customers=40]
import { performance } from 'node:perf_hooks';
import { contact, envelope, inbound } from '#server/features/whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { describeMachine, percentile } from './machine.js';
import { TWENTY_BLOCK_ROUNDS, clientWithTwentyBlockFlow, timeFlowsResponder } from './twentyBlockFlow.js';

const CUSTOMERS = Number(process.argv[2] ?? 40);
const ROUNDS = TWENTY_BLOCK_ROUNDS; // 4 blocks per round = 20 blocks

async function run(kind: DatabaseKind) {
  const kit = await startWhatsAppKit(kind);
  try {
    const client = await clientWithTwentyBlockFlow(kit);

    const serverTimes: number[] = [];
    const restoreResponder = timeFlowsResponder(serverTimes);

    // Replies per customer as the fake Graph API receives them.
    const counts = new Map<string, number>();
    let scanned = 0;
    const scan = () => {
      for (; scanned < kit.graph.sent.length; scanned++) {
        const to = kit.graph.sent[scanned]!.to;
        counts.set(to, (counts.get(to) ?? 0) + 1);
      }
    };
    const waitFor = async (phone: string, count: number) => {
      const deadline = Date.now() + 60_000;
      for (;;) {
        scan();
        if ((counts.get(phone) ?? 0) >= count) return;
        if (Date.now() > deadline) throw new Error(`${phone}: ${counts.get(phone) ?? 0} of ${count} replies`);
        await new Promise((resolve) => setTimeout(resolve, 2));
      }
    };
    const endToEnd: number[] = [];
    const customer = async (index: number) => {
      const phone = `5511${(900_000_000 + index).toString()}`;
      // trigger → question 1; each answer → message + next question; the last answer → message only.
      const script: [string, number][] = [
        ['começar', 1],
        ...Array.from({ length: ROUNDS }, (_, i) => [i % 2 ? 'Não' : 'Sim', i < ROUNDS - 1 ? 2 : 1] as [string, number]),
      ];
      let expected = 0;
      for (const [text, replies] of script) {
        expected += replies;
        const started = performance.now();
        const response = await kit.deliver(
          envelope(client.phoneNumberId, { contacts: [contact(phone, `Cliente ${index}`)], messages: [inbound.text(phone, text)] }),
        );
        if (response.status !== 200) throw new Error(`webhook answered ${response.status}`);
        await waitFor(phone, expected);
        endToEnd.push(performance.now() - started);
      }
    };

    await customer(-1); // warm-up: caches, JIT, prepared statements
    serverTimes.length = 0;
    endToEnd.length = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CUSTOMERS }, (_, index) => customer(index)));
    const seconds = (performance.now() - started) / 1000;
    const messages = CUSTOMERS * (ROUNDS + 1);
    restoreResponder();
    const f = (value: number) => value.toFixed(1);
    console.log(
      `${kind.padEnd(6)} ${messages} customer messages from ${CUSTOMERS} customers in ${seconds.toFixed(2)} s: ${(messages / seconds).toFixed(1)} messages/s`,
    );
    console.log(
      `${''.padEnd(6)} flows responder time per message: p50 ${f(percentile(serverTimes, 50))} ms, p99 ${f(percentile(serverTimes, 99))} ms (${serverTimes.length} samples)`,
    );
    console.log(`${''.padEnd(6)} webhook POST → reply at the Graph API: p50 ${f(percentile(endToEnd, 50))} ms, p99 ${f(percentile(endToEnd, 99))} ms`);
  } finally {
    await kit.dispose();
  }
}

console.log(describeMachine());
console.log(`20-block flow (question, set variable, condition, message ×${ROUNDS}), ${ROUNDS + 1} messages per customer, ${CUSTOMERS} concurrent customers`);
for (const kind of ['sqlite', 'pg'] as const) await run(kind);
