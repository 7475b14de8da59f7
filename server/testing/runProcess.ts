// Runs the real entry points (bin/uzz.mjs, bin/start.mjs) as child processes for tests.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export type ProcessResult = { code: number | null; stdout: string; stderr: string };

/**
 * Runs a script to its end. `stdin`: what the process reads on standard input (it sees the end of it
 * right away otherwise); one still running after `timeoutMs` is killed (code null), so a test fails
 * instead of hanging.
 */
export function runNode(
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd = REPO_ROOT,
  options: { stdin?: string; timeoutMs?: number } = {},
): Promise<ProcessResult> {
  const { stdin = '', timeoutMs = 60_000 } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { ...cleanEnv(), ...env } });
    child.stdin.end(stdin);
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts bin/start.mjs and resolves with its URL once it prints its ready line. */
export function startServerProcess(env: NodeJS.ProcessEnv, timeoutMs = 30_000): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/start.mjs'], {
      cwd: REPO_ROOT,
      env: { ...cleanEnv(), PORT: '0', UZZ_READY_LINE: '1', LOG_LEVEL: 'warn', ...env },
    });
    let output = '';
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /UZZ_READY (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1]!, child, output: () => output });
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

/** The test process's environment minus what would point the child at the wrong database or key. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of [
    'DATABASE_URL',
    'DATABASE_APP_URL',
    'DATABASE_SYSTEM_URL',
    'DATABASE_APP_ROLE',
    'DATA_DIR',
    'MASTER_KEY',
    'PORT',
    'HOST',
    'UZZ_LAUNCH_TOKEN',
    'NODE_OPTIONS',
    'VITEST',
    'VITEST_POOL_ID',
    'VITEST_WORKER_ID',
  ])
    delete env[name];
  // These tests start the server, not the web app: no build of dist/renderer on the way (ensureWebBuild.ts).
  env.UZZ_SKIP_WEB_BUILD = '1';
  return env;
}
