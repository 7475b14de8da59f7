// Child process of gatewayVsPortkey.bench.ts: prepares the database the compiled server will run
// on (SQLite in DATA_DIR, or a new PostgreSQL database when argv[2] is "pg"): migrated, with the
// benchmark's tenant (gatewaySeed.ts), using the same environment the server gets (MASTER_KEY
// included, so the vault can open what it stores). Prints { databaseUrl, key, model,
// upstreamModel } as one JSON line, then waits: on SIGTERM or when the parent goes, it drops the
// PostgreSQL database (the server has stopped by then).
import path from 'node:path';
import { createServer } from '#server/app/createServer.js';
import { loadConfig } from '#server/config.js';
import { createTestTarget } from '#server/testing/testDatabases.js';
import { seedBenchTenant } from './gatewaySeed.js';

const kind = process.argv[2] === 'pg' ? 'pg' : 'sqlite';
const dataDir = process.env.DATA_DIR;
if (!dataDir) throw new Error('DATA_DIR must be set (the server data folder the benchmark made)');

let drop = async () => undefined as void;
let databaseUrl = `sqlite:${path.join(dataDir, 'bench.sqlite')}`;
if (kind === 'pg') {
  const created = await createTestTarget('pg');
  if (created.target.kind !== 'pg') throw new Error('expected a PostgreSQL target');
  databaseUrl = created.target.url;
  drop = created.drop;
}
const server = await createServer({ ...loadConfig({ ...process.env, DATABASE_URL: databaseUrl }, dataDir), port: 0 }, { logger: false });
await server.start();
const tenant = await seedBenchTenant(server.app);
await server.stop();
process.stdout.write(`${JSON.stringify({ databaseUrl, ...tenant })}\n`);

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await drop();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
process.on('disconnect', () => void stop());
