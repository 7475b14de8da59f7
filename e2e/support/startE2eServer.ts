// A real server for the browser tests: `node bin/start.mjs` on a fresh data folder (SQLite), with
// the web build, started and stopped by the same supervisor the desktop shell uses.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { superviseServer, type Supervisor } from '../../electron/localServer/superviseServer.js';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** `supervisor.stop()` then `supervisor.start()` restarts the server on the same port (the page's origin). */
export type E2eServer = { url: string; dataDir: string; env: NodeJS.ProcessEnv; supervisor: Supervisor; cli(args: string[]): string };

/** The log files of the servers this worker started and has not disposed of: shown when a test fails. */
export const runningServerLogs = new Set<string>();

/** The last lines of each running server's log (warnings and errors: LOG_LEVEL warn), for a failed test's report. */
export function serverLogTails(lines = 40): string {
  return [...runningServerLogs]
    .filter((file) => fs.existsSync(file))
    .map((file) => {
      const tail = fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
      return `--- last ${lines} lines of ${file} ---\n${tail || '(empty)'}`;
    })
    .join('\n');
}

export async function startE2eServer(name: string, extraEnv: Record<string, string> = {}): Promise<E2eServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `uzz-e2e-${name}-`));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    HOST: '127.0.0.1',
    PORT: '0',
    // UZZ_E2E_WEB_DIR: a web build made elsewhere (default: `npm run build`'s dist/renderer).
    WEB_DIR: process.env.UZZ_E2E_WEB_DIR ?? path.join(ROOT, 'dist', 'renderer'),
    UZZ_READY_LINE: '1',
    // `npm run test:e2e` has just built the web app: a restart need not check its freshness again
    // (scripts/check-first-start.sh and the webBuild tests cover that path).
    UZZ_SKIP_WEB_BUILD: '1',
    LOG_LEVEL: 'warn',
    // Every spec signs in from 127.0.0.1 to a shared server: the per-address limit is not under test here.
    LOGIN_ATTEMPTS_PER_MINUTE: '1000',
    // Specs expect the bot's answer at once; the burst debounce has its own server tests.
    AI_DEBOUNCE_MS: '0',
    ...extraEnv,
  };
  // SQLite in the data folder unless the caller names a database (the first-run journey runs on PostgreSQL too).
  if (!extraEnv.DATABASE_URL) delete env.DATABASE_URL;
  const cli = (args: string[]) => execFileSync(process.execPath, [path.join(ROOT, 'bin', 'uzz.mjs'), ...args], { cwd: ROOT, env, encoding: 'utf8' });
  // Migrate first so the CLI and the server do not both create the database at once.
  cli(['migrate']);
  const logFile = path.join(dataDir, 'server.log');
  const log = fs.createWriteStream(logFile);
  runningServerLogs.add(logFile);
  const supervisor = superviseServer({
    command: process.execPath,
    args: [path.join(ROOT, 'bin', 'start.mjs')],
    cwd: ROOT,
    env: (previous) => ({ ...env, PORT: previous ? String(new URL(previous).port) : env.PORT }),
    readyTimeoutMs: 60_000,
    log,
  });
  const url = await supervisor.start();
  return { url, dataDir, env, supervisor, cli };
}
