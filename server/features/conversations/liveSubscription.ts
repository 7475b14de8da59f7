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
  try {
    let last = lastEventId ? Number(lastEventId) : null;
    if (last !== null && Number.isFinite(last)) {
      const missed = app.events.since(clientId, last);
      if (missed === null) {
        last = app.events.lastId(clientId);
        yield tracked(String(last), { type: 'resync', payload: { reason: 'events missed while disconnected are no longer available: reload' }, at: new Date().toISOString() } satisfies LiveMessage);
      } else {
        for (const event of missed) {
          last = event.id;
          yield tracked(String(event.id), { type: event.type, payload: event.payload, at: event.at } satisfies LiveMessage);
        }
      }
    } else {
      last = app.events.lastId(clientId);
    }
    while (!signal?.aborted) {
      while (buffer.length > 0) {
        const event = buffer.shift()!;
        if (last !== null && event.id <= last) continue; // already replayed
        last = event.id;
        yield tracked(String(event.id), { type: event.type, payload: event.payload, at: event.at } satisfies LiveMessage);
      }
      await Promise.race([new Promise<void>((resolve) => { wake = resolve; }), aborted]);
    }
  } finally {
    unsubscribe();
  }
}
