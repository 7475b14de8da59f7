// Issue 14 item 15: spend and usage figures are for a client's admins and owners (README, "Spend
// and administration"); agents and viewers used to read them through budgets.get, gateway.usage,
// gateway.cacheStats and gateway.pricing.list. Called over HTTP as each role.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { trpcOverHttp } from '#server/testing/trpcOverHttp.js';

const SPEND_READS: Array<{ path: string; input?: unknown }> = [
  { path: 'spend.summary', input: { period: { preset: 'last30' } } },
  { path: 'spend.perDay', input: { period: { preset: 'last30' } } },
  { path: 'spend.byModel', input: { period: { preset: 'last30' } } },
  { path: 'spend.byProvider', input: { period: { preset: 'last30' } } },
  { path: 'spend.cache', input: { period: { preset: 'last30' } } },
  { path: 'spend.fallbacks', input: { period: { preset: 'last30' } } },
  { path: 'spend.topConversations', input: { period: { preset: 'last30' } } },
  { path: 'budgets.get' },
  { path: 'gateway.usage', input: { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' } },
  { path: 'gateway.cacheStats' },
  { path: 'gateway.pricing.list' },
];

describe.each(DATABASE_KINDS)('who reads spend and usage on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('refuses agents and viewers and answers admins and owners', async () => {
    const client = await server.makeClient();
    const members = {
      owner: await server.signIn({ clientId: client.id, role: 'owner' }),
      admin: await server.signIn({ clientId: client.id, role: 'admin' }),
      agent: await server.signIn({ clientId: client.id, role: 'agent' }),
      viewer: await server.signIn({ clientId: client.id, role: 'viewer' }),
    };
    const outcomes: string[] = [];
    for (const { path, input } of SPEND_READS) {
      for (const [role, member] of Object.entries(members)) {
        const answer = await trpcOverHttp(server.url, path, 'query', input, member.token);
        outcomes.push(`${path} as ${role}: ${answer.status}`);
      }
    }
    const expected = SPEND_READS.flatMap(({ path }) => [`${path} as owner: 200`, `${path} as admin: 200`, `${path} as agent: 403`, `${path} as viewer: 403`]);
    expect(outcomes).toEqual(expected);
  });
});
