// The test phone on the sandbox number: 200 customer messages through a keyword flow (menu →
// buttons, button → message), each from testPhone.send until the flow's reply is stored as sent
// (the outbox recorded the sandbox's wamid), on SQLite and PostgreSQL. 10 test customers write at
// once, each waiting for its reply before the next message, like people tapping on a phone.
// Run with the inbox's ordering grace at its default (WHATSAPP_ORDER_GRACE_MS, 1000 ms: every
// customer message waits that long in case an earlier one arrives late) and at 0.
//   npx tsx bench/testPhone.bench.ts [messages=200] [sqlite|pg]
import { performance } from 'node:perf_hooks';
import type { DatabaseKind } from '#server/db/openDatabase.js';
import type { LiveEvent } from '#server/app/events.js';
import { RESPONDERS } from '#server/app/composeMessagePath.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { choices, flowFixture, message } from '#shared/flows/testing/flowFixture.js';
import { describeMachine, percentile } from './machine.js';

const MESSAGES = Number(process.argv[2] ?? 200);
const CUSTOMERS = 10;

async function run(kind: DatabaseKind, orderGraceMs: number) {
  const kit = await startWhatsAppKit(kind, { whatsapp: { orderGraceMs } });
  try {
    const client = await kit.newClient();
    const owner = await kit.server.signIn({ clientId: client.id, role: 'admin' });
    const flow = await owner.caller.flows.create({
      name: 'bench',
      triggerType: 'keyword',
      triggerKeywords: ['menu'],
      document: flowFixture(
        [choices('welcome', 'Olá! O que deseja?', ['Pedido', 'Atendente']), message('order', 'Anotado!')],
        [['welcome', 'option:welcome_o1', 'order']],
      ),
    });
    await owner.caller.flows.publish({ id: flow.id });
    await owner.caller.flows.activate({ id: flow.id });

    // Replies recorded as sent, per customer phone (the outbox publishes every status change).
    const sent = new Map<string, number>();
    const waiters = new Map<string, () => void>();
    const seen = new Set<string>();
    kit.server.app.events.subscribe(client.id, (event: LiveEvent) => {
      const row = event.payload as { id?: string; direction?: string; status?: string; phone?: string };
      if (row.direction !== 'outgoing' || row.status !== 'sent' || !row.phone || seen.has(row.id!)) return;
      seen.add(row.id!);
      sent.set(row.phone, (sent.get(row.phone) ?? 0) + 1);
      waiters.get(row.phone)?.();
    });
    const replyCount = (phone: string, count: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${phone}: no reply in 30 s`)), 30_000);
        const check = () => {
          if ((sent.get(phone) ?? 0) >= count) {
            clearTimeout(timer);
            waiters.delete(phone);
            resolve();
          }
        };
        waiters.set(phone, check);
        check();
      });

    const times: number[] = [];
    const customer = async (index: number, messages: number) => {
      const created = await owner.caller.testPhone.customers.create({ name: `Cliente ${index}`, phone: `+5511${(970_000_000 + index + 100).toString()}` });
      for (let i = 0; i < messages; i++) {
        const started = performance.now();
        await owner.caller.testPhone.send({
          customerId: created.id,
          message: i % 2 === 0 ? { type: 'text', text: 'menu' } : { type: 'button_reply', id: 'welcome_o1', title: 'Pedido' },
        });
        await replyCount(created.phone, i + 1);
        times.push(performance.now() - started);
      }
    };
    await customer(-1, 4); // warm-up: caches, JIT, prepared statements
    times.length = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: CUSTOMERS }, (_, index) => customer(index, Math.ceil(MESSAGES / CUSTOMERS))));
    const seconds = (performance.now() - started) / 1000;
    const f = (value: number) => value.toFixed(1);
    console.log(
      `${kind.padEnd(6)} grace ${String(orderGraceMs).padStart(4)} ms: ${times.length} messages in ${seconds.toFixed(1)} s; testPhone.send → reply stored as sent: p50 ${f(percentile(times, 50))} ms, p99 ${f(percentile(times, 99))} ms`,
    );
  } finally {
    await kit.dispose();
  }
}

console.log(describeMachine());
console.log(`keyword flow on the sandbox number, ${MESSAGES} test-phone messages from ${CUSTOMERS} concurrent test customers`);
// Only the flows responder: no model provider in the path.
RESPONDERS.splice(0, RESPONDERS.length, ...RESPONDERS.filter((responder) => responder.name === 'flows'));
const kinds = process.argv[3] ? [process.argv[3] as DatabaseKind] : (['sqlite', 'pg'] as const);
for (const kind of kinds) {
  for (const grace of [1000, 0]) await run(kind, grace);
}
