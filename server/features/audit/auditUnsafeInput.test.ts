// Issue 14 item 10: a NUL byte anywhere in a mutation's input (even in a key the procedure ignores)
// used to let the action succeed while its audit row was lost (PostgreSQL refuses NUL in jsonb).
// Now such input is refused with a 400 before the procedure runs, the attempt is still audited,
// the audit row records the validated input, and a row the database refuses falls back to a
// minimal one instead of vanishing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { trpcOverHttp } from '#server/testing/trpcOverHttp.js';

describe.each(DATABASE_KINDS)('audit of unsafe input on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('refuses NUL in an ignored extra key or a used field with a 400, and audits both attempts', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });

    const extraKey = await trpcOverHttp(
      server.url,
      'pushTokens.register',
      'mutation',
      { token: 'device-token-extra-key', platform: 'desktop', 'ignored\u0000key': 'x\u0000y' },
      agent.token,
    );
    expect(extraKey.status).toBe(400);
    const usedField = await trpcOverHttp(
      server.url,
      'pushTokens.register',
      'mutation',
      { token: 'device-token-\u0000-used', platform: 'desktop', deviceName: 'lone \uD800 surrogate' },
      agent.token,
    );
    expect(usedField.status).toBe(400);
    expect(usedField.text).toMatch(/NUL|unpaired surrogate/);

    // Nothing was registered, and both attempts are in the log as failures, text made storable.
    expect(await agent.caller.pushTokens.listMine()).toEqual([]);
    const rows = (await owner.caller.audit.list({ action: 'pushTokens.register' })).items;
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.status === 'failure' && row.userId === agent.userId)).toBe(true);
    const stored = JSON.stringify(rows.map((row) => row.changes));
    expect(stored).not.toContain('\\u0000');
    expect(stored).not.toContain('ignored');
    expect(stored).toContain('lone \uFFFD surrogate');
  });

  it('records the input the procedure used, not extra keys it ignored', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const answer = await trpcOverHttp(
      server.url,
      'pushTokens.register',
      'mutation',
      { token: '  device-token-parsed  ', platform: 'web', smuggled: 'not used by the procedure' },
      owner.token,
    );
    expect(answer.status).toBe(200);
    const [row] = (await owner.caller.audit.list({ action: 'pushTokens.register' })).items;
    expect(row).toMatchObject({ status: 'success', changes: { platform: 'web', token: '[redacted]' } });
    expect(JSON.stringify(row!.changes)).not.toContain('smuggled');
  });

  it('answers 404 and keeps a minimal audit row when the full one is refused (a platform administrator acting for a client that does not exist)', async () => {
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    const ghost = randomUUID();
    // The missing client is the database's foreign-key refusal: a 404 for the caller, not a 500.
    const answer = await trpcOverHttp(
      server.url,
      'cannedResponses.create',
      'mutation',
      { clientId: ghost, shortcut: 'ghost', content: 'hello' },
      platform.token,
    );
    expect(answer.status).toBe(404);
    const rows = (await platform.caller.audit.listAll({ clientId: null, action: 'cannedResponses.create' })).items;
    expect(rows).toEqual([
      expect.objectContaining({ status: 'failure', metadata: expect.objectContaining({ auditFallback: expect.any(String), clientId: ghost }) }),
    ]);
  });
});
