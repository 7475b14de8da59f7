// The gateway's own overhead. The same chat requests (each prompt unique, so every one misses the
// cache and goes through the budget reservation, the provider call and the usage log) are sent
// open-loop at a fixed rate straight to the fake provider and through /v1/chat/completions, and
// the latency distributions are compared: added p50 / p99 = gateway percentile − direct percentile.
// Then the rate is raised until the gateway no longer keeps up (completion rate < 97 % of the
// offered rate, or p99 above 250 ms): the highest rate sustained.
// Before the timed runs, SQL statements per call are counted over calls sent one at a time (a
// load-independent figure: the gateway process counts what it sends to the driver).
// The fake provider, the gateway and this load generator are three processes on the same machine.
//   npx tsx bench/gatewayOverhead.bench.ts [seconds per run (default 10)] [rate (default 1000)] [sqlite|pg (default sqlite)]
// BENCH_CPU_PROFILE=<dir> runs the gateway process under node --cpu-prof, writing its profile there.
import os from 'node:os';
import { once } from 'node:events';
import { describeMachine, percentile } from './machine.js';
import { closeConnections, fmt, freePort, run, send, summary, tsxChild, type Target } from './openLoad.js';

const seconds = Number(process.argv[2] ?? 10);
const rate = Number(process.argv[3] ?? 1000);
const database = process.argv[4] === 'pg' ? 'pg' : 'sqlite';
const profileDir = process.env.BENCH_CPU_PROFILE;

const fakePort = await freePort();
const fake = tsxChild('server/dev/fakeModelServer.ts', [String(fakePort)]);
await fake.firstLine;
const gateway = tsxChild(
  'bench/gatewayOverhead.server.ts',
  [`http://127.0.0.1:${fakePort}/v1`, database],
  profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
);
const info = JSON.parse(await gateway.firstLine) as { url: string; key: string; model: string; upstreamModel: string; database: string };

/** The gateway process's running count of SQL statements, and the CPU time it has used (µs). */
function gatewayCounters(): Promise<{ statements: number; cpuMicros: number }> {
  return new Promise((resolve) => {
    const onMessage = (message: { type?: string; statements: number; cpuMicros: number }) => {
      if (message?.type !== 'statements') return;
      gateway.process.off('message', onMessage);
      resolve(message);
    };
    gateway.process.on('message', onMessage);
    gateway.process.send({ type: 'statements' });
  });
}
try {
  const direct: Target = {
    url: new URL(`http://127.0.0.1:${fakePort}/v1/chat/completions`),
    headers: { authorization: 'Bearer sk-bench' },
    model: info.upstreamModel,
  };
  const viaGateway: Target = { url: new URL(`${info.url}/v1/chat/completions`), headers: { authorization: `Bearer ${info.key}` }, model: info.model };
  console.log(describeMachine());
  console.log(`database: ${info.database}`);
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')} (other processes share these cores)`,
  );
  // Warm-up: connections, JIT, database pages.
  await run(direct, 200, 2);
  await run(viaGateway, 200, 3);

  const sequential = 200;
  const before = await gatewayCounters();
  for (let index = 0; index < sequential; index++) await send(viaGateway, index);
  const after = await gatewayCounters();
  console.log(
    `${sequential} calls one at a time: ${((after.statements - before.statements) / sequential).toFixed(2)} SQL statements per call, ` +
      `${((after.cpuMicros - before.cpuMicros) / sequential / 1000).toFixed(2)} ms of gateway CPU per call`,
  );

  for (const offered of [...new Set([50, rate])]) {
    const directRun = await run(direct, offered, seconds);
    const counted = await gatewayCounters();
    const gatewayRun = await run(viaGateway, offered, seconds);
    const done = await gatewayCounters();
    console.log(`\nat ${offered} req/s for ${seconds} s, unique prompts (cache misses), budget reserved and settled, usage logged:`);
    console.log(`  direct to fake provider: ${summary(directRun)}`);
    console.log(`  through /v1 gateway:     ${summary(gatewayRun)}`);
    console.log(
      `  added latency: p50 ${fmt(percentile(gatewayRun.latencies, 50) - percentile(directRun.latencies, 50))} ms, ` +
        `p99 ${fmt(percentile(gatewayRun.latencies, 99) - percentile(directRun.latencies, 99))} ms`,
    );
    console.log(
      `  gateway process: ${((done.statements - counted.statements) / gatewayRun.offered).toFixed(2)} SQL statements and ` +
        `${((done.cpuMicros - counted.cpuMicros) / gatewayRun.offered / 1000).toFixed(2)} ms CPU per call`,
    );
  }

  let sustained = 0;
  for (const step of [50, 100, 150, 200, 250, 350, 500, 750, 1000, 1250, 1500, 2000, 2500, 3000]) {
    const result = await run(viaGateway, step, Math.max(3, Math.round(seconds / 2)));
    const achieved = result.completed / result.seconds;
    const ok = result.errors === 0 && achieved >= step * 0.97 && percentile(result.latencies, 99) < 250;
    console.log(`  ramp ${step} req/s: ${summary(result)} ${ok ? '' : '← not sustained'}`);
    if (!ok) break;
    sustained = step;
  }
  console.log(`highest rate sustained through the gateway: ${sustained} req/s`);
  console.log(
    `load average at end: ${os
      .loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
} finally {
  const exited = once(gateway.process, 'exit');
  gateway.process.kill('SIGTERM');
  fake.process.kill('SIGTERM');
  closeConnections();
  await exited; // its database dropped, its CPU profile written
}
