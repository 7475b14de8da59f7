// A small history-API router: the path is state, `navigate` pushes, Back/Forward pop. The server
// answers index.html for any page path, so deep links and reloads work.
import { create } from 'zustand';

type LocationState = { pathname: string; hash: string; navigate(to: string, options?: { replace?: boolean }): void };

const current = () => ({ pathname: window.location.pathname, hash: window.location.hash });

export const useLocation = create<LocationState>((set) => ({
  ...current(),
  navigate(to, options) {
    if (to === window.location.pathname + window.location.hash) return;
    if (options?.replace) window.history.replaceState(null, '', to);
    else window.history.pushState(null, '', to);
    set(current());
  },
}));

window.addEventListener('popstate', () => useLocation.setState(current()));

export const navigate = (to: string, options?: { replace?: boolean }) => useLocation.getState().navigate(to, options);
