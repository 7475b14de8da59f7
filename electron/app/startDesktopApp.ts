// The desktop app's main process: one instance, one window on the app's own server (started as a
// child process) or on a remote server profile, menus, tray with the unread badge, native
// notifications, and a clean stop of the server on quit.
import fs from 'node:fs';
import path from 'node:path';
import { app, BrowserWindow, ipcMain, Menu, Notification, nativeImage, session, shell, Tray } from 'electron';
import type { DesktopServer } from '../desktopApi.js';
import { IPC } from '../ipc/channels.js';
import { registerIpc } from '../ipc/registerIpc.js';
import { choosePort } from '../localServer/choosePort.js';
import { localServerEnv, newLaunchToken, portOf } from '../localServer/localServerEnv.js';
import { superviseServer, type ServerState } from '../localServer/superviseServer.js';
import { menuLabelsFor, menuTemplate } from '../menu/menuTemplate.js';
import { guardWebContents } from '../security/guardWebContents.js';
import { hardenSession } from '../security/hardenSession.js';
import { parseServerUrl } from '../security/navigationPolicy.js';
import { readDesktopState, writeDesktopState } from '../state/desktopState.js';
import { badgeText, trayTooltip } from '../tray/badge.js';
import { errorPageUrl } from '../window/errorPage.js';
import { mainWindowOptions } from '../window/mainWindowOptions.js';

export type DesktopAppOptions = {
  /** Folder holding bin/start.mjs, server/, dist/renderer (the app's root, packaged or not). */
  appRoot: string;
  readyTimeoutMs?: number;
};

export type DesktopApp = { quit(): Promise<void>; serverState(): ServerState };

export async function startDesktopApp(options: DesktopAppOptions): Promise<DesktopApp | null> {
  // A second launch focuses the running window instead of starting another server on the same data.
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  const userData = app.getPath('userData');
  const logsDir = path.join(userData, 'logs');
  fs.mkdirSync(logsDir, { recursive: true });
  const logFile = path.join(logsDir, 'server.log');
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  const saved = readDesktopState(userData);
  const launchToken = newLaunchToken();
  const webDir = path.join(options.appRoot, 'dist', 'renderer');
  let port = 0;
  let localUrl: string | null = null;
  let remoteUrl: string | null = null;
  let window: BrowserWindow | null = null;
  let tray: Tray | null = null;
  let quitting = false;

  const appOrigins = () => [localUrl, remoteUrl].filter((origin): origin is string => origin !== null);
  const showing = () => remoteUrl ?? localUrl;
  const locale = () => app.getLocale();

  const supervisor = superviseServer({
    command: process.execPath,
    args: [path.join(options.appRoot, 'bin', 'start.mjs')],
    cwd: options.appRoot,
    env: (previous) => localServerEnv(process.env, { userData, webDir }, launchToken, portOf(previous) ?? port),
    readyTimeoutMs: options.readyTimeoutMs ?? 45_000,
    log,
    onState(state) {
      if (!window || quitting) return;
      if (state.phase === 'ready' && state.url && remoteUrl === null) {
        localUrl = state.url;
        void window.loadURL(state.url);
      }
      if (state.phase === 'failed' && remoteUrl === null) showError(state.error ?? 'unknown error');
    },
  });

  const showError = (reason: string) => {
    const portuguese = locale().toLowerCase().startsWith('pt');
    void window?.loadURL(
      errorPageUrl({
        title: portuguese ? 'O servidor local não iniciou' : 'The local server did not start',
        reason,
        hint: portuguese
          ? 'Feche e abra o aplicativo de novo. Se continuar, envie o registro abaixo ao suporte:'
          : 'Close and reopen the app. If it keeps happening, send this log to support:',
        logFile,
      }),
    );
  };

  const focusWindow = () => {
    if (!window) return;
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  };

  const openServer = async (url: string | null) => {
    remoteUrl = url && url !== localUrl ? url : null;
    writeDesktopState(userData, { localPort: portOf(localUrl), lastServer: remoteUrl });
    const target = showing();
    if (target) await window?.loadURL(target);
  };

  const setBadge = (count: number) => {
    app.setBadgeCount(count);
    tray?.setToolTip(trayTooltip(count, locale()));
    if (process.platform === 'darwin') tray?.setTitle(badgeText(count));
  };

  await app.whenReady();
  app.setAppUserModelId('ai.uzz.desktop');
  hardenSession(session.defaultSession, { appOrigins, localServer: () => (localUrl ? { origin: localUrl, launchToken } : null) });
  app.on('web-contents-created', (_event, contents) => guardWebContents(contents, appOrigins, (url) => void shell.openExternal(url)));

  registerIpc(ipcMain, {
    appOrigins,
    currentServer: (): DesktopServer | null => {
      if (remoteUrl) return { mode: 'remote', url: remoteUrl };
      return localUrl ? { mode: 'local', url: localUrl, launchToken } : null;
    },
    openServer,
    notify(notification) {
      if (!Notification.isSupported()) return;
      const shown = new Notification({ title: notification.title, body: notification.body });
      shown.on('click', () => {
        focusWindow();
        window?.webContents.send(IPC.notificationClicked, notification.conversationId ?? null);
      });
      shown.show();
    },
    setBadge,
    openExternal: (url) => shell.openExternal(url),
  });

  const actions = {
    openSettings: () => {
      const target = showing();
      if (target) void window?.loadURL(`${target}/settings`);
    },
    switchServer: () => void openServer(null),
    openHelp: () => void shell.openExternal('https://uzz.ai'),
    reload: () => window?.webContents.reload(),
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, actions, menuLabelsFor(locale()))));

  tray = new Tray(nativeImage.createFromPath(path.join(options.appRoot, 'electron', 'assets', 'tray.png')));
  tray.setToolTip(trayTooltip(0, locale()));
  tray.on('click', focusWindow);
  tray.setContextMenu(Menu.buildFromTemplate([{ label: 'UZZ.AI', click: focusWindow }, { type: 'separator' }, { role: 'quit' }]));

  window = new BrowserWindow(mainWindowOptions(path.join(options.appRoot, 'dist', 'electron', 'preload.cjs'), app.getVersion()));
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => {
    window = null;
  });

  app.on('second-instance', focusWindow);
  app.on('activate', focusWindow);
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('before-quit', (event) => {
    if (quitting) return;
    // Stop the server first (it finishes running requests and closes the database), then quit.
    event.preventDefault();
    quitting = true;
    supervisor.stop().finally(() => {
      log.end();
      app.quit();
    });
  });

  port = await choosePort(saved.localPort);
  try {
    localUrl = await supervisor.start();
    remoteUrl = parseServerUrl(saved.lastServer);
    writeDesktopState(userData, { localPort: portOf(localUrl), lastServer: remoteUrl });
    await window.loadURL(showing()!);
  } catch (error) {
    showError((error as Error).message);
  }

  return {
    async quit() {
      quitting = true;
      await supervisor.stop();
      log.end();
    },
    serverState: () => supervisor.state(),
  };
}
