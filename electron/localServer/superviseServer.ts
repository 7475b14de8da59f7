// Runs the local server as a child process: starts it, waits for its `UZZ_READY <url>` line (with a
// timeout and a readable reason when it fails), restarts it with a growing delay if it crashes
// later, and stops it cleanly (SIGTERM, then SIGKILL after a grace period). Plain Node: the
// Electron main process uses it, and so do the end-to-end tests, against the real server.
import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Writable } from 'node:stream';

export type ServerPhase = 'starting' | 'ready' | 'restarting' | 'failed' | 'stopped';
export type ServerState = { phase: ServerPhase; url: string | null; error: string | null; restarts: number };

export type SupervisorOptions = {
  command: string;
  args: string[];
  cwd: string;
  /** Environment for each launch; gets the previous URL so a restart can keep the same port. */
  env(previousUrl: string | null): NodeJS.ProcessEnv;
  readyTimeoutMs: number;
  /** Receives the child's stdout and stderr (the log file in the data folder). */
  log?: Writable;
  /** Crashes allowed within `restartWindowMs` before giving up. */
  maxRestarts?: number;
  restartWindowMs?: number;
  restartDelayMs?(attempt: number): number;
  stopGraceMs?: number;
  onState?(state: ServerState): void;
  spawn?: typeof nodeSpawn;
};

export type Supervisor = {
  /** Resolves with the server URL once ready; rejects with a readable reason. */
  start(): Promise<string>;
  stop(): Promise<void>;
  state(): ServerState;
};

const READY = /^UZZ_READY (\S+)\s*$/;

export function parseReadyLine(line: string): string | null {
  const match = READY.exec(line);
  if (!match) return null;
  try {
    const url = new URL(match[1]!);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : null;
  } catch {
    return null;
  }
}

export const defaultRestartDelay = (attempt: number) => Math.min(30_000, 500 * 2 ** attempt);

export function superviseServer(options: SupervisorOptions): Supervisor {
  const spawn = options.spawn ?? nodeSpawn;
  const maxRestarts = options.maxRestarts ?? 5;
  const restartWindowMs = options.restartWindowMs ?? 5 * 60_000;
  const delay = options.restartDelayMs ?? defaultRestartDelay;
  let state: ServerState = { phase: 'stopped', url: null, error: null, restarts: 0 };
  let child: ChildProcess | null = null;
  let stopping = false;
  let restartTimer: NodeJS.Timeout | null = null;
  const crashes: number[] = [];

  const setState = (next: Partial<ServerState>) => {
    state = { ...state, ...next };
    options.onState?.(state);
  };

  /** One launch: resolves with the URL when ready, rejects if it exits or times out first. */
  function launch(): Promise<string> {
    return new Promise((resolve, reject) => {
      const recentErrors: string[] = [];
      let ready = false;
      const proc = spawn(options.command, options.args, {
        cwd: options.cwd,
        env: options.env(state.url),
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      });
      child = proc;
      const fail = (reason: string) => {
        clearTimeout(timer);
        const detail = recentErrors.length ? `\n${recentErrors.join('\n')}` : '';
        reject(new Error(`${reason}${detail}`));
      };
      const timer = setTimeout(() => {
        fail(`the local server did not become ready within ${(options.readyTimeoutMs / 1000).toLocaleString('en', { maximumFractionDigits: 1 })} s`);
        proc.kill('SIGKILL');
      }, options.readyTimeoutMs);
      createInterface({ input: proc.stdout! }).on('line', (line) => {
        options.log?.write(`${line}\n`);
        const url = ready ? null : parseReadyLine(line);
        if (url) {
          ready = true;
          clearTimeout(timer);
          resolve(url);
        }
      });
      createInterface({ input: proc.stderr! }).on('line', (line) => {
        options.log?.write(`${line}\n`);
        recentErrors.push(line);
        if (recentErrors.length > 12) recentErrors.shift();
      });
      proc.on('error', (error) => fail(`the local server could not be started: ${error.message}`));
      proc.on('exit', (code, signal) => {
        if (child === proc) child = null;
        if (!ready) return fail(`the local server stopped while starting (${signal ?? `exit code ${code}`})`);
        if (!stopping) onCrash(code, signal);
      });
    });
  }

  function onCrash(code: number | null, signal: NodeJS.Signals | null) {
    const now = Date.now();
    crashes.push(now);
    while (crashes.length && crashes[0]! < now - restartWindowMs) crashes.shift();
    const reason = `the local server stopped unexpectedly (${signal ?? `exit code ${code}`})`;
    if (crashes.length > maxRestarts) {
      setState({ phase: 'failed', error: `${reason}; it crashed ${crashes.length} times in a row, so it is not restarted again` });
      return;
    }
    setState({ phase: 'restarting', error: reason });
    restartTimer = setTimeout(
      () => {
        restartTimer = null;
        if (stopping) return;
        launch().then(
          (url) => setState({ phase: 'ready', url, error: null, restarts: state.restarts + 1 }),
          (error: Error) => (stopping ? undefined : onCrashDuringRestart(error)),
        );
      },
      delay(crashes.length - 1),
    );
  }

  function onCrashDuringRestart(error: Error) {
    // A restart that fails to start counts as another crash (with its own reason).
    setState({ error: error.message });
    onCrash(null, null);
  }

  return {
    async start() {
      stopping = false;
      setState({ phase: 'starting', error: null });
      try {
        const url = await launch();
        setState({ phase: 'ready', url });
        return url;
      } catch (error) {
        setState({ phase: 'failed', error: (error as Error).message });
        throw error;
      }
    },
    async stop() {
      stopping = true;
      if (restartTimer) clearTimeout(restartTimer);
      restartTimer = null;
      const proc = child;
      if (proc && proc.exitCode === null && proc.signalCode === null) {
        await new Promise<void>((resolve) => {
          const kill = setTimeout(() => proc.kill('SIGKILL'), options.stopGraceMs ?? 10_000);
          proc.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          proc.kill('SIGTERM');
        });
      }
      setState({ phase: 'stopped' });
    },
    state: () => state,
  };
}
