import { QueryClient, QueryObserver } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import { clearCacheOnSignOut } from './clearCacheOnSignOut';

function session() {
  return create<{ signedIn: boolean; signIn(): void; signOut(): void }>((set) => ({
    signedIn: true,
    signIn: () => set({ signedIn: true }),
    signOut: () => set({ signedIn: false }),
  }));
}

describe('clearCacheOnSignOut', () => {
  it("drops the signed-in person's cached answers when the session ends, and nothing while it lasts", () => {
    const store = session();
    const queryClient = new QueryClient();
    clearCacheOnSignOut(store, queryClient);
    queryClient.setQueryData(['auth', 'me'], { email: 'ana@example.com' });
    store.getState().signIn();
    expect(queryClient.getQueryData(['auth', 'me'])).toEqual({ email: 'ana@example.com' });
    store.getState().signOut();
    expect(queryClient.getQueryData(['auth', 'me'])).toBeUndefined();
  });

  it("a second sign-out (the button, after a closed live stream signed out first) leaves the signed-out screen's request alone", async () => {
    const store = session();
    const queryClient = new QueryClient();
    clearCacheOnSignOut(store, queryClient);
    store.getState().signOut(); // the live stream, closed by the server's logout
    let answer: (value: { needed: boolean }) => void = () => {};
    const observer = new QueryObserver(queryClient, {
      queryKey: ['setup', 'status'],
      queryFn: () => new Promise<{ needed: boolean }>((resolve) => (answer = resolve)),
    });
    const settled = new Promise((resolve) => observer.subscribe((result) => result.status === 'success' && resolve(result.data)));
    store.getState().signOut(); // the sign-out button's own, once the logout call returned
    answer({ needed: false });
    await expect(settled).resolves.toEqual({ needed: false });
  });
});
