// In-process bus for live events (new messages, status changes, conversation changes). Each event
// gets a per-tenant increasing id so a reconnecting subscriber can ask for what it missed; the
// last `history` events per tenant are kept for that.
import { EventEmitter } from 'node:events';

export type LiveEvent = { id: number; clientId: string; type: string; payload: unknown; at: string };

export type EventBus = ReturnType<typeof createEventBus>;

export function createEventBus(options: { history?: number } = {}) {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const keep = options.history ?? 2000;
  const recent = new Map<string, LiveEvent[]>();
  const sequences = new Map<string, number>();

  return {
    publish(clientId: string, type: string, payload: unknown): LiveEvent {
      const id = (sequences.get(clientId) ?? 0) + 1;
      sequences.set(clientId, id);
      const event: LiveEvent = { id, clientId, type, payload, at: new Date().toISOString() };
      const list = recent.get(clientId) ?? [];
      list.push(event);
      if (list.length > keep) list.splice(0, list.length - keep);
      recent.set(clientId, list);
      emitter.emit(clientId, event);
      return event;
    },
    /** The tenant's latest event id (0 before any). */
    lastId(clientId: string): number {
      return sequences.get(clientId) ?? 0;
    },
    /**
     * Events after `lastId`, or null when some of them are no longer held (the subscriber must
     * reload instead), or when lastId is from another process lifetime (ahead of the sequence).
     */
    since(clientId: string, lastId: number): LiveEvent[] | null {
      const latest = sequences.get(clientId) ?? 0;
      if (lastId > latest) return null;
      if (lastId === latest) return [];
      const list = recent.get(clientId) ?? [];
      if (list.length === 0 || list[0]!.id > lastId + 1) return null;
      return list.filter((event) => event.id > lastId);
    },
    subscribe(clientId: string, listener: (event: LiveEvent) => void): () => void {
      emitter.on(clientId, listener);
      return () => emitter.off(clientId, listener);
    },
  };
}
