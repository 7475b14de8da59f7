import type { QueryClient } from '@tanstack/react-query';

type SessionStore = {
  subscribe(listener: (state: { signedIn: boolean }, previous: { signedIn: boolean }) => void): () => void;
};

/**
 * Drops every cached answer once, at the moment the session ends, whoever ends it: the sign-out
 * button, a call the server refused, or a live stream the server closed. Clearing later (after the
 * logout call returned) raced the other two: the signed-out screen had already asked for the set-up
 * status, and clearing cancelled that request silently, leaving the page on "Loading…" for good.
 * The store's listeners run inside the state change, before React renders the signed-out screen.
 */
export function clearCacheOnSignOut(session: SessionStore, queryClient: QueryClient): () => void {
  return session.subscribe((state, previous) => {
    if (previous.signedIn && !state.signedIn) queryClient.clear();
  });
}
