// The only things the desktop shell gives the web page (window.uzzDesktop, set by the preload).
// Type-only module shared by electron/ and renderer/: no runtime code here.

export type DesktopServer =
  /** The app's own server on this computer: sign in as the local owner with `launchToken`. */
  | { mode: 'local'; url: string; launchToken: string }
  /** A remote server chosen from the profiles: sign in with email and password. */
  | { mode: 'remote'; url: string };

export type DesktopNotification = { title: string; body: string; conversationId?: string };

export type DesktopApi = {
  appVersion: string;
  platform: string;
  /** Which server this window talks to. */
  server(): Promise<DesktopServer>;
  /** Loads a remote server's app in this window (http/https URL), or back to the local server with null. */
  openServer(url: string | null): Promise<void>;
  /** A native notification; clicking it focuses the window and calls onNotificationClick. */
  notify(notification: DesktopNotification): Promise<void>;
  /** Unread badge on the tray icon and the dock / taskbar (0 clears it). */
  setBadge(count: number): Promise<void>;
  /** Opens an http(s) or mailto link in the system browser. */
  openExternal(url: string): Promise<void>;
  /** Called with the notification's conversation id when the person clicks it; returns an unsubscribe. */
  onNotificationClick(listener: (conversationId: string | null) => void): () => void;
};

declare global {
  interface Window {
    uzzDesktop?: DesktopApi;
  }
}
