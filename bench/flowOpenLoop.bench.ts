// Open-loop load through a 20-block flow (buttons, questions, set variable, conditions, messages):
// customer messages arrive at a fixed rate whatever the server does, each as its own signed webhook
// POST, from thousands of customers. A customer answers only once the flow's last reply to it reached
// the fake Graph API; when no customer is waiting to answer, a new one starts the flow, so the rate
// never depends on how fast the server is (unlike flowThroughput.bench.ts, a closed loop).
// Per rate it prints what was offered and answered, the flows responder's server time per step
// (p50/p99), webhook POST → reply at the Graph API (p50/p99), the SQL statements per customer
// message answered, and the backlog left when the phase ends; a rate is sustained when every message was answered within 2 s of the phase's end and the
// reply p99 stayed under a second. The send rate per number is raised to 10,000/s so Meta's pacing
// (WHATSAPP_SEND_RATE) does not cap what is measured.
//   npx tsx bench/flowOpenLoop.bench.ts [sqlite|pg|both]      BENCH_RATES=50,100,200,400 BENCH_SECONDS=15
import { performance } from 'node:perf_hooks';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { contact, envelope, inbound } from '#server/features/whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit, type WhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { describeMachine, percentile } from './machine.js';
import { countStatements, describePerMessage } from './webhookStatementCounter.js';
import { TWENTY_BLOCK_ROUNDS, clientWithTwentyBlockFlow, timeFlowsResponder } from './twentyBlockFlow.js';

const RATES = (process.env.BENCH_RATES ?? '50,100,200,400').split(',').map(Number);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const DRAIN_MS = 2_000;
const which = process.argv[2] ?? 'both';
const kinds: DatabaseKind[] = which === 'both' ? ['sqlite', 'pg'] : [which as DatabaseKind];

/** What a customer says at each step, and how many replies the flow sends back to it. */
const SCRIPT: Array<{ text: string; replies: number }> = [
  { text: 'começar', replies: 1 },
  ...Array.from({ length: TWENTY_BLOCK_ROUNDS }, (_, round) => ({ text: round % 2 ? 'Não' : 'Sim', replies: round < TWENTY_BLOCK_ROUNDS - 1 ? 2 : 1 })),
];

type Customer = { phone: string; step: number; awaiting: number; sentAt: number };

async function phase(kit: WhatsAppKit, phoneNumberId: string, rate: number, phoneBase: number) {
  const customers = new Map<string, Customer>();
  const ready: Customer[] = []; // answered, waiting for their next message to be sent
  let created = 0;
  const replyTimes: number[] = [];
  let offered = 0;
  let failed = 0;
  let answered = 0;
  let scanned = kit.graph.sent.length;
  const scan = () => {
    const now = performance.now();
    for (; scanned < kit.graph.sent.length; scanned++) {
      const customer = customers.get(kit.graph.sent[scanned]!.to);
      if (!customer || customer.awaiting === 0) continue;
      customer.awaiting -= 1;
      if (customer.awaiting > 0) continue;
      replyTimes.push(now - customer.sentAt);
      answered += 1;
      if (customer.step < SCRIPT.length) ready.push(customer);
    }
  };
  const send = (customer: Customer) => {
    const { text, replies } = SCRIPT[customer.step]!;
    customer.step += 1;
    customer.awaiting = replies;
    customer.sentAt = performance.now();
    offered += 1;
    const payload = envelope(phoneNumberId, {
      contacts: [contact(customer.phone, `Cliente ${customer.phone.slice(-5)}`)],
      messages: [inbound.text(customer.phone, text)],
    });
    kit.deliver(payload).then(
      (response) => void (response.status === 200 || (failed += 1)),
      () => void (failed += 1),
    );
  };
  const next = (): Customer => {
    const waiting = ready.shift();
    if (waiting) return waiting;
    const phone = `55${phoneBase + created++}`;
    const customer = { phone, step: 0, awaiting: 0, sentAt: 0 };
    customers.set(phone, customer);
    return customer;
  };

  const serverTimes: number[] = [];
  const restoreResponder = timeFlowsResponder(serverTimes);
  const takeStatements = countStatements();
  try {
    const started = performance.now();
    const total = rate * SECONDS;
    while (offered < total) {
      scan();
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate));
      while (offered < due) send(next());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const offeredFor = (performance.now() - started) / 1000;
    const drainUntil = performance.now() + DRAIN_MS;
    while (performance.now() < drainUntil && answered < offered) {
      scan();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    scan();
    const backlog = offered - answered;
    const f = (value: number) => value.toFixed(1);
    const p99 = percentile(replyTimes, 99);
    console.log(
      `  ${String(rate).padStart(5)}/s offered ${offered} in ${offeredFor.toFixed(1)} s from ${created} customers; answered ${answered}; backlog ${backlog}` +
        `${failed ? `; ${failed} webhooks refused` : ''} → ${backlog === 0 && failed === 0 && p99 < 1_000 ? 'sustained' : 'NOT sustained'}`,
    );
    console.log(
      `         flows responder per step p50 ${f(percentile(serverTimes, 50))} ms, p99 ${f(percentile(serverTimes, 99))} ms (${serverTimes.length} steps)`,
    );
    console.log(`         webhook POST → last reply at the Graph API p50 ${f(percentile(replyTimes, 50))} ms, p99 ${f(p99)} ms`);
    console.log(
      `         SQL statements: ${describePerMessage(takeStatements(), Math.max(1, answered)).replace('per message', 'per customer message answered')}`,
    );
    return backlog === 0 && failed === 0 && p99 < 1_000;
  } finally {
    restoreResponder();
  }
}

console.log(describeMachine());
console.log(`open loop through a 20-block flow: rates ${RATES.join(', ')} msgs/s, ${SECONDS} s each, ${SCRIPT.length} messages per customer`);
for (const kind of kinds) {
  const kit = await startWhatsAppKit(kind, { whatsapp: { sendRatePerSecond: 10_000 } });
  try {
    const client = await clientWithTwentyBlockFlow(kit);
    console.log(`\n[${kind}]`);
    await phase(kit, client.phoneNumberId, 5, 11_800_000_000); // warm-up: caches, JIT, prepared statements
    let best = 0;
    for (const [index, rate] of RATES.entries()) {
      await kit.settle();
      if (await phase(kit, client.phoneNumberId, rate, 11_900_000_000 + index * 10_000_000)) best = rate;
    }
    console.log(`  highest sustained rate: ${best ? `${best} msgs/s` : `below ${RATES[0]} msgs/s`}`);
  } finally {
    await kit.dispose();
  }
}
