// Several server instances on one PostgreSQL database: every live event published on one is
// NOTIFYed to the others, so an agent connected to any instance sees everything.
// Events are relayed in batches: those published while the previous NOTIFY is on its way (a busy
// inbox publishes two per message) travel together, several per notification and all
// notifications in one statement, instead of one round trip and one pooled connection each.
import type { Database } from '../db/openDatabase.js';
import type { EventBus, LiveEvent } from './events.js';

export const EVENTS_CHANNEL = 'uzz_live_events';
// NOTIFY payloads are limited to 8000 bytes; larger events travel without their payload, and the
// subscriber reloads what the event names.
const MAX_PAYLOAD_BYTES = 7500;

/** One notification: some events of one origin (`event`: the single-event form, still accepted). */
type Relayed = { origin: string; events?: LiveEvent[]; event?: LiveEvent };

export async function attachEventRelay(events: EventBus, db: Database, log: (message: string) => void): Promise<void> {
  if (db.kind !== 'pg') return;
  // Our own notifications come back too; they are recognised by their first bytes, unparsed.
  const ownPrefix = JSON.stringify({ origin: events.origin }).slice(0, -1);
  await db.listen(EVENTS_CHANNEL, (text) => {
    if (text.startsWith(ownPrefix)) return;
    try {
      const relayed = JSON.parse(text) as Relayed;
      if (relayed.origin === events.origin) return;
      for (const event of relayed.events ?? (relayed.event ? [relayed.event] : [])) events.receive(event, relayed.origin);
    } catch (error) {
      log(`ignored a malformed live event notification: ${(error as Error).message}`);
    }
  });

  const head = `${ownPrefix},"events":[`;
  const tail = ']}';
  let waiting: string[] = [];
  let sending = false;
  const send = async () => {
    sending = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      await db.notify(EVENTS_CHANNEL, pack(batch));
    }
    sending = false;
  };
  function pack(serialised: string[]): string[] {
    const payloads: string[] = [];
    let current: string[] = [];
    let bytes = head.length + tail.length;
    for (const text of serialised) {
      const size = Buffer.byteLength(text) + 1;
      if (current.length > 0 && bytes + size > MAX_PAYLOAD_BYTES) {
        payloads.push(head + current.join(',') + tail);
        current = [];
        bytes = head.length + tail.length;
      }
      current.push(text);
      bytes += size;
    }
    if (current.length > 0) payloads.push(head + current.join(',') + tail);
    return payloads;
  }
  events.onPublish((event) => {
    let text = JSON.stringify(event);
    if (Buffer.byteLength(text) + head.length + tail.length > MAX_PAYLOAD_BYTES) text = JSON.stringify({ ...event, payload: { truncated: true } });
    waiting.push(text);
    if (!sending) {
      sending = true;
      // After the current callbacks: events published in the same turn share the statement.
      setImmediate(() => void send());
    }
  });
}
