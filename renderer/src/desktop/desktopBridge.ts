// The desktop shell's preload API when running inside Electron, or null in an ordinary browser.
// Read once at start-up (main.tsx) so the rest of the app can ask synchronously.
import type { DesktopApi, DesktopServer } from '#electron/desktopApi';

let server: DesktopServer | null = null;

export const desktop = (): DesktopApi | null => window.uzzDesktop ?? null;

export async function loadDesktopServer(): Promise<void> {
  const api = desktop();
  server = api ? await api.server().catch(() => null) : null;
}

/** Which server the desktop loaded this window from (null in a browser). */
export const desktopServer = (): DesktopServer | null => server;

/** The local server's launch token when this page is the desktop app's local server. */
export function launchToken(): string | null {
  return server?.mode === 'local' && sameOrigin(server.url, window.location.origin) ? server.launchToken : null;
}

export function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
