// Pieces the gateway benchmarks share (gatewayOverhead, gatewayVsPortkey): free ports, child
// processes that print one line when ready, and open-loop chat-completion load with unique prompts.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import net from 'node:net';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { percentile } from './machine.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));

export async function freePort(): Promise<number> {
  const server = net.createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  server.close();
  return port;
}

export type Child = { process: ChildProcess; firstLine: Promise<string> };

/**
 * A TypeScript script run through tsx from the project root, with an IPC channel (so it can tell
 * when the benchmark goes); `firstLine` is its first stdout line.
 */
export function tsxChild(script: string, args: string[], nodeFlags: string[] = [], env: NodeJS.ProcessEnv = process.env): Child {
  const proc = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
  return { process: proc, firstLine: firstLineOf(proc, script) };
}

/** The first stdout line of `proc` that `accept` takes (any line by default); rejects when it exits first. */
export function firstLineOf(proc: ChildProcess, name: string, accept: (line: string) => boolean = () => true): Promise<string> {
  const lines = readline.createInterface({ input: proc.stdout! });
  return new Promise<string>((resolve, reject) => {
    const onLine = (line: string) => {
      if (!accept(line)) return;
      lines.off('line', onLine);
      resolve(line);
    };
    lines.on('line', onLine);
    proc.once('exit', (code, signal) => reject(new Error(`${name} exited (${signal ?? code}) before it was ready`)));
  });
}

export type Target = { url: URL; headers: Record<string, string>; model: string };
export type Run = { offered: number; completed: number; errors: number; latencies: number[]; seconds: number; firstError?: string };

// Keep-alive, as a client of a gateway would; the pool is per host:port, so targets do not share
// sockets. An idle socket is dropped after 3 s, before any of the servers' own keep-alive timeouts
// (Node's default 5 s): targets that take turns would otherwise reuse a socket the server is just
// closing and count an ECONNRESET against it.
const agent = new http.Agent({ keepAlive: true, maxSockets: 512, timeout: 3000 });

export function closeConnections(): void {
  agent.destroy();
}

/** One chat completion with a prompt never sent before (so no gateway cache can answer it); resolves with its latency in ms. */
export function send(target: Target, index: number): Promise<number> {
  const body = JSON.stringify({
    model: target.model,
    max_tokens: 64,
    messages: [{ role: 'user', content: `pergunta ${index} ${Math.random().toString(36).slice(2)} sobre entrega e horário` }],
  });
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const request = http.request(
      target.url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...target.headers } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          response.statusCode === 200
            ? resolve(Number(process.hrtime.bigint() - started) / 1e6)
            : reject(new Error(`status ${response.statusCode}: ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`)),
        );
      },
    );
    request.on('error', reject);
    // A gateway that stops answering fails its requests instead of hanging the benchmark.
    request.setTimeout(30_000, () => request.destroy(new Error('no answer within 30 s')));
    request.end(body);
  });
}

/** Open loop: requests start on schedule whether or not earlier ones finished; resolves once all have. */
export async function run(target: Target, perSecond: number, durationSeconds: number): Promise<Run> {
  const total = Math.round(perSecond * durationSeconds);
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const pending: Array<Promise<void>> = [];
  const start = performance.now();
  for (let index = 0; index < total; index++) {
    const due = start + (index * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(
      send(target, index).then(
        (ms) => void latencies.push(ms),
        (error: Error) => {
          errors++;
          firstError ??= error.message;
        },
      ),
    );
  }
  await Promise.all(pending);
  return { offered: total, completed: latencies.length, errors, latencies, seconds: (performance.now() - start) / 1000, ...(firstError ? { firstError } : {}) };
}

export const fmt = (value: number) => value.toFixed(2);

export const summary = (result: Run) =>
  `p50 ${fmt(percentile(result.latencies, 50))} ms, p99 ${fmt(percentile(result.latencies, 99))} ms, ` +
  `${result.completed}/${result.offered} ok, ${result.errors} errors, ${(result.completed / result.seconds).toFixed(0)} req/s achieved` +
  (result.firstError ? ` (first error: ${result.firstError})` : '');
