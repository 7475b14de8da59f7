// Several server instances on one PostgreSQL database: every live event published on one is
// NOTIFYed to the others, so an agent connected to any instance sees everything.
import type { Database } from '../db/openDatabase.js';
import type { EventBus, LiveEvent } from './events.js';

export const EVENTS_CHANNEL = 'uzz_live_events';
// NOTIFY payloads are limited to 8000 bytes; larger events travel without their payload, and the
// subscriber reloads what the event names.
const MAX_PAYLOAD_BYTES = 7500;

type Relayed = { origin: string; event: LiveEvent };

export async function attachEventRelay(events: EventBus, db: Database, log: (message: string) => void): Promise<void> {
  if (db.kind !== 'pg') return;
  await db.listen(EVENTS_CHANNEL, (text) => {
    try {
      const relayed = JSON.parse(text) as Relayed;
      if (relayed.origin !== events.origin) events.receive(relayed.event);
    } catch (error) {
      log(`ignored a malformed live event notification: ${(error as Error).message}`);
    }
  });
  events.onPublish((event) => {
    let text = JSON.stringify({ origin: events.origin, event } satisfies Relayed);
    if (Buffer.byteLength(text) > MAX_PAYLOAD_BYTES) {
      text = JSON.stringify({ origin: events.origin, event: { ...event, payload: { truncated: true } } } satisfies Relayed);
    }
    db.notify(EVENTS_CHANNEL, text);
  });
}
