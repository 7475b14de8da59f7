// Real child processes (small Node scripts) that behave like the server: ready, slow, crashing.
import { PassThrough } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { choosePort, isFree } from './choosePort.js';
import { localServerEnv, portOf } from './localServerEnv.js';
import { parseReadyLine, superviseServer, type ServerState, type Supervisor } from './superviseServer.js';

const running: Supervisor[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((supervisor) => supervisor.stop()));
});

/** A script that listens on PORT (or a free port), prints the ready line, and crashes after CRASH_AFTER ms. */
const SERVER_SCRIPT = `
const http = require('node:http');
if (process.env.FAIL_START) { console.error('database is locked'); process.exit(3); }
const server = http.createServer((req, res) => res.end('ok'));
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  setTimeout(() => console.log('UZZ_READY http://127.0.0.1:' + server.address().port), Number(process.env.READY_AFTER || 0));
  if (process.env.CRASH_AFTER) setTimeout(() => process.exit(9), Number(process.env.CRASH_AFTER));
});
process.on('SIGTERM', () => { console.log('stopping cleanly'); server.close(() => process.exit(0)); });
`;

function supervise(env: Record<string, string>, extra: Partial<Parameters<typeof superviseServer>[0]> = {}) {
  const states: ServerState[] = [];
  const log = new PassThrough();
  let logged = '';
  log.on('data', (chunk) => (logged += String(chunk)));
  const supervisor = superviseServer({
    command: process.execPath,
    args: ['-e', SERVER_SCRIPT],
    cwd: os.tmpdir(),
    env: (previous) => ({ ...process.env, ...env, PORT: String(portOf(previous) ?? 0) }),
    readyTimeoutMs: 5_000,
    restartDelayMs: () => 50,
    log,
    onState: (state) => states.push(state),
    ...extra,
  });
  running.push(supervisor);
  return { supervisor, states, logged: () => logged };
}

describe('superviseServer', () => {
  it('resolves with the URL from the ready line and stops the process cleanly', async () => {
    const { supervisor, logged } = supervise({});
    const url = await supervisor.start();
    expect(await (await fetch(url)).text()).toBe('ok');
    await supervisor.stop();
    expect(supervisor.state().phase).toBe('stopped');
    expect(logged()).toContain('stopping cleanly');
    await expect(fetch(url)).rejects.toThrow();
  });

  it("rejects with the server's own error lines when it exits while starting", async () => {
    const { supervisor } = supervise({ FAIL_START: '1' });
    await expect(supervisor.start()).rejects.toThrow(/stopped while starting \(exit code 3\)\ndatabase is locked/);
    expect(supervisor.state()).toMatchObject({ phase: 'failed' });
  });

  it('gives up after the ready timeout and kills the process', async () => {
    const { supervisor } = supervise({ READY_AFTER: '10000' }, { readyTimeoutMs: 300 });
    await expect(supervisor.start()).rejects.toThrow('the local server did not become ready within 0.3 s');
  });

  it('restarts a crashed server on the same port, then stops restarting after too many crashes', async () => {
    const { supervisor, states } = supervise({ CRASH_AFTER: '150' }, { maxRestarts: 2 });
    const url = await supervisor.start();
    await vi.waitFor(() => expect(states.some((state) => state.phase === 'ready' && state.restarts === 1)).toBe(true), { timeout: 5000 });
    expect(states.find((state) => state.restarts === 1)?.url).toBe(url);
    await vi.waitFor(() => expect(supervisor.state().phase).toBe('failed'), { timeout: 5000 });
    expect(supervisor.state().error).toMatch(/crashed 3 times in a row/);
    expect(states.some((state) => state.phase === 'restarting' && /exit code 9/.test(state.error ?? ''))).toBe(true);
  });

  it('accepts only a well-formed ready line', () => {
    expect(parseReadyLine('UZZ_READY http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(parseReadyLine('UZZ_READY http://127.0.0.1:4000/ ')).toBe('http://127.0.0.1:4000');
    expect(parseReadyLine('log: UZZ_READY http://x')).toBeNull();
    expect(parseReadyLine('UZZ_READY file:///etc')).toBeNull();
    expect(parseReadyLine('UZZ_READY not-a-url')).toBeNull();
  });
});

describe('the local server environment', () => {
  it('is loopback only, token-protected, in the user-data folder, and ignores an outside DATABASE_URL', () => {
    const env = localServerEnv(
      { DATABASE_URL: 'postgres://elsewhere/db', PATH: '/bin' },
      { userData: '/home/u/.config/UZZ', webDir: '/app/dist/renderer' },
      'tok',
      0,
    );
    expect(env).toMatchObject({
      HOST: '127.0.0.1',
      PORT: '0',
      UZZ_LAUNCH_TOKEN: 'tok',
      UZZ_READY_LINE: '1',
      WEB_DIR: '/app/dist/renderer',
      ELECTRON_RUN_AS_NODE: '1',
      PATH: '/bin',
    });
    expect(env.DATA_DIR).toBe(path.join('/home/u/.config/UZZ', 'server'));
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('keeps the previous port when it is free and picks another when it is taken', async () => {
    const port = await choosePort(null);
    expect(await isFree(port)).toBe(true);
    expect(await choosePort(port)).toBe(port);
    const { supervisor } = supervise({});
    const busy = portOf(await supervisor.start())!;
    expect(await isFree(busy)).toBe(false);
    expect(await choosePort(busy)).not.toBe(busy);
  });
});

describe('the real server under the supervisor', () => {
  it('starts bin/start.mjs with a launch token, answers only with the token, and stops on request', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-supervised-'));
    const appRoot = path.resolve(import.meta.dirname, '..', '..');
    const supervisor = superviseServer({
      command: process.execPath,
      args: [path.join(appRoot, 'bin', 'start.mjs')],
      cwd: appRoot,
      env: () => localServerEnv(process.env, { userData: dataDir, webDir: path.join(dataDir, 'no-web') }, 'launch-token-for-test', 0),
      readyTimeoutMs: 60_000,
    });
    running.push(supervisor);
    const url = await supervisor.start();
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    expect((await fetch(`${url}/trpc/localMode.status`)).status).toBe(401);
    expect((await fetch(`${url}/trpc/localMode.status`, { headers: { 'x-uzz-launch-token': 'launch-token-for-test' } })).status).toBe(200);
    await supervisor.stop();
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }, 90_000);
});
