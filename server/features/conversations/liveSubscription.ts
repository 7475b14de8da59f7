// The desktop's live stream (tRPC subscription over SSE): new messages, status changes and
// conversation changes of the user's client. Events carry their id (tracked), so after a reconnect
// the client sends lastEventId and gets exactly what it missed; when that is no longer available
// (a long disconnect, a server restart) it gets a `resync` event telling it to reload its lists.
// The stream lives only as long as the session that opened it: when sessions end (sign-out,
// deactivation, removal, password change, suspension: sessionsEnded.ts, from any instance) and
// every SESSION_RECHECK_MS (idle timeout, maximum age), it re-checks its session and ends with
// UNAUTHORIZED once that is gone.
import { TRPCError, tracked } from '@trpc/server';
import type { AppContext } from '#server/app/appContext.js';
import type { LiveEvent } from '#server/app/events.js';
import { roleAtLeast } from '#shared/domain/roles.js';
import type { UserRole } from '#shared/domain/statuses.js';
import { sessionStillValid, type Session } from '../auth/index.js';
import { onSessionsEnded } from '../auth/index.js';

export type LiveMessage = { type: string; payload: unknown; at: string };

export const SESSION_RECHECK_MS = 60_000;

export async function* liveSubscription(
  app: AppContext,
  session: Pick<Session, 'sessionId' | 'userId' | 'clientId'>,
  clientId: string,
  role: UserRole,
  lastEventId: string | null | undefined,
  signal: AbortSignal | undefined,
) {
  const buffer: LiveEvent[] = [];
  // Events meant for higher roles (a budget alert's spend figures) never reach this member's stream.
  const visible = (event: LiveEvent) => !event.minRole || roleAtLeast(role, event.minRole);
  let wake: (() => void) | null = null;
  let recheck = false;
  const poke = () => {
    const resolve = wake;
    wake = null;
    resolve?.();
  };
  // Subscribe first, then replay: nothing published in between is lost.
  const unsubscribe = app.events.subscribe(clientId, (event) => {
    if (!visible(event)) return;
    buffer.push(event);
    poke();
  });
  const stopWatching = onSessionsEnded(app, session, () => {
    recheck = true;
    poke();
  });
  const timer = setInterval(() => {
    recheck = true;
    poke();
  }, SESSION_RECHECK_MS);
  timer.unref();
  const ensureSession = async () => {
    if (!recheck) return;
    recheck = false;
    if (!(await sessionStillValid(app.db, session.sessionId, app.config))) {
      throw new TRPCError({ code: 'UNAUTHORIZED', message: 'your session has ended: sign in again' });
    }
  };
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
        yield tracked(String(app.events.lastId(clientId)), {
          type: 'resync',
          payload: { reason: 'events missed while disconnected are no longer available: reload' },
          at: new Date().toISOString(),
        } satisfies LiveMessage);
      } else {
        for (const event of missed) if (visible(event)) yield send(event);
      }
    }
    while (!signal?.aborted) {
      await ensureSession();
      while (buffer.length > 0) {
        const event = buffer.shift()!;
        if (sent.has(event.id) || (known !== null && event.id <= known)) continue;
        await ensureSession();
        yield send(event);
      }
      // A poke while an event was being sent found no one waiting: look at the flags first.
      if (!recheck && buffer.length === 0)
        await Promise.race([
          new Promise<void>((resolve) => {
            wake = resolve;
          }),
          aborted,
        ]);
    }
  } finally {
    clearInterval(timer);
    stopWatching();
    unsubscribe();
  }
}
