// SQL statements a server issues with no traffic at all, per second, grouped by what they do: the
// cost of idling, on SQLite and PostgreSQL. The background loops are woken by events, so what is
// left is their heartbeats (HEARTBEAT_MS apart, per loop): a window shorter than that may hold none.
//   npx tsx bench/idleStatements.bench.ts [sqlite|pg] [seconds=20]
import type { DatabaseKind } from '#server/db/openDatabase.js';
import { HEARTBEAT_MS } from '#server/db/wakeSignal.js';
import { startWhatsAppKit } from '#server/features/whatsapp/fixtures/whatsappTestKit.js';
import { describeMachine } from './machine.js';
import { countStatements, describePerMessage } from './webhookStatementCounter.js';

const SECONDS = Number(process.argv[3] ?? 20);

async function run(kind: DatabaseKind) {
  const kit = await startWhatsAppKit(kind);
  try {
    await kit.newClient();
    await new Promise((resolve) => setTimeout(resolve, 2000)); // start-up work out of the way
    const take = countStatements();
    await new Promise((resolve) => setTimeout(resolve, SECONDS * 1000));
    const taken = take();
    // "per message" here is per second of idling.
    console.log(
      `${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}, idle ${SECONDS} s (heartbeats every ${HEARTBEAT_MS / 1000} s): ${describePerMessage(taken, SECONDS).replace('per message', 'per second')}`,
    );
  } finally {
    await kit.dispose();
  }
}

console.log(describeMachine());
const kinds = (process.argv[2] ? [process.argv[2]] : ['sqlite', 'pg']) as DatabaseKind[];
for (const kind of kinds) await run(kind);
