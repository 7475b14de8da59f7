// The signed-in session for this page's server: the bearer token, kept in localStorage (one per
// origin, so every server profile has its own).
import { create } from 'zustand';

const STORAGE_KEY = 'uzz.session';

type SessionState = { token: string | null; signIn(token: string): void; signOut(): void };

function read(): string | null {
  try {
    return localStorage.getItem(STORAGE_KEY);
  } catch {
    return null;
  }
}

export const useSession = create<SessionState>((set) => ({
  token: read(),
  signIn(token) {
    localStorage.setItem(STORAGE_KEY, token);
    set({ token });
  },
  signOut() {
    localStorage.removeItem(STORAGE_KEY);
    set({ token: null });
  },
}));

// Another window of the same server signing in or out.
window.addEventListener('storage', (event) => {
  if (event.key === STORAGE_KEY) useSession.setState({ token: event.newValue });
});
