// The main-process side of the preload API. Every call is checked: it must come from the main
// window showing an app origin, and its arguments are validated before touching the OS.
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { DesktopServer } from '../desktopApi.js';
import { parseBadgeCount } from '../tray/badge.js';
import { isAppUrl, isSafeExternalUrl, parseServerUrl } from '../security/navigationPolicy.js';
import { IPC } from './channels.js';
import { parseNotification } from './parseNotification.js';

export type IpcHandlers = {
  appOrigins(): string[];
  currentServer(): DesktopServer | null;
  openServer(url: string | null): Promise<void>;
  notify(notification: { title: string; body: string; conversationId?: string }): void;
  setBadge(count: number): void;
  openExternal(url: string): Promise<void>;
};

export class IpcRejected extends Error {
  override name = 'IpcRejected';
}

export function registerIpc(ipcMain: IpcMain, handlers: IpcHandlers): void {
  const trusted = (event: IpcMainInvokeEvent) => {
    const url = event.senderFrame?.url ?? '';
    if (!isAppUrl(url, handlers.appOrigins())) throw new IpcRejected(`refused a desktop call from ${url || 'an unknown page'}`);
  };
  ipcMain.handle(IPC.server, (event) => {
    trusted(event);
    const server = handlers.currentServer();
    if (!server) throw new IpcRejected('the server is not ready');
    return server;
  });
  ipcMain.handle(IPC.openServer, async (event, url: unknown) => {
    trusted(event);
    if (url === null) return handlers.openServer(null);
    const origin = parseServerUrl(url);
    if (!origin) throw new IpcRejected('a server address must be an http or https URL');
    return handlers.openServer(origin);
  });
  ipcMain.handle(IPC.notify, (event, value: unknown) => {
    trusted(event);
    const notification = parseNotification(value);
    if (!notification) throw new IpcRejected('a notification needs a title and a body');
    handlers.notify(notification);
  });
  ipcMain.handle(IPC.setBadge, (event, value: unknown) => {
    trusted(event);
    const count = parseBadgeCount(value);
    if (count === null) throw new IpcRejected('the badge count must be a whole number');
    handlers.setBadge(count);
  });
  ipcMain.handle(IPC.openExternal, async (event, url: unknown) => {
    trusted(event);
    if (typeof url !== 'string' || !isSafeExternalUrl(url)) throw new IpcRejected('only http, https and mailto links open outside the app');
    return handlers.openExternal(url);
  });
}
