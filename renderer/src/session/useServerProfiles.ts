// Remote servers the desktop app remembers (Electron only: in a browser the server is the page's
// origin). Kept in the local server page's storage; the shell keeps that page's origin stable.
import { create } from 'zustand';

export type ServerProfile = { id: string; name: string; url: string };

const STORAGE_KEY = 'uzz.servers';

/** Normalises a typed address to an origin (`https://chat.example.com`), or null when it is not http(s). */
export function normaliseServerUrl(input: string): string | null {
  const trimmed = input.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `https://${trimmed}`;
  try {
    const url = new URL(withScheme);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    if (!url.hostname) return null;
    return url.origin;
  } catch {
    return null;
  }
}

function read(): ServerProfile[] {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (item): item is ServerProfile =>
        typeof item === 'object' && item !== null && typeof item.id === 'string' && typeof item.name === 'string' && typeof item.url === 'string',
    );
  } catch {
    return [];
  }
}

type ProfilesState = {
  profiles: ServerProfile[];
  /** Adds a server; returns an error key when the URL is invalid or already listed. */
  add(name: string, url: string): 'invalid' | 'duplicate' | null;
  remove(id: string): void;
};

export const useServerProfiles = create<ProfilesState>((set, get) => {
  const save = (profiles: ServerProfile[]) => {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(profiles));
    set({ profiles });
  };
  return {
    profiles: read(),
    add(name, url) {
      const origin = normaliseServerUrl(url);
      if (!origin) return 'invalid';
      if (get().profiles.some((profile) => profile.url === origin)) return 'duplicate';
      save([...get().profiles, { id: crypto.randomUUID(), name: name.trim() || new URL(origin).host, url: origin }]);
      return null;
    },
    remove(id) {
      save(get().profiles.filter((profile) => profile.id !== id));
    },
  };
});
