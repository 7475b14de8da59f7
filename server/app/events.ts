// Live events (new messages, status changes, conversation changes) for the desktop's live stream.
// Ids come from the clock (microseconds, strictly increasing in a process), so they keep growing
// across restarts and are comparable between server instances. The last `history` events per
// tenant are kept so a reconnecting subscriber gets exactly what it missed, or learns (null) that
// it must reload. With several instances on PostgreSQL, events travel between them through
// LISTEN/NOTIFY (see attachEventRelay); on SQLite there is one process and nothing to relay.
// Published inside a transaction, an event waits for the commit (and is dropped on rollback): a
// subscriber that reloads on it must find the rows, and must never hear of rows rolled back.
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { UserRole } from '#shared/domain/statuses.js';
import { afterCommit } from '../db/commitHooks.js';

/** minRole: only members with this role or higher receive the event (spend figures are for admins). */
export type LiveEvent = { id: number; clientId: string; type: string; payload: unknown; at: string; minRole?: UserRole };

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
  const origin = randomUUID();

  // Which event each held one is, by its publisher: "<origin>:<id as published>". Ids are only
  // unique within a process (two instances can issue the same microsecond), so a relayed event whose
  // id another held event already has is a different event, kept here under the next free id, and
  // only the same publisher's same id is a duplicate (a notification delivered twice).
  const heldKeys = new Set<string>();
  const keyOf = new WeakMap<LiveEvent, string>();

  function remember(event: LiveEvent, origin: string): void {
    const key = `${origin}:${event.id}`;
    if (heldKeys.has(key)) return;
    const list = recent.get(event.clientId) ?? [];
    // Events from other instances may arrive slightly out of order: keep the list sorted by id.
    let index = list.length;
    while (index > 0 && list[index - 1]!.id > event.id) index--;
    let id = event.id;
    while (list[index - 1]?.id === id) {
      id++;
      while (index < list.length && list[index]!.id <= id) index++;
    }
    const stored = id === event.id ? event : { ...event, id };
    lastIssued = Math.max(lastIssued, id);
    list.splice(index, 0, stored);
    heldKeys.add(key);
    keyOf.set(stored, key);
    if (list.length > keep) {
      const evicted = list.splice(0, list.length - keep);
      for (const gone of evicted) heldKeys.delete(keyOf.get(gone)!);
      horizons.set(event.clientId, evicted.at(-1)!.id);
    }
    recent.set(event.clientId, list);
    emitter.emit(event.clientId, stored);
  }

  return {
    /** Identifies this process to the relay, so it ignores its own notifications. */
    origin,
    /**
     * Publishes now, or after the enclosing transaction commits (null then: the event gets its id
     * when it is published, so ids keep growing in the order subscribers see them).
     */
    publish(clientId: string, type: string, payload: unknown, options: { minRole?: UserRole } = {}): LiveEvent | null {
      let published: LiveEvent | null = null;
      afterCommit(() => {
        const event: LiveEvent = {
          id: nextId(),
          clientId,
          type,
          payload,
          at: new Date().toISOString(),
          ...(options.minRole ? { minRole: options.minRole } : {}),
        };
        remember(event, origin);
        for (const send of outbound) send(event);
        published = event;
      });
      return published;
    },
    /** An event published by another instance (`from`: its bus's origin). */
    receive(event: LiveEvent, from = 'another instance'): void {
      lastIssued = Math.max(lastIssued, event.id);
      remember(event, from);
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
