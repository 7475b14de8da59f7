import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { VOICE_CONFIG_KEY } from './voiceSettings.js';

describe.each(DATABASE_KINDS)('voice settings from the settings form on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(async () => {
    await server?.dispose();
  });

  it('refuses unknown keys and bad values, and is audited', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    await expect(admin.caller.voice.updateSettings({ ttsSpeed: 2 } as never)).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('ttsSpeed'),
    });
    await expect(admin.caller.voice.updateSettings({ ttsMaxCharacters: 5 })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('at least 20'),
    });
    expect(await admin.caller.voice.updateSettings({ ttsEnabled: true, ttsReplyWhen: 'always' })).toMatchObject({ ttsEnabled: true, ttsReplyWhen: 'always' });
    const audit = await admin.caller.audit.list({ resourceType: 'voice', limit: 10 });
    expect(audit.items.map((row) => [row.action, row.status]).reverse()).toEqual([
      ['voice.updateSettings', 'failure'],
      ['voice.updateSettings', 'failure'],
      ['voice.updateSettings', 'success'],
    ]);
  });

  it('reads settings stored before the typed form field by field', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const { botConfigurations } = server.app.db.t;
    await server.app.db.tenant(client.id, (tx) =>
      tx.insert(botConfigurations).values({ clientId: client.id, configKey: VOICE_CONFIG_KEY, configValue: { ttsEnabled: true, ttsVoice: '', legacy: 'x' } }),
    );
    expect(await admin.caller.voice.settings()).toMatchObject({ ttsEnabled: true, ttsVoice: 'alloy', transcriptionEnabled: true });
  });
});
