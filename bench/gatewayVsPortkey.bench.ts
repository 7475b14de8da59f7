// Our gateway beside Portkey's (issue 17): added latency p50 / p99 over calling the provider
// directly, CPU per request and resident memory of each gateway process, measured in one run.
//   npx tsx bench/gatewayVsPortkey.bench.ts [seconds per slice (default 5)] [sqlite|pg|both (default both)]
// Targets, all calling the same fake provider (server/dev/fakeModelServer.ts in its own process,
// answering chat completions with usage after a fixed delay):
//   direct      the fake provider itself, the baseline the "added" figures subtract;
//   UZZ         the real server as `npm start` runs it (bin/start.mjs, compiled dist/node, plain
//               node, compiled first when stale), on SQLite and/or PostgreSQL: /v1/chat/completions
//               with a client API key, so each call checks the key, reserves and settles the budget
//               and logs usage;
//   Portkey     @portkey-ai/gateway (version pinned in bench/portkey/package.json, installed there by
//               `npm ci` on first run, never by the root install), its Node build with --headless,
//               provider and base URL given per request in its x-portkey-* headers.
// Open-loop load at each rate with a unique prompt per call (no cache can answer); the targets take
// turns in slices of the given length (the order rotating each round) so background noise hits all
// alike, and each target's slices are pooled. CPU per request is the gateway process's utime+stime
// (/proc/<pid>/stat) over its own slices divided by the calls it answered; on PostgreSQL the
// database server's own CPU is not in it. RSS (VmRSS) is sampled every second.
// Environment: BENCH_RATES (default 50,200,500), BENCH_ROUNDS (slices per target and rate,
// default 3), BENCH_UPSTREAM_DELAY_MS (default 50), BENCH_SOAK_SECONDS (then loads every gateway
// at BENCH_SOAK_RATE, default 200 req/s, all at once, sampling RSS every 10 s), BENCH_CPU_PROFILE=<dir>
// (both gateways under node --cpu-prof, profiles written there when they stop). Linux only (/proc).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { describeMachine, percentile } from './machine.js';
import { ROOT, closeConnections, firstLineOf, fmt, freePort, run, send, tsxChild, type Run, type Target } from './openLoad.js';
import { ensurePortkeyInstalled, portkeyTarget, startPortkey } from './portkeyGateway.js';
import { cpuSeconds, rssMb } from './procStats.js';
import { UPSTREAM_API_KEY, type BenchTenant } from './gatewaySeed.js';

type DatabaseChoice = 'sqlite' | 'pg';
const USAGE = 'usage: npx tsx bench/gatewayVsPortkey.bench.ts [seconds per slice (default 5)] [sqlite|pg|both (default both)]';

function fail(message: string): never {
  process.stderr.write(`${message}\n${USAGE}\n`);
  process.exit(2);
}

if (process.platform !== 'linux') fail('this benchmark reads /proc for CPU time and RSS: Linux only');
const sliceSeconds = Number(process.argv[2] ?? 5);
if (!(sliceSeconds > 0)) fail(`seconds per slice must be a positive number (got "${process.argv[2]}")`);
const choice = process.argv[3] ?? 'both';
if (!['sqlite', 'pg', 'both'].includes(choice)) fail(`the database must be sqlite, pg or both (got "${choice}")`);
const databases: DatabaseChoice[] = choice === 'both' ? ['sqlite', 'pg'] : [choice as DatabaseChoice];
const positive = (name: string, fallback: string) => {
  const values = (process.env[name] ?? fallback).split(',').map((value) => Number(value.trim()));
  if (values.length === 0 || values.some((value) => !(value > 0))) fail(`${name} must be positive numbers separated by commas (got "${process.env[name]}")`);
  return values;
};
const rates = positive('BENCH_RATES', '50,200,500');
const rounds = Math.round(positive('BENCH_ROUNDS', '3')[0]!);
const upstreamDelayMs = positive('BENCH_UPSTREAM_DELAY_MS', '50')[0]!;
const soakSeconds = process.env.BENCH_SOAK_SECONDS && process.env.BENCH_SOAK_SECONDS !== '0' ? positive('BENCH_SOAK_SECONDS', '0')[0]! : 0;
const soakRate = positive('BENCH_SOAK_RATE', '200')[0]!;
const profileDir = process.env.BENCH_CPU_PROFILE ? path.resolve(process.env.BENCH_CPU_PROFILE) : undefined;
const profileFlags = (name: string) => (profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}.cpuprofile`] : []);

/** A target of the load; gateways have a process to measure and a way to stop. */
type Contender = { label: string; target: Target; pid?: number; stop?: () => Promise<void> };

const log = (line: string) => process.stdout.write(`${line}\n`);
const loadAverage = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** The environment `npm start` gets: loopback, a fresh data folder, the fake provider for every provider, no web build. */
function serverEnv(dataDir: string, port: number, upstreamBaseUrl: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: String(port),
    DATA_DIR: dataDir,
    MASTER_KEY: randomBytes(32).toString('hex'),
    // Warnings and errors only: Portkey writes no line per request either.
    LOG_LEVEL: 'warn',
    WEB_DIR: path.join(dataDir, 'no-web-build'),
    UZZ_SKIP_WEB_BUILD: '1',
    UZZ_READY_LINE: '1',
    OPENAI_BASE_URL: upstreamBaseUrl,
    GROQ_BASE_URL: upstreamBaseUrl,
    ANTHROPIC_BASE_URL: upstreamBaseUrl,
  };
  for (const name of [
    'DATABASE_URL',
    'DATABASE_APP_URL',
    'DATABASE_SYSTEM_URL',
    'DATABASE_LISTEN_URL',
    'DATABASE_POOL_SIZE',
    'UZZ_LAUNCH_TOKEN',
    'UZZ_DEV',
    'NODE_OPTIONS',
  ]) {
    delete env[name];
  }
  return env;
}

/** Our server on `kind`: the database prepared by a seeding child, then bin/start.mjs as `npm start` runs it. */
async function startOurs(kind: DatabaseChoice, upstreamBaseUrl: string): Promise<Contender> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `uzz-bench-vs-portkey-${kind}-`));
  const env = serverEnv(dataDir, await freePort(), upstreamBaseUrl);
  const seed = tsxChild('bench/gatewayVsPortkey.seed.ts', [kind], [], env);
  let server: ChildProcess | undefined;
  const stop = async () => {
    if (server) await stopChild(server);
    await stopChild(seed.process); // drops the PostgreSQL database
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const seeded = JSON.parse(await seed.firstLine) as BenchTenant & { databaseUrl: string };
    server = spawn(process.execPath, [...profileFlags(`uzz-${kind}`), path.join(ROOT, 'bin', 'start.mjs')], {
      cwd: ROOT,
      env: { ...env, DATABASE_URL: seeded.databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    server.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      process.stderr.write(chunk);
    });
    // Its log (warnings and errors) goes to stdout beside the ready line: shown, not mixed into the tables' stdout.
    readline.createInterface({ input: server.stdout! }).on('line', (line) => {
      if (!line.startsWith('UZZ_READY ')) process.stderr.write(`uzz (${kind}): ${line}\n`);
    });
    const ready = await firstLineOf(server, `the UZZ server (${kind})`, (line) => line.startsWith('UZZ_READY ')).catch((error: Error) => {
      throw new Error(`${error.message}\n${stderr}`);
    });
    // The figures are for the compiled build: a fallback to the TypeScript sources would measure tsx.
    if (stderr.includes('through tsx instead')) throw new Error(`the server ran its TypeScript sources, not dist/node:\n${stderr}`);
    const url = ready.slice('UZZ_READY '.length).trim();
    return {
      label: `UZZ, ${kind === 'pg' ? 'PostgreSQL' : 'SQLite'}`,
      target: { url: new URL(`${url}/v1/chat/completions`), headers: { authorization: `Bearer ${seeded.key}` }, model: seeded.model },
      pid: server.pid!,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

type Tally = { latencies: number[]; offered: number; completed: number; errors: number; firstError?: string; cpu: number };
const emptyTally = (): Tally => ({ latencies: [], offered: 0, completed: 0, errors: 0, cpu: 0 });
function add(tally: Tally, result: Run, cpu: number): void {
  for (const latency of result.latencies) tally.latencies.push(latency);
  tally.offered += result.offered;
  tally.completed += result.completed;
  tally.errors += result.errors;
  tally.firstError ??= result.firstError;
  tally.cpu += cpu;
}
/** `target`'s run, with the CPU seconds its gateway process used meanwhile (0 for the direct target). */
async function measured(contender: Contender, rate: number, seconds: number): Promise<{ result: Run; cpu: number }> {
  const before = contender.pid ? cpuSeconds(contender.pid) : 0;
  const result = await run(contender.target, rate, seconds);
  return { result, cpu: contender.pid ? cpuSeconds(contender.pid) - before : 0 };
}
const cpuPerRequest = (tally: Tally) => (tally.completed ? fmt((tally.cpu / tally.completed) * 1000) : 'n/a');

const contenders: Contender[] = [];
let upstream: ChildProcess | undefined;
let cleaning: Promise<void> | undefined;
const cleanUp = () =>
  (cleaning ??= (async () => {
    closeConnections();
    for (const contender of contenders) await contender.stop?.().catch((error: unknown) => log(`stopping ${contender.label}: ${String(error)}`));
    if (upstream) await stopChild(upstream);
  })());
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void cleanUp().finally(() => process.exit(130)));

try {
  const portkeyVersion = ensurePortkeyInstalled(log);
  log(describeMachine());
  log(`load average at start: ${loadAverage()} (other processes share these cores)`);
  const fake = tsxChild('bench/gatewayVsPortkey.upstream.ts', [String(upstreamDelayMs)]);
  upstream = fake.process;
  const upstreamBaseUrl = await fake.firstLine;
  contenders.push({
    label: 'direct',
    target: { url: new URL(`${upstreamBaseUrl}/chat/completions`), headers: { authorization: `Bearer ${UPSTREAM_API_KEY}` }, model: 'bench-model' },
  });
  // One after the other: the first may compile dist/node, which the second then reuses.
  for (const kind of databases) contenders.push(await startOurs(kind, upstreamBaseUrl));
  const portkey = await startPortkey(await freePort(), profileFlags('portkey'));
  contenders.push({
    label: `Portkey ${portkeyVersion}`,
    target: portkeyTarget(portkey.url, upstreamBaseUrl, 'bench-model', UPSTREAM_API_KEY),
    pid: portkey.process.pid!,
    stop: () => stopChild(portkey.process),
  });
  const gateways = contenders.filter((contender) => contender.pid);
  const portkeyLabel = contenders.at(-1)!.label;

  for (const contender of contenders) {
    await send(contender.target, 0).catch((error: Error) => {
      throw new Error(`${contender.label} does not answer a chat completion: ${error.message}`);
    });
  }
  log(
    `fake provider delay ${upstreamDelayMs} ms; slices of ${sliceSeconds} s, ${rounds} per target and rate, order rotating; ` +
      `UZZ = bin/start.mjs (compiled dist/node, LOG_LEVEL=warn); Portkey = @portkey-ai/gateway ${portkeyVersion} build/start-server.js --headless`,
  );
  // Warm-up (connections, JIT, database pages), not counted.
  for (const contender of contenders) await run(contender.target, 100, Math.min(3, sliceSeconds));

  const rss = new Map(gateways.map((gateway) => [gateway.label, { before: rssMb(gateway.pid!), peak: 0, after: 0 }]));
  const sampleRss = () => {
    for (const gateway of gateways) {
      const entry = rss.get(gateway.label)!;
      entry.peak = Math.max(entry.peak, rssMb(gateway.pid!));
    }
  };
  const sampler = setInterval(sampleRss, 1000);
  const rows: string[] = [];
  const verdicts: string[] = [];
  try {
    for (const rate of rates) {
      const tallies = new Map(contenders.map((contender) => [contender.label, emptyTally()]));
      for (let round = 0; round < rounds; round++) {
        const order = [...contenders.slice(round % contenders.length), ...contenders.slice(0, round % contenders.length)];
        for (const contender of order) {
          const { result, cpu } = await measured(contender, rate, sliceSeconds);
          add(tallies.get(contender.label)!, result, cpu);
        }
      }
      const direct = tallies.get('direct')!;
      const added = (tally: Tally, p: number) => percentile(tally.latencies, p) - percentile(direct.latencies, p);
      const portkeyTally = tallies.get(portkeyLabel)!;
      log(`\nat ${rate} req/s, ${rounds} × ${sliceSeconds} s per target:`);
      for (const contender of contenders) {
        const tally = tallies.get(contender.label)!;
        const p50 = percentile(tally.latencies, 50);
        const p99 = percentile(tally.latencies, 99);
        const line =
          `  ${contender.label.padEnd(18)} p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms` +
          (contender.pid ? `, added p50 ${fmt(added(tally, 50))} ms, p99 ${fmt(added(tally, 99))} ms, CPU ${cpuPerRequest(tally)} ms/request` : '') +
          `, ${tally.completed}/${tally.offered} ok${tally.errors ? `, ${tally.errors} errors (first: ${tally.firstError})` : ''}`;
        log(line);
        const ours = contender.label.startsWith('UZZ');
        const compare = (mine: number, theirs: number) => (mine <= theirs ? 'yes' : 'no');
        const against = ours
          ? `p50 ${compare(added(tally, 50), added(portkeyTally, 50))}, p99 ${compare(added(tally, 99), added(portkeyTally, 99))}, ` +
            `CPU ${compare(tally.cpu / tally.completed, portkeyTally.cpu / portkeyTally.completed)}`
          : '';
        rows.push(
          contender.pid
            ? `| ${rate} | ${contender.label} | ${fmt(added(tally, 50))} | ${fmt(added(tally, 99))} | ${cpuPerRequest(tally)} | ${tally.errors} | ${against} |`
            : `| ${rate} | direct (its own p50 / p99) | ${fmt(p50)} | ${fmt(p99)} | – | ${tally.errors} | |`,
        );
        if (ours && rate === 500) verdicts.push(`${contender.label}: p50 added at 500 req/s ${fmt(added(tally, 50))} ms (aim: under 1 ms)`);
      }
    }
  } finally {
    clearInterval(sampler);
  }
  sampleRss();
  for (const gateway of gateways) rss.get(gateway.label)!.after = rssMb(gateway.pid!);

  log(`\n| rate (req/s) | target | added p50 (ms) | added p99 (ms) | CPU per request (ms) | errors | at or below Portkey |`);
  log('|---|---|---|---|---|---|---|');
  for (const row of rows) log(row);
  log(`\n| gateway | RSS after warm-up (MiB) | RSS at end (MiB) | peak RSS, 1 s samples (MiB) |`);
  log('|---|---|---|---|');
  for (const [label, entry] of rss) log(`| ${label} | ${entry.before.toFixed(1)} | ${entry.after.toFixed(1)} | ${entry.peak.toFixed(1)} |`);
  for (const verdict of verdicts) log(verdict);

  if (soakSeconds > 0) {
    log(`\nsoak: every gateway at ${soakRate} req/s at once for ${soakSeconds} s, RSS every 10 s (MiB):`);
    log(`| elapsed (s) | ${gateways.map((gateway) => gateway.label).join(' | ')} |`);
    log(`|---|${gateways.map(() => '---|').join('')}`);
    const samples = new Map(gateways.map((gateway) => [gateway.label, [rssMb(gateway.pid!)]]));
    const tallies = new Map(gateways.map((gateway) => [gateway.label, emptyTally()]));
    log(`| 0 | ${gateways.map((gateway) => samples.get(gateway.label)![0]!.toFixed(1)).join(' | ')} |`);
    for (let elapsed = 0; elapsed < soakSeconds;) {
      const chunk = Math.min(10, soakSeconds - elapsed);
      const results = await Promise.all(gateways.map((gateway) => measured(gateway, soakRate, chunk)));
      elapsed += chunk;
      results.forEach(({ result, cpu }, index) => add(tallies.get(gateways[index]!.label)!, result, cpu));
      for (const gateway of gateways) samples.get(gateway.label)!.push(rssMb(gateway.pid!));
      log(`| ${elapsed} | ${gateways.map((gateway) => samples.get(gateway.label)!.at(-1)!.toFixed(1)).join(' | ')} |`);
    }
    log(`\n| gateway | RSS start (MiB) | RSS end (MiB) | min / max (MiB) | trend (MiB per minute) | p50 / p99 (ms) | CPU per request (ms) | errors |`);
    log('|---|---|---|---|---|---|---|---|');
    for (const gateway of gateways) {
      const values = samples.get(gateway.label)!;
      const tally = tallies.get(gateway.label)!;
      log(
        `| ${gateway.label} | ${values[0]!.toFixed(1)} | ${values.at(-1)!.toFixed(1)} | ${Math.min(...values).toFixed(1)} / ${Math.max(...values).toFixed(1)} | ` +
          `${trendPerMinute(values, 10).toFixed(2)} | ${fmt(percentile(tally.latencies, 50))} / ${fmt(percentile(tally.latencies, 99))} | ${cpuPerRequest(tally)} | ${tally.errors} |`,
      );
    }
  }
  log(`\nload average at end: ${loadAverage()}`);
  if (profileDir) log(`CPU profiles (uzz-<database>.cpuprofile, portkey.cpuprofile) are written to ${profileDir} as the gateways stop`);
} finally {
  await cleanUp();
}

/** Least-squares slope of samples taken every `intervalSeconds`, in units per minute: flat memory is about 0. */
function trendPerMinute(values: number[], intervalSeconds: number): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = ((n - 1) * intervalSeconds) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let covariance = 0;
  let variance = 0;
  values.forEach((value, index) => {
    const x = index * intervalSeconds - meanX;
    covariance += x * (value - meanY);
    variance += x * x;
  });
  return (covariance / variance) * 60;
}
