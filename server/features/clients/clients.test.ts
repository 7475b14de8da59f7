import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

describe.each(DATABASE_KINDS)('clients on %s', (kind) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(kind);
  });
  afterAll(() => server?.dispose());

  it('lets the platform administrator create, list, suspend and reactivate clients, and nobody else', async () => {
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    const created = await platform.caller.clients.create({
      name: 'Clínica Sorriso',
      slug: 'clinica-sorriso',
      metaPhoneNumberId: '5511999000111',
      metaAccessToken: 'EAAG-secret-access-token-value',
    });
    await expect(platform.caller.clients.create({ name: 'Again', slug: 'clinica-sorriso' })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('slug'),
    });
    await expect(platform.caller.clients.create({ name: 'Other', slug: 'other-one', metaPhoneNumberId: '5511999000111' })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    await expect(platform.caller.clients.create({ name: '', slug: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const owner = await server.signIn({ clientId: created.id, role: 'owner' });
    const found = await platform.caller.clients.list({ search: 'SORRISO' });
    expect(found).toEqual([expect.objectContaining({ id: created.id, status: 'active', memberCount: 1, metaPhoneNumberId: '5511999000111' })]);
    await expect(platform.caller.clients.suspend({ clientId: created.id })).resolves.toMatchObject({ status: 'suspended' });
    expect((await platform.caller.clients.list({ status: 'suspended' })).map((row) => row.id)).toContain(created.id);
    await expect(platform.caller.clients.activate({ clientId: created.id })).resolves.toMatchObject({ status: 'active' });
    await expect(platform.caller.clients.suspend({ clientId: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });

    for (const attempt of [
      () => owner.caller.clients.list(),
      () => owner.caller.clients.plans(),
      () => owner.caller.clients.create({ name: 'Mine', slug: 'mine-now' }),
      () => owner.caller.clients.suspend({ clientId: created.id }),
    ])
      await expect(attempt()).rejects.toMatchObject({ code: 'FORBIDDEN' });

    const { auditLogs } = server.app.db.t;
    const rows = await server.app.db.system((tx) => tx.select().from(auditLogs).where(eq(auditLogs.clientId, created.id)));
    expect(rows.map((row) => row.action)).toEqual(expect.arrayContaining(['clients.create', 'clients.suspend', 'clients.activate']));
    expect(JSON.stringify(rows)).not.toContain('EAAG-secret-access-token-value');
  });

  it('lists plans for the platform administrator', async () => {
    const { planBudgets } = server.app.db.t;
    await server.app.db.system((tx) => tx.insert(planBudgets).values({ planName: `pro-${kind}`, budgetLimit: '150.50' }));
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    expect(await platform.caller.clients.plans()).toEqual(expect.arrayContaining([expect.objectContaining({ planName: `pro-${kind}` })]));
  });

  it('shows settings to admins with secrets only as booleans, and updates them', async () => {
    const client = await server.makeClient({ name: 'Loja Azul' });
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const agent = await server.signIn({ clientId: client.id, role: 'agent' });
    const settings = await admin.caller.clients.settings();
    expect(settings).toMatchObject({
      id: client.id,
      name: 'Loja Azul',
      hasAccessToken: true,
      hasVerifyToken: true,
      hasAppSecret: true,
      hasOpenaiApiKey: false,
      hasGroqApiKey: false,
    });
    const text = JSON.stringify(settings);
    for (const secret of ['EAAtest-access-token', 'verify-token-test', 'app-secret-test', 'SecretId']) expect(text).not.toContain(secret);
    await expect(agent.caller.clients.settings()).rejects.toMatchObject({ code: 'FORBIDDEN' });

    await admin.caller.clients.updateSettings({
      name: 'Loja Azul Ltda',
      systemPrompt: 'Você é a assistente da Loja Azul.',
      openaiModel: 'gpt-4o-mini',
      timezone: 'America/Manaus',
      notificationEmail: 'Alertas@LojaAzul.test',
      notificationWebhookUrl: 'https://hooks.lojaazul.test/uzz',
    });
    expect(await admin.caller.clients.settings()).toMatchObject({
      name: 'Loja Azul Ltda',
      systemPrompt: 'Você é a assistente da Loja Azul.',
      openaiModel: 'gpt-4o-mini',
      timezone: 'America/Manaus',
      notificationEmail: 'alertas@lojaazul.test',
    });
    // No free-form JSON: the bot's configuration has its own typed procedure (bot.updateSettings).
    await expect(admin.caller.clients.updateSettings({ settings: { greeting: 'Olá!' } } as never)).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await admin.caller.clients.updateSettings({ systemPrompt: null });
    expect((await admin.caller.clients.settings()).systemPrompt).toBeNull();

    await expect(admin.caller.clients.updateSettings({ timezone: 'Mars/Olympus' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.clients.updateSettings({ notificationWebhookUrl: 'ftp://x' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.clients.updateSettings({})).rejects.toMatchObject({ code: 'BAD_REQUEST', message: 'nothing to change' });
    await expect(agent.caller.clients.updateSettings({ name: 'Hijacked' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('refuses a phone number id that another client owns (without saying so: see invitePrivacy.test.ts)', async () => {
    const taken = await server.makeClient();
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    await expect(admin.caller.clients.updateSettings({ metaPhoneNumberId: taken.phoneNumberId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('cannot be used'),
    });
    await admin.caller.clients.updateSettings({ metaPhoneNumberId: '55119998887777' });
    expect((await admin.caller.clients.settings()).metaPhoneNumberId).toBe('55119998887777');
  });

  it('replaces and removes secrets in the vault without ever returning or auditing them', async () => {
    const client = await server.makeClient();
    const admin = await server.signIn({ clientId: client.id, role: 'admin' });
    const values = {
      metaAccessToken: 'EAAnew-access-token-9f8e7d',
      metaAppSecret: 'new-app-secret-1234',
      openaiApiKey: 'sk-test-openai-key-abcdef',
      groqApiKey: 'gsk-test-groq-key-uvwxyz',
    };
    const result = await admin.caller.clients.replaceSecrets(values);
    expect(result.replaced.sort()).toEqual(Object.keys(values).sort());
    expect(JSON.stringify(result)).not.toMatch(/EAAnew|sk-test|gsk-test|new-app-secret/);
    expect(await admin.caller.clients.settings()).toMatchObject({ hasAccessToken: true, hasOpenaiApiKey: true, hasGroqApiKey: true });

    // The vault holds the new values.
    const { clients } = server.app.db.t;
    const read = async () =>
      server.app.db.tenant(client.id, async (tx) => {
        const [row] = await tx.select().from(clients).where(eq(clients.id, client.id));
        return {
          access: row!.metaAccessTokenSecretId ? await server.app.vault.read(tx, row!.metaAccessTokenSecretId) : null,
          openai: row!.openaiApiKeySecretId ? await server.app.vault.read(tx, row!.openaiApiKeySecretId) : null,
          verify: row!.metaVerifyTokenSecretId ? await server.app.vault.read(tx, row!.metaVerifyTokenSecretId) : null,
        };
      });
    expect(await read()).toEqual({ access: values.metaAccessToken, openai: values.openaiApiKey, verify: 'verify-token-test' });

    await expect(admin.caller.clients.replaceSecrets({ openaiApiKey: null })).resolves.toEqual({ replaced: [], removed: ['openaiApiKey'] });
    expect((await read()).openai).toBeNull();
    expect((await admin.caller.clients.settings()).hasOpenaiApiKey).toBe(false);
    await expect(admin.caller.clients.replaceSecrets({})).rejects.toMatchObject({ code: 'BAD_REQUEST' });
    await expect(admin.caller.clients.replaceSecrets({ metaVerifyToken: 'short' })).rejects.toMatchObject({ code: 'BAD_REQUEST' });

    const { auditLogs } = server.app.db.t;
    const rows = await server.app.db.system((tx) => tx.select().from(auditLogs).where(eq(auditLogs.action, 'clients.replaceSecrets')));
    expect(rows.filter((row) => row.clientId === client.id)).toHaveLength(4);
    const text = JSON.stringify(rows);
    for (const value of Object.values(values)) expect(text).not.toContain(value);
  });

  it("lets a platform administrator manage one client's settings by naming it", async () => {
    const client = await server.makeClient();
    const platform = await server.signIn({ clientId: null, platformAdmin: true });
    await platform.caller.clients.updateSettings({ clientId: client.id, groqModel: 'llama-3.3-70b' });
    expect(await platform.caller.clients.settings({ clientId: client.id })).toMatchObject({ id: client.id, groqModel: 'llama-3.3-70b' });
  });
});
