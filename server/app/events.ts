// Live events (new messages, status changes, conversation changes) for the desktop's live stream.
// Ids come from the clock (microseconds, strictly increasing in a process), so they keep growing
// across restarts and are comparable between server instances. The last `history` events per
// tenant are kept so a reconnecting subscriber gets exactly what it missed, or learns (null) that
// it must reload. With several instances on PostgreSQL, events travel between them through
// LISTEN/NOTIFY (see attachEventRelay); on SQLite there is one process and nothing to relay.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';

export type LiveEvent = { id: number; clientId: string; type: string; payload: unknown; at: string };

export type EventBus = ReturnType<typeof createEventBus>;

export function createEventBus(options: { history?: number } = {}) {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const keep = options.history ?? 2000;
  const recent = new Map<string, LiveEvent[]>();
  /** Per tenant: every event with a larger id is held in `recent`. */
  const horizons = new Map<string, number>();
  let lastIssued = 0;
  const nextId = () => (lastIssued = Math.max(lastIssued + 1, Date.now() * 1000));
  const startedAt = nextId();
  const outbound = new Set<(event: LiveEvent) => void>();

  function remember(event: LiveEvent): void {
    const list = recent.get(event.clientId) ?? [];
    // Events from other instances may arrive slightly out of order: keep the list sorted by id.
    let index = list.length;
    while (index > 0 && list[index - 1]!.id > event.id) index--;
    if (list[index - 1]?.id === event.id) return;
    list.splice(index, 0, event);
    if (list.length > keep) horizons.set(event.clientId, list.splice(0, list.length - keep).at(-1)!.id);
    recent.set(event.clientId, list);
    emitter.emit(event.clientId, event);
  }

  return {
    /** Identifies this process to the relay, so it ignores its own notifications. */
    origin: randomUUID(),
    publish(clientId: string, type: string, payload: unknown): LiveEvent {
      const event: LiveEvent = { id: nextId(), clientId, type, payload, at: new Date().toISOString() };
      remember(event);
      for (const send of outbound) send(event);
      return event;
    },
    /** An event published by another instance. */
    receive(event: LiveEvent): void {
      lastIssued = Math.max(lastIssued, event.id);
      remember(event);
    },
    /** Called for every event published here (the relay to other instances). */
    onPublish(send: (event: LiveEvent) => void): () => void {
      outbound.add(send);
      return () => outbound.delete(send);
    },
    /** The tenant's latest event id (the bus's start when none since). */
    lastId(clientId: string): number {
      return recent.get(clientId)?.at(-1)?.id ?? horizons.get(clientId) ?? startedAt;
    },
    /**
     * Events after `lastId`, or null when some of them are no longer held: evicted from the
     * history, or published before this process started (the subscriber must reload instead).
     */
    since(clientId: string, lastId: number): LiveEvent[] | null {
      if (lastId < (horizons.get(clientId) ?? startedAt)) return null;
      return (recent.get(clientId) ?? []).filter((event) => event.id > lastId);
    },
    subscribe(clientId: string, listener: (event: LiveEvent) => void): () => void {
      emitter.on(clientId, listener);
      return () => emitter.off(clientId, listener);
    },
  };
}
