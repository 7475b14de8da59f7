// The preload with `electron` faked: it exposes exactly the typed API, on the channels the main
// process listens to, and never hands the page ipcRenderer itself.
import fs from 'node:fs';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { IPC } from './ipc/channels.js';

const recorded = { exposed: new Map<string, unknown>(), invoked: [] as unknown[][], listeners: new Map<string, (...args: unknown[]) => void>() };
const fakeElectron = {
  contextBridge: { exposeInMainWorld: (name: string, value: unknown) => recorded.exposed.set(name, value) },
  ipcRenderer: {
    invoke: async (...args: unknown[]) => {
      recorded.invoked.push(args);
      return 'answer';
    },
    on: (channel: string, listener: (...args: unknown[]) => void) => recorded.listeners.set(channel, listener),
    off: (channel: string) => recorded.listeners.delete(channel),
  },
};
const source = fs.readFileSync(new URL('./preload.cts', import.meta.url), 'utf8');

/** Compiles the preload to CommonJS as tsc does and runs it the way Electron's sandbox would. */
function runPreload(argv: string[]) {
  const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 } });
  const requireInSandbox = (name: string) => {
    if (name !== 'electron') throw new Error(`the sandboxed preload may only require electron (asked for ${name})`);
    return fakeElectron;
  };
  new Function('require', 'process', 'exports', 'module', outputText)(requireInSandbox, { argv, platform: 'linux' }, {}, { exports: {} });
}

describe('preload', () => {
  it('exposes only the desktop API under window.uzzDesktop', async () => {
    runPreload(['electron', '--uzz-app-version=1.2.3']);
    expect([...recorded.exposed.keys()]).toEqual(['uzzDesktop']);
    const api = recorded.exposed.get('uzzDesktop') as Record<string, unknown>;
    expect(Object.keys(api).sort()).toEqual(['appVersion', 'notify', 'onNotificationClick', 'openExternal', 'openServer', 'platform', 'server', 'setBadge']);
    expect(api.appVersion).toBe('1.2.3');
    await (api.notify as (value: unknown) => Promise<unknown>)({ title: 't', body: 'b' });
    await (api.setBadge as (value: unknown) => Promise<unknown>)(2);
    expect(recorded.invoked).toEqual([
      [IPC.notify, { title: 't', body: 'b' }],
      [IPC.setBadge, 2],
    ]);
    const clicks: (string | null)[] = [];
    const stop = (api.onNotificationClick as (listener: (id: string | null) => void) => () => void)((id) => clicks.push(id));
    recorded.listeners.get(IPC.notificationClicked)!({}, 'conv-1');
    recorded.listeners.get(IPC.notificationClicked)!({}, 42);
    expect(clicks).toEqual(['conv-1', null]);
    stop();
    expect(recorded.listeners.has(IPC.notificationClicked)).toBe(false);
  });

  it('uses the same channel names as the main process (the sandboxed preload cannot import them)', () => {
    for (const [key, channel] of Object.entries(IPC)) expect(source).toContain(`${key}: '${channel}'`);
  });
});
