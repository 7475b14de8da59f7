// Child process of gatewayOverhead.bench.ts: a whole server on a fresh database (SQLite, or a new
// PostgreSQL database when argv[3] is "pg") whose providers point at the fake model server given as
// argv[2], with the benchmark's tenant (gatewaySeed.ts). Prints its details as one JSON line, then serves until killed.
// It counts the SQL statements it runs (better-sqlite3 statement executions, pg Client#query calls;
// BEGIN and COMMIT included) and answers { type: 'statements' } messages on the IPC channel with
// that running total and the CPU time it has used (both load-independent, unlike latencies).
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { createServer } from '#server/app/createServer.js';
import { loadConfig } from '#server/config.js';
import { createTestTarget } from '#server/testing/testDatabases.js';
import { sqliteNativeBinding } from '#server/db/sqliteNativeBinding.js';
import { seedBenchTenant } from './gatewaySeed.js';

const fakeBaseUrl = process.argv[2]!;
const kind = process.argv[3] === 'pg' ? 'pg' : 'sqlite';

let statements = 0;
// Prepared statements are reused (openDatabase caches them), so executions are counted, not prepares.
const probe = new BetterSqlite3(':memory:', { nativeBinding: sqliteNativeBinding() });
const statementPrototype = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, (...args: unknown[]) => unknown>;
probe.close();
for (const method of ['run', 'get', 'all', 'iterate']) {
  const original = statementPrototype[method]!;
  statementPrototype[method] = function counted(this: unknown, ...args: unknown[]) {
    statements++;
    return original.apply(this, args);
  };
}
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function counted(this: pg.Client, ...args: unknown[]) {
  statements++;
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
process.on('message', (message: { type?: string }) => {
  if (message?.type !== 'statements') return;
  const cpu = process.cpuUsage();
  process.send?.({ type: 'statements', statements, cpuMicros: cpu.user + cpu.system });
});

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-bench-gw-'));
const { target, drop } =
  kind === 'pg' ? await createTestTarget('pg') : { target: { kind: 'sqlite' as const, file: path.join(dataDir, 'bench.sqlite') }, drop: async () => undefined };
const config = {
  ...loadConfig({}, dataDir),
  database: target,
  dataDir,
  port: 0,
  masterKey: randomBytes(32).toString('hex'),
  logLevel: 'silent',
  webDir: path.join(dataDir, 'none'),
  providers: { openaiBaseUrl: fakeBaseUrl, groqBaseUrl: fakeBaseUrl, anthropicBaseUrl: fakeBaseUrl },
};
const server = await createServer(config, { logger: false });
const url = await server.start();
const { app } = server;
const tenant = await seedBenchTenant(app);
process.stdout.write(`${JSON.stringify({ url, ...tenant, database: kind })}\n`);
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await server.stop();
  await drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
