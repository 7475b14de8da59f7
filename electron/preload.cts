// The bridge between the page and the shell: a handful of typed functions on window.uzzDesktop,
// nothing else (no ipcRenderer, no Node). Runs sandboxed, so CommonJS and only 'electron' imports.
import { contextBridge, ipcRenderer } from 'electron';
import type { DesktopApi } from './desktopApi.js';

const IPC = {
  server: 'uzz:server',
  openServer: 'uzz:open-server',
  notify: 'uzz:notify',
  setBadge: 'uzz:set-badge',
  openExternal: 'uzz:open-external',
  notificationClicked: 'uzz:notification-clicked',
} as const;

// The main process passes the version as an extra argument (the sandbox has no app module).
const versionArgument = process.argv.find((argument) => argument.startsWith('--uzz-app-version='));

const api: DesktopApi = {
  appVersion: versionArgument ? versionArgument.slice('--uzz-app-version='.length) : '',
  platform: process.platform,
  server: () => ipcRenderer.invoke(IPC.server),
  openServer: (url) => ipcRenderer.invoke(IPC.openServer, url),
  notify: (notification) => ipcRenderer.invoke(IPC.notify, notification),
  setBadge: (count) => ipcRenderer.invoke(IPC.setBadge, count),
  openExternal: (url) => ipcRenderer.invoke(IPC.openExternal, url),
  onNotificationClick(listener) {
    const handler = (_event: unknown, conversationId: unknown) => listener(typeof conversationId === 'string' ? conversationId : null);
    ipcRenderer.on(IPC.notificationClicked, handler);
    return () => ipcRenderer.off(IPC.notificationClicked, handler);
  },
};

contextBridge.exposeInMainWorld('uzzDesktop', api);
