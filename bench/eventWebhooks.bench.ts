// Event webhooks: throughput (events/s delivered to a receiver) and the latency from a customer's
// message being stored to its `message.received` webhook arriving (p50/p99). Customers' messages
// come in through the signed WhatsApp webhook like in production (CUSTOMERS customers writing in
// turn, concurrently); one endpoint subscribed to message.received answers 200 at once on loopback.
//   npx tsx bench/eventWebhooks.bench.ts [sqlite|pg] [messages=1000] [customers=50]
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { contact, envelope, inbound } from '#server/features/whatsapp/fixtures/webhookFixtures.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { describeMachine } from './machine.js';

const MESSAGES = Number(process.argv[3] ?? 1000);
const CUSTOMERS = Math.min(MESSAGES, Number(process.argv[4] ?? 50));

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function run(kind: DatabaseKind) {
  const latencies: number[] = [];
  let lastAt = 0;
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  const receiver = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const event = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { message: { createdAt: string } } };
      lastAt = performance.now();
      latencies.push(Date.now() - Date.parse(event.data.message.createdAt));
      response.writeHead(200).end();
      if (latencies.length === MESSAGES) done();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const kit = await startWhatsAppKit(kind, { allowPrivateNetwork: true });
  try {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'owner' });
    await owner.caller.webhooks.create({ url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`, events: ['message.received'] });
    const started = performance.now();
    // Meta posts concurrently: CUSTOMERS senders, each posting its customer's messages in turn.
    await Promise.all(
      Array.from({ length: CUSTOMERS }, async (_, customer) => {
        const phone = `55119${String(customer).padStart(8, '0')}`;
        for (let index = customer; index < MESSAGES; index += CUSTOMERS) {
          const response = await kit.deliver(
            envelope(client.phoneNumberId, { contacts: [contact(phone, `Cliente ${customer}`)], messages: [inbound.text(phone, `mensagem ${index}`)] }),
          );
          if (response.status !== 200) throw new Error(`the WhatsApp webhook answered ${response.status}`);
        }
      }),
    );
    const posted = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`only ${latencies.length}/${MESSAGES} delivered`)), Number(process.env.BENCH_TIMEOUT_MS ?? 300_000));
    });
    await Promise.race([finished, timeout]).finally(() => clearTimeout(timer));
    const seconds = (lastAt - started) / 1000;
    latencies.sort((a, b) => a - b);
    console.log(
      `\n${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}: ${MESSAGES} messages from ${CUSTOMERS} customers → ${latencies.length} webhook deliveries in ${seconds.toFixed(1)} s ` +
        `(${(latencies.length / seconds).toFixed(0)} events/s; webhooks posted in ${((posted - started) / 1000).toFixed(1)} s)`,
    );
    console.log(`  message stored → webhook delivered: p50 ${percentile(latencies, 50)} ms, p99 ${percentile(latencies, 99)} ms, max ${latencies.at(-1)} ms`);
  } finally {
    await kit.dispose();
    await new Promise<void>((resolve) => receiver.close(() => resolve()));
  }
}

console.log(describeMachine());
const kinds = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'pg']) as DatabaseKind[];
for (const kind of kinds) await run(kind);
