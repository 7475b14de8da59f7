// The main process with `electron` replaced by a recording fake, and the REAL local server started
// as a child process (plain Node stands in for Electron's run-as-node mode).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { IPC } from '../ipc/channels.js';

const fake = await vi.hoisted(async () => {
  const { createFakeElectron } = await import('../testing/fakeElectron.js');
  const fsModule = await import('node:fs');
  const osModule = await import('node:os');
  const pathModule = await import('node:path');
  const userData = fsModule.mkdtempSync(pathModule.join(osModule.tmpdir(), 'uzz-desktop-'));
  return createFakeElectron({ userData, locale: 'pt-BR' });
});
vi.mock('electron', () => fake.module);

const { startDesktopApp } = await import('./startDesktopApp.js');
const appRoot = path.resolve(import.meta.dirname, '..', '..');
const userData = fake.module.app.getPath('userData');

describe('the desktop main process', () => {
  let desktop: Awaited<ReturnType<typeof startDesktopApp>>;
  let localUrl: string;
  beforeAll(async () => {
    desktop = await startDesktopApp({ appRoot });
    localUrl = fake.windows[0]!.loaded[0]!;
  }, 90_000);
  afterAll(async () => {
    await desktop?.quit();
    fs.rmSync(userData, { recursive: true, force: true });
  });

  it('opens one locked-down window on the local server it started', async () => {
    expect(desktop?.serverState().phase).toBe('ready');
    expect(localUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const options = fake.windows[0]!.options as { webPreferences: Record<string, unknown> };
    expect(options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webviewTag: false });
    expect(String(options.webPreferences.preload)).toMatch(/preload\.cjs$/);
    expect(options.webPreferences.additionalArguments).toEqual(['--uzz-app-version=9.9.9-test']);
    // The server's data, logs and the remembered port live in the user-data folder.
    expect(fs.readdirSync(path.join(userData, 'server'))).toContain('master.key');
    await vi.waitFor(() => expect(fs.readFileSync(path.join(userData, 'logs', 'server.log'), 'utf8')).toContain('UZZ_READY'));
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'desktop-state.json'), 'utf8')).localPort).toBe(Number(new URL(localUrl).port));
  });

  it('gives the page the server and its launch token, which the server requires', async () => {
    const server = (await fake.invoke(IPC.server, `${localUrl}/inbox`)) as { mode: string; url: string; launchToken: string };
    expect(server).toMatchObject({ mode: 'local', url: localUrl });
    expect((await fetch(`${localUrl}/trpc/localMode.status`)).status).toBe(401);
    const withToken = await fetch(`${localUrl}/trpc/localMode.status`, { headers: { 'x-uzz-launch-token': server.launchToken } });
    expect((await withToken.json()).result.data).toEqual({ enabled: true });
    // The session adds the token to every request to the local server, and only to it.
    const added = await new Promise<Record<string, string>>((resolve) =>
      fake.webRequest.beforeSendHeaders!({ url: `${localUrl}/assets/x.js`, requestHeaders: {} }, (result: { requestHeaders: Record<string, string> }) =>
        resolve(result.requestHeaders),
      ),
    );
    expect(added['x-uzz-launch-token']).toBe(server.launchToken);
    const elsewhere = await new Promise<Record<string, string>>((resolve) =>
      fake.webRequest.beforeSendHeaders!({ url: 'https://example.com/', requestHeaders: {} }, (result: { requestHeaders: Record<string, string> }) =>
        resolve(result.requestHeaders),
      ),
    );
    expect(elsewhere['x-uzz-launch-token']).toBeUndefined();
  });

  it('refuses desktop calls from pages that are not the app', async () => {
    await expect(fake.invoke(IPC.server, 'https://evil.example/')).rejects.toThrow(/refused a desktop call/);
    await expect(fake.invoke(IPC.openExternal, `${localUrl}/`, 'file:///etc/passwd')).rejects.toThrow(/only http, https and mailto/);
    await expect(fake.invoke(IPC.setBadge, `${localUrl}/`, -1)).rejects.toThrow(/whole number/);
  });

  it('shows native notifications that open the conversation, and the unread badge', async () => {
    await fake.invoke(IPC.notify, `${localUrl}/inbox`, { title: 'Maria', body: 'is waiting', conversationId: 'abc-123' });
    expect(fake.notifications.at(-1)).toMatchObject({ title: 'Maria', body: 'is waiting' });
    fake.notifications.at(-1)!.emitter.emit('click');
    expect(fake.windows[0]!.webContents.sent.at(-1)).toEqual([IPC.notificationClicked, 'abc-123']);
    await fake.invoke(IPC.setBadge, `${localUrl}/inbox`, 3);
    expect(fake.calls.badge.at(-1)).toBe(3);
    expect(fake.tray()!.tooltip).toBe('UZZ.AI: 3 conversa(s) esperando');
  });

  it('keeps navigation on the app and sends other links to the system browser', () => {
    const contents = fake.windows[0]!.webContents;
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, 'https://docs.example.com/page');
    expect(prevented).toBe(true);
    expect(fake.calls.openExternal.at(-1)).toBe('https://docs.example.com/page');
    prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, `${localUrl}/settings`);
    expect(prevented).toBe(false);
    expect(contents.windowOpenHandler!({ url: 'https://wa.me/5511' })).toEqual({ action: 'deny' });
    expect(fake.calls.openExternal.at(-1)).toBe('https://wa.me/5511');
  });

  it('switches to a remote server profile and back, remembering the choice', async () => {
    await fake.invoke(IPC.openServer, `${localUrl}/`, 'https://chat.example.com/some/path');
    expect(fake.windows[0]!.loaded.at(-1)).toBe('https://chat.example.com');
    expect(await fake.invoke(IPC.server, 'https://chat.example.com/inbox')).toEqual({ mode: 'remote', url: 'https://chat.example.com' });
    expect(JSON.parse(fs.readFileSync(path.join(userData, 'desktop-state.json'), 'utf8')).lastServer).toBe('https://chat.example.com');
    await expect(fake.invoke(IPC.openServer, 'https://chat.example.com/', 'javascript:alert(1)')).rejects.toThrow(/http or https/);
    await fake.invoke(IPC.openServer, 'https://chat.example.com/', null);
    expect(fake.windows[0]!.loaded.at(-1)).toBe(localUrl);
  });

  it('builds the menu in the system language with the usual shortcuts', () => {
    const menu = fake.calls.menus.at(-1) as { template: { label?: string; role?: string; submenu?: { accelerator?: string }[] }[] };
    const file = menu.template.find((item) => item.label === 'Arquivo');
    expect(file?.submenu?.some((item) => item.accelerator === 'CmdOrCtrl+,')).toBe(true);
    expect(menu.template.some((item) => item.role === 'editMenu')).toBe(true);
  });

  it('stops the local server when the app quits', async () => {
    await desktop!.quit();
    expect(desktop!.serverState().phase).toBe('stopped');
    await expect(fetch(`${localUrl}/healthz`)).rejects.toThrow();
  });
});

describe('a second launch', () => {
  it('quits at once when another instance holds the lock', async () => {
    const second = (await import('../testing/fakeElectron.js')).createFakeElectron({ userData: os.tmpdir(), singleInstance: false });
    Object.assign(fake.module.app, { requestSingleInstanceLock: second.module.app.requestSingleInstanceLock });
    const before = fake.calls.quit;
    expect(await startDesktopApp({ appRoot })).toBeNull();
    expect(fake.calls.quit).toBe(before + 1);
  });
});
