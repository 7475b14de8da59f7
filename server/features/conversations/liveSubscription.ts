// The desktop's live stream (tRPC subscription over SSE): new messages, status changes and
// conversation changes of the user's client. Events carry their id (tracked), so after a reconnect
// the client sends lastEventId and gets exactly what it missed; when that is no longer available
// (a long disconnect, a server restart) it gets a `resync` event telling it to reload its lists.
import { tracked } from '@trpc/server';
import type { AppContext } from '../../app/appContext.js';
import type { LiveEvent } from '../../app/events.js';

export type LiveMessage = { type: string; payload: unknown; at: string };

export async function* liveSubscription(app: AppContext, clientId: string, lastEventId: string | null | undefined, signal: AbortSignal | undefined) {
  const buffer: LiveEvent[] = [];
  let wake: (() => void) | null = null;
  // Subscribe first, then replay: nothing published in between is lost.
  const unsubscribe = app.events.subscribe(clientId, (event) => {
    buffer.push(event);
    const resolve = wake;
    wake = null;
    resolve?.();
  });
  const aborted = new Promise<void>((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
  // Ids already sent on this stream: a replayed event can also be in the buffer, and events from
  // other instances can arrive a little after newer local ones, so "older than the last id" is not
  // the same as "already sent".
  const sent = new Set<number>();
  const send = (event: LiveEvent) => {
    sent.add(event.id);
    if (sent.size > 5000) sent.delete(sent.values().next().value!);
    return tracked(String(event.id), { type: event.type, payload: event.payload, at: event.at } satisfies LiveMessage);
  };
  try {
    const known = lastEventId ? Number(lastEventId) : null;
    if (known !== null && Number.isFinite(known)) {
      const missed = app.events.since(clientId, known);
      if (missed === null) {
        yield tracked(String(app.events.lastId(clientId)), { type: 'resync', payload: { reason: 'events missed while disconnected are no longer available: reload' }, at: new Date().toISOString() } satisfies LiveMessage);
      } else {
        for (const event of missed) yield send(event);
      }
    }
    while (!signal?.aborted) {
      while (buffer.length > 0) {
        const event = buffer.shift()!;
        if (sent.has(event.id) || (known !== null && event.id <= known)) continue;
        yield send(event);
      }
      await Promise.race([new Promise<void>((resolve) => { wake = resolve; }), aborted]);
    }
  } finally {
    unsubscribe();
  }
}
