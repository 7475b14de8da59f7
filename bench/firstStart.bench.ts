// From `npm start` to the app served: the time between starting bin/start.mjs and `/` answering
// with the page and its first script, cold (no dist/renderer: npm start builds it) and warm (the
// build is up to date). Each run uses a fresh data folder (SQLite, migrated on start), as a first
// start does. Rebuilds this checkout's dist/renderer along the way. Aim: cold < 20 s, warm < 2 s.
//   npx tsx bench/firstStart.bench.ts [runs=3]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 3);

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function served(url: string): Promise<boolean> {
  try {
    const page = await fetch(url, { headers: { accept: 'text/html' } });
    if (page.status !== 200) return false;
    const asset = /\/assets\/[^"]+\.js/.exec(await page.text())?.[0];
    if (!asset) return false;
    const script = await fetch(`${url}${asset.slice(1)}`);
    await script.arrayBuffer();
    return script.status === 200;
  } catch {
    return false;
  }
}

/** Seconds from spawning the start script to `/` and its script served. */
async function oneStart(): Promise<number> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-bench-start-'));
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
  for (const name of ['DATABASE_URL', 'WEB_DIR', 'UZZ_LAUNCH_TOKEN', 'UZZ_SKIP_WEB_BUILD']) delete env[name];
  const started = performance.now();
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'start.mjs')], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  try {
    const url = `http://127.0.0.1:${port}/`;
    while (!(await served(url))) {
      if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${stderr}`);
      if (performance.now() - started > 120_000) throw new Error(`not served within 120 s:\n${stderr}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return (performance.now() - started) / 1000;
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const summary = (label: string, seconds: number[]) => {
  const sorted = [...seconds].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${label}: median ${median.toFixed(2)} s (runs: ${seconds.map((value) => value.toFixed(2)).join(', ')} s)`;
};

console.log(describeMachine());
const cold: number[] = [];
const warm: number[] = [];
for (let run = 0; run < RUNS; run++) {
  fs.rmSync(path.join(ROOT, 'dist', 'renderer'), { recursive: true, force: true });
  cold.push(await oneStart());
}
for (let run = 0; run < RUNS; run++) warm.push(await oneStart());
console.log(summary('cold (no web build: npm start builds it)', cold));
console.log(summary('warm (web build up to date)', warm));
