// Whether this page's server has signed us in. The session token itself lives only in the
// server's HttpOnly cookie (a script injected into the page cannot read it); localStorage keeps just
// a "signed in" hint so the first render shows the app instead of the sign-in screen. A wrong hint
// costs one refused `auth.me`, which signs out (see createQueryClient).
import { create } from 'zustand';

const HINT_KEY = 'uzz.signedIn';
/** Where older versions kept the bearer token: removed on load. */
const LEGACY_TOKEN_KEY = 'uzz.session';

type SessionState = {
  signedIn: boolean;
  /** Grows at every sign-in: cached per-person answers (auth.me) are keyed by it. */
  epoch: number;
  signIn(): void;
  signOut(): void;
};

function storage(): Storage | null {
  try {
    return localStorage;
  } catch {
    return null;
  }
}

function readHint(): boolean {
  const store = storage();
  if (!store) return false;
  // An upgrade from the token-in-localStorage version: that token is dropped (it has no cookie,
  // so the person signs in once more) and never read again.
  if (store.getItem(LEGACY_TOKEN_KEY) !== null) {
    store.removeItem(LEGACY_TOKEN_KEY);
    store.removeItem(HINT_KEY);
    return false;
  }
  return store.getItem(HINT_KEY) === '1';
}

export const useSession = create<SessionState>((set) => ({
  signedIn: readHint(),
  epoch: 0,
  signIn() {
    storage()?.setItem(HINT_KEY, '1');
    set((state) => ({ signedIn: true, epoch: state.epoch + 1 }));
  },
  signOut() {
    storage()?.removeItem(HINT_KEY);
    set({ signedIn: false });
  },
}));

// Another window of the same server signing in or out.
window.addEventListener('storage', (event) => {
  if (event.key === HINT_KEY) useSession.setState((state) => ({ signedIn: event.newValue === '1', epoch: state.epoch + 1 }));
});
