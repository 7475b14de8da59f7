// In-process bus for live events (new messages, status changes, conversation changes). Each event
// gets a per-tenant increasing id so a reconnecting subscriber can ask for what it missed.
import { EventEmitter } from 'node:events';

export type LiveEvent = { id: number; clientId: string; type: string; payload: unknown; at: string };

export type EventBus = ReturnType<typeof createEventBus>;

export function createEventBus(options: { history?: number } = {}) {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  const keep = options.history ?? 2000;
  const recent = new Map<string, LiveEvent[]>();
  let sequence = 0;

  return {
    publish(clientId: string, type: string, payload: unknown): LiveEvent {
      const event: LiveEvent = { id: ++sequence, clientId, type, payload, at: new Date().toISOString() };
      const list = recent.get(clientId) ?? [];
      list.push(event);
      if (list.length > keep) list.splice(0, list.length - keep);
      recent.set(clientId, list);
      emitter.emit(clientId, event);
      return event;
    },
    /** Events after `lastId` still held in memory (null when the gap is older than the history). */
    since(clientId: string, lastId: number): LiveEvent[] | null {
      const list = recent.get(clientId) ?? [];
      if (list.length > 0 && list[0]!.id > lastId + 1 && lastId < sequence - list.length) return null;
      return list.filter((event) => event.id > lastId);
    },
    subscribe(clientId: string, listener: (event: LiveEvent) => void): () => void {
      emitter.on(clientId, listener);
      return () => emitter.off(clientId, listener);
    },
  };
}
