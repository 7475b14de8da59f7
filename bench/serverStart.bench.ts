// What running compiled JavaScript saves over the tsx loader: the time from spawning bin/start.mjs
// to the server listening (its UZZ_READY line, printed once the port is open), and the process's
// resident memory after 10 s idle, for the TypeScript sources through tsx (UZZ_DEV=1) and for the
// compiled build in dist/node. SQLite, each run on its own data folder migrated beforehand (a
// restart, the common case; the first start's migrations are the same work in both modes); no web
// build check (UZZ_SKIP_WEB_BUILD=1). The two modes alternate so background load hits both alike.
// Compiles dist/node first. Linux (reads /proc/<pid>/status).
//   npx tsx bench/serverStart.bench.ts [runs=5] [idleSeconds=10]
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 5);
const IDLE_SECONDS = Number(process.argv[3] ?? 10);

type Mode = 'tsx' | 'compiled';
type Run = { readySeconds: number; idleRssMb: number };

function serverEnv(mode: Mode, dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    UZZ_READY_LINE: '1',
    UZZ_SKIP_WEB_BUILD: '1',
  };
  for (const name of ['DATABASE_URL', 'WEB_DIR', 'UZZ_LAUNCH_TOKEN', 'NODE_OPTIONS', 'UZZ_DEV']) delete env[name];
  if (mode === 'tsx') env.UZZ_DEV = '1';
  return env;
}

function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for ${pid}`);
  return kb / 1024;
}

async function oneRun(mode: Mode): Promise<Run> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-bench-serverstart-'));
  const env = serverEnv(mode, dataDir);
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'uzz.mjs'), 'migrate'], { cwd: ROOT, env, stdio: 'ignore' });
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  try {
    const readySeconds = await new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes('UZZ_READY ')) resolve((performance.now() - started) / 1000);
      });
      child.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
    });
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    if (/compiling the server|through tsx instead/.test(output)) throw new Error(`the ${mode} run did not run the code it measures:\n${output}`);
    return { readySeconds, idleRssMb: rssMb(child.pid!) };
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

console.log(describeMachine());
console.log(
  `load average before: ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'buildServer.mjs')], { cwd: ROOT, stdio: 'inherit' });
const runs: Record<Mode, Run[]> = { tsx: [], compiled: [] };
for (let run = 0; run < RUNS; run++) {
  for (const mode of ['tsx', 'compiled'] as const) runs[mode].push(await oneRun(mode));
}
for (const mode of ['tsx', 'compiled'] as const) {
  const ready = runs[mode].map((run) => run.readySeconds);
  const rss = runs[mode].map((run) => run.idleRssMb);
  console.log(
    `${mode.padEnd(8)} start → listening: median ${median(ready).toFixed(2)} s (runs: ${ready.map((value) => value.toFixed(2)).join(', ')}); ` +
      `RSS after ${IDLE_SECONDS} s idle: median ${median(rss).toFixed(0)} MB (runs: ${rss.map((value) => value.toFixed(0)).join(', ')})`,
  );
}
console.log(
  `load average after: ${os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ')}`,
);
