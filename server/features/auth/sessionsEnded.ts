// "Some sessions ended": published on the live events bus when sessions are revoked (sign-out,
// password change, deactivation, removal, a suspended client), so open live streams re-check
// theirs and close at once. On PostgreSQL the bus relays it to every instance (attachEventRelay).
// It travels under a key that is no tenant's id, so no tenant's stream ever receives it as an event.
import type { AppContext } from '#server/app/appContext.js';

export const SESSIONS_ENDED_KEY = 'system:sessions-ended';
export const SESSIONS_ENDED = 'sessions.ended';

/** Whose sessions may have ended: one user's, or every member's of one client. */
export type SessionsEnded = { userId?: string; clientId?: string };

export function announceSessionsEnded(app: AppContext, scope: SessionsEnded): void {
  app.events.publish(SESSIONS_ENDED_KEY, SESSIONS_ENDED, scope);
}

/** Calls `listener` whenever sessions in the scope of `who` may have ended. */
export function onSessionsEnded(app: AppContext, who: { userId: string; clientId: string | null }, listener: () => void): () => void {
  return app.events.subscribe(SESSIONS_ENDED_KEY, (event) => {
    const scope = (event.payload ?? {}) as SessionsEnded;
    if (scope.userId === who.userId || (scope.clientId !== undefined && scope.clientId === who.clientId)) listener();
  });
}
