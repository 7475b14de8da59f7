// aiTools.* on both databases: the HTTP tool editor's procedures with good and bad input,
// duplicates, header values kept in the vault (never returned; an empty value keeps the stored
// one), and deletion with its secrets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { HttpToolInput } from '#shared/bot/aiHttpTool.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type SignedIn, type TestServer } from '#server/testing/testServer.js';

const tool = (overrides: Partial<HttpToolInput> = {}): HttpToolInput => ({
  name: 'lookup_order',
  description: 'Looks up an order',
  parameters: { type: 'object', properties: { id: { type: 'string' }, full: { type: 'boolean' } }, required: ['id'] },
  method: 'GET',
  urlTemplate: 'https://orders.example.test/orders/{id}',
  headers: [{ name: 'X-Api-Key', value: 'first-secret' }],
  timeoutMs: 5_000,
  isActive: true,
  ...overrides,
});

describe.each(DATABASE_KINDS)('aiTools procedures on %s', (kind) => {
  let server: TestServer;
  let admin: SignedIn;
  beforeAll(async () => {
    server = await startTestServer(kind);
    const client = await server.makeClient();
    admin = await server.signIn({ clientId: client.id, role: 'admin' });
  });
  afterAll(() => server?.dispose());

  const secretsOf = async (id: string) => {
    const { aiHttpTools } = server.app.db.t;
    const [row] = await server.app.db.system((tx) => tx.select().from(aiHttpTools).where(eq(aiHttpTools.id, id)));
    return (row?.headers ?? []) as Array<{ name: string; secretId: string }>;
  };

  it('saves, lists without header values, keeps a header left empty, replaces a typed one, and deletes with its secrets', async () => {
    const saved = await admin.caller.aiTools.save(tool());
    expect(saved).toMatchObject({ name: 'lookup_order', headers: [{ name: 'X-Api-Key', isSet: true }] });
    expect(JSON.stringify(await admin.caller.aiTools.list())).not.toContain('first-secret');
    const [first] = await secretsOf(saved.id);
    const read = (secretId: string) => server.app.db.system((tx) => server.app.vault.read(tx, secretId));
    expect(await read(first!.secretId)).toBe('first-secret');

    await admin.caller.aiTools.save(tool({ id: saved.id, description: 'Now with more words', headers: [{ name: 'X-Api-Key', value: '' }] }));
    const [kept] = await secretsOf(saved.id);
    expect(kept!.secretId).toBe(first!.secretId);
    expect(await read(kept!.secretId)).toBe('first-secret');
    await admin.caller.aiTools.save(tool({ id: saved.id, headers: [{ name: 'X-Api-Key', value: 'second-secret' }] }));
    expect(await read((await secretsOf(saved.id))[0]!.secretId)).toBe('second-secret');

    await admin.caller.aiTools.delete({ id: saved.id });
    expect(await admin.caller.aiTools.list()).toEqual([]);
    const { secrets } = server.app.db.t;
    expect(await server.app.db.system((tx) => tx.select().from(secrets).where(eq(secrets.id, first!.secretId)))).toEqual([]);
  });

  it('refuses bad tools with a readable reason, and a second tool of the same name', async () => {
    const refused = async (input: unknown, message: RegExp) => {
      await expect(admin.caller.aiTools.save(input as HttpToolInput)).rejects.toMatchObject({ code: 'BAD_REQUEST', message });
    };
    await refused(tool({ urlTemplate: 'https://x.example.test/{nope}' }), /\{nope\}, which is not a parameter/);
    await refused(tool({ urlTemplate: 'ftp://x.example.test/{id}' }), /http:\/\/ or https:\/\//);
    await refused(tool({ name: 'search_knowledge_base' }), /built-in tool/);
    await refused(tool({ name: '1 bad name' }), /starts with a letter/);
    await refused(tool({ parameters: { type: 'object', properties: { id: { type: 'string' } }, required: ['other'] } }), /required parameter/);
    await refused({ ...tool(), parameters: { type: 'array' } }, /type "object"/);
    await refused(tool({ timeoutMs: 10 }), /at least 100 ms/);
    await refused(tool({ headers: [{ name: 'X-New', value: '' }] }), /needs a value/);

    await admin.caller.aiTools.save(tool({ name: 'twice' }));
    await expect(admin.caller.aiTools.save(tool({ name: 'twice' }))).rejects.toMatchObject({ code: 'CONFLICT', message: /already a tool named "twice"/ });
    await expect(admin.caller.aiTools.delete({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
