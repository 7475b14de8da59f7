// Revoking a /v1 key (or suspending its client) stops it at once, also on an instance that has the
// key's lookup cached.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type UzzServer } from '#server/app/createServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { REVOKED_KEY } from './apiKeys.js';

const models = (baseUrl: string, key: string) => fetch(`${baseUrl}/v1/models`, { headers: { authorization: `Bearer ${key}` } });

describe.each(DATABASE_KINDS)('API key revocation on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('stops the keys of a suspended client at once, although their lookups are cached', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    const { key } = await owner.caller.apiKeys.create({ name: 'n8n' });
    expect((await models(server.url, key)).status).toBe(200);
    await platform.caller.clients.suspend({ clientId: client.id });
    expect((await models(server.url, key)).status).toBe(401);
  });

  it('stops a revoked key at once', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const { key, id } = await owner.caller.apiKeys.create({ name: 'zapier' });
    expect((await models(server.url, key)).status).toBe(200);
    await owner.caller.apiKeys.revoke({ id });
    expect((await models(server.url, key)).status).toBe(401);
  });
});

describe('API key revocation across instances on pg', () => {
  let server: TestServer;
  let other: UzzServer | null = null;
  beforeAll(async () => {
    server = await startTestServer('pg');
  });
  afterAll(async () => {
    await other?.stop();
    await server?.dispose();
  });

  it('stops a key revoked on one instance on the other instance, which had it cached', async () => {
    other = await createServer({ ...server.config, port: 0 }, { logger: false });
    const otherUrl = await other.start();
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const { key, id } = await owner.caller.apiKeys.create({ name: 'make' });
    expect((await models(otherUrl, key)).status).toBe(200); // now cached over there

    const relayed = new Promise<void>((resolve) => {
      other!.app.events.subscribe(REVOKED_KEY, () => resolve());
    });
    await owner.caller.apiKeys.revoke({ id }); // through the first instance
    await relayed;
    expect((await models(otherUrl, key)).status).toBe(401);
  });
});
