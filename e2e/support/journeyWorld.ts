// A server with nothing in it, as a newcomer gets after `npm ci && npm start`: no account, no client,
// no provider, no WhatsApp credentials. Beside it, the fake OpenAI-compatible model server stands
// where the newcomer's Ollama would be (so the server allows private addresses, as it must for an
// Ollama on the same machine). On SQLite in its data folder, or on a fresh PostgreSQL database.
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startFakeModelServer, type FakeModelServer } from '../../server/dev/fakeModelServer.js';
import { testPgAdminUrl } from '../../server/testing/testDatabases.js';
import { startE2eServer } from './startE2eServer.js';

export type JourneyWorld = { url: string; models: FakeModelServer; dispose(): Promise<void> };

export async function startJourneyWorld(kind: 'sqlite' | 'pg'): Promise<JourneyWorld> {
  const models = await startFakeModelServer();
  const database = kind === 'pg' ? await createPgDatabase() : null;
  const server = await startE2eServer(`journey-${kind}`, { ALLOW_PRIVATE_NETWORK: '1', ...(database ? { DATABASE_URL: database.url } : {}) });
  return {
    url: server.url,
    models,
    async dispose() {
      await server.supervisor.stop();
      await models.close();
      await database?.drop();
      fs.rmSync(server.dataDir, { recursive: true, force: true });
    },
  };
}

export async function createPgDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const adminUrl = testPgAdminUrl();
  const name = `uzz_e2e_journey_${randomBytes(4).toString('hex')}`;
  const run = async (statement: string) => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  await run(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => run(`drop database if exists ${name} with (force)`).catch(() => undefined) };
}
