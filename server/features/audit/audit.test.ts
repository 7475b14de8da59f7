import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

describe.each(DATABASE_KINDS)('audit log listing on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it("pages through a client's log newest first without gaps or repeats, with filters", async () => {
    const client = await server.makeClient();
    const other = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const outsider = await server.signIn({ clientId: other.id, role: 'owner' });
    for (let index = 0; index < 7; index++) await agent.caller.pushTokens.register({ token: `device-token-${index}-xxxxxxxx`, platform: 'desktop' });
    await expect(agent.caller.users.deactivate({ userId: owner.userId })).rejects.toThrow(); // a failure, audited too
    await outsider.caller.pushTokens.register({ token: 'device-token-outsider', platform: 'web' });

    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await owner.caller.audit.list({ limit: 3, cursor });
      seen.push(...page.items.map((row) => row.id));
      for (const row of page.items) expect(row.clientId).toBe(client.id);
      cursor = page.nextCursor ?? undefined;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toHaveLength(8);
    expect(new Set(seen).size).toBe(8);

    const all = await owner.caller.audit.list({ limit: 200 });
    expect(all.items.map((row) => row.id)).toEqual(seen);
    const times = all.items.map((row) => new Date(row.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const failures = await owner.caller.audit.list({ status: 'failure' });
    expect(failures.items).toEqual([
      expect.objectContaining({ action: 'users.deactivate', userId: agent.userId, status: 'failure', errorMessage: expect.stringContaining('admin') }),
    ]);
    expect((await owner.caller.audit.list({ userId: agent.userId, action: 'pushTokens.register' })).items).toHaveLength(7);
    expect((await owner.caller.audit.list({ resourceType: 'users' })).items).toHaveLength(1);
    const future = new Date(Date.now() + 60_000).toISOString();
    expect((await owner.caller.audit.list({ from: future })).items).toEqual([]);
    expect((await owner.caller.audit.list({ to: future, from: '2000-01-01T00:00:00Z' })).items).toHaveLength(8);
    await expect(owner.caller.audit.list({ from: future, to: '2000-01-01T00:00:00Z' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(owner.caller.audit.list({ from: 'yesterday' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    // Only admins, and only their own client.
    await expect(agent.caller.audit.list({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(outsider.caller.audit.list({ clientId: client.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await outsider.caller.audit.list({})).items.every((row) => row.clientId === other.id)).toBe(true);
    // Another client's cursor reveals nothing either.
    expect((await outsider.caller.audit.list({ cursor: seen[2] })).items.map((row) => row.id)).not.toContain(seen[3]);
    await expect(outsider.caller.audit.listAll({})).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('lists actions done within the same millisecond in the order they happened, across pages', async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    // Refused actions are audited too and take well under a millisecond each, so many share one.
    const written: string[] = [];
    for (let index = 0; index < 40; index++) {
      await expect(owner.caller.pushTokens.register({ token: '', platform: 'desktop' })).rejects.toThrow();
      await owner.caller.pushTokens.register({ token: `same-millisecond-${index}-xxxxxxxx`, platform: 'desktop' });
      written.push(`failure-${index}`, `success-${index}`);
    }
    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await owner.caller.audit.list({ action: 'pushTokens.register', limit: 7, cursor });
      listed.push(...page.items.map((row) => row.status));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    expect(listed.reverse()).toEqual(written.map((step) => step.split('-')[0]));
  });

  it("lets the platform administrator read any client's log and the platform's own rows", async () => {
    const client = await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    await owner.caller.pushTokens.register({ token: 'device-token-platform-view', platform: 'desktop' });
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    await platform.caller.clients.create({ name: 'Created By Platform', slug: `created-${kind}` });
    await expect(server.anonymous().auth.login({ email: 'nobody@example.test', password: 'whatever1' })).rejects.toThrow();

    const ofClient = await platform.caller.audit.list({ clientId: client.id });
    expect(ofClient.items.map((row) => row.action)).toEqual(['pushTokens.register']);
    expect((await platform.caller.audit.listAll({ clientId: client.id })).items.map((row) => row.id)).toEqual(ofClient.items.map((row) => row.id));
    const platformRows = await platform.caller.audit.listAll({ clientId: null, action: 'auth.login' });
    expect(platformRows.items.length).toBeGreaterThan(0);
    expect(platformRows.items.every((row) => row.clientId === null)).toBe(true);
    const everything = await platform.caller.audit.listAll({ limit: 200 });
    expect(new Set(everything.items.map((row) => row.clientId))).toContain(client.id);
  });
});
