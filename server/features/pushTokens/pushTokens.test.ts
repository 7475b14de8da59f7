import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

describe.each(DATABASE_KINDS)('push tokens on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('registers idempotently, lists only the own devices, and unregisters by token or id', async () => {
    const client = await server.makeClient();
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const colleague = await server.signIn({ clientId: client.id, role: 'viewer' });
    const first = await agent.caller.pushTokens.register({ token: 'device-token-aaaaaa-111111', platform: 'desktop', deviceName: 'Laptop' });
    const again = await agent.caller.pushTokens.register({ token: 'device-token-aaaaaa-111111', platform: 'desktop', deviceName: 'Laptop (renamed)' });
    expect(again.id).toBe(first.id);
    // Simultaneous registrations of one token (app start + reconnect) still make one row.
    await Promise.all([1, 2, 3].map(() => agent.caller.pushTokens.register({ token: 'device-token-bbbbbb-222222', platform: 'android' })));
    await colleague.caller.pushTokens.register({ token: 'device-token-cccccc-333333', platform: 'ios' });

    const mine = await agent.caller.pushTokens.listMine();
    expect(mine.map((row) => [row.platform, row.deviceName, row.tokenEnd]).sort()).toEqual([
      ['android', null, '222222'],
      ['desktop', 'Laptop (renamed)', '111111'],
    ]);
    expect(JSON.stringify(mine)).not.toContain('device-token');

    await expect(agent.caller.pushTokens.unregister({ token: 'device-token-aaaaaa-111111' })).resolves.toEqual({ removed: 1 });
    await expect(agent.caller.pushTokens.unregister({ token: 'device-token-aaaaaa-111111' })).resolves.toEqual({ removed: 0 });
    const [android] = await agent.caller.pushTokens.listMine();
    // Another member cannot remove my device by id.
    await expect(colleague.caller.pushTokens.unregister({ id: android!.id })).resolves.toEqual({ removed: 0 });
    await expect(agent.caller.pushTokens.unregister({ id: android!.id })).resolves.toEqual({ removed: 1 });
    expect(await agent.caller.pushTokens.listMine()).toEqual([]);
    expect(await colleague.caller.pushTokens.listMine()).toHaveLength(1);
  });

  it('moves a device to the member who signed in on it last', async () => {
    const client = await server.makeClient();
    const first = await server.signIn({ clientId: client.id, role: 'agent' });
    const second = await server.signIn({ clientId: client.id, role: 'agent' });
    await first.caller.pushTokens.register({ token: 'shared-device-token-1', platform: 'desktop' });
    await second.caller.pushTokens.register({ token: 'shared-device-token-1', platform: 'desktop' });
    expect(await first.caller.pushTokens.listMine()).toEqual([]);
    expect(await second.caller.pushTokens.listMine()).toHaveLength(1);
  });

  it('rejects bad input and callers without a membership', async () => {
    const client = await server.makeClient();
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    await expect(agent.caller.pushTokens.register({ token: 'x', platform: 'desktop' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(agent.caller.pushTokens.register({ token: 'device-token-xyz', platform: 'windows' as 'desktop' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(agent.caller.pushTokens.unregister({ id: 'not-a-uuid' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(platform.caller.pushTokens.register({ clientId: client.id, token: 'device-token-xyz', platform: 'web' } as never)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(server.anonymous().pushTokens.listMine()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
