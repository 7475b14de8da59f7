// Issue 14 item 14: viewers read flow documents including HTTP-block credentials. Now a credential
// header (Authorization, API keys, tokens, or one marked secret) is kept in the vault: no role reads
// it back (flows.get, export, compare), the database row of the flow does not hold it, and the
// block still calls with it (draft and published), across saves of the masked document.
import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { end, flowFixture } from '#shared/flows/testing/flowFixture.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';

const TOKEN = 'Bearer s3cr3t-token-4f9a';
const FLAGGED = 'flagged-value-77c1';

describe.each(DATABASE_KINDS)('HTTP-block credentials on %s', (kind) => {
  let server: TestServer;
  let api: { url: string; seen: IncomingHttpHeaders[]; close(): Promise<void> };
  beforeAll(async () => {
    server = await startTestServer(kind, { allowPrivateNetwork: true });
    api = await startEchoApi();
  });
  afterAll(async () => {
    await server?.dispose();
    await api?.close();
  });

  const documentWith = (headers: Array<Record<string, unknown>>) =>
    flowFixture(
      [
        { id: 'call', type: 'http_request', data: { method: 'GET', url: `${api.url}/orders`, headers, timeoutMs: 2000 } },
        end('ok', 'bot', 'chamou'),
        end('fail', 'bot', 'falhou'),
      ],
      [
        ['call', 'next', 'ok'],
        ['call', 'failure', 'fail'],
      ],
      { start: 'call' },
    );

  it('keeps credential headers in the vault: no role reads them, export leaves them out, the block still sends them', async () => {
    const client = await server.makeClient();
    const roles = {
      owner: await server.signIn({ clientId: client.id, role: 'owner' }),
      admin: await server.signIn({ clientId: client.id, role: 'admin' }),
      agent: await server.signIn({ clientId: client.id, role: 'agent' }),
      viewer: await server.signIn({ clientId: client.id, role: 'viewer' }),
    };
    const created = await roles.admin.caller.flows.create({
      name: 'Pedidos',
      document: documentWith([
        { name: 'Authorization', value: TOKEN },
        { name: 'X-Tenant', value: 'padaria' },
        { name: 'X-Custom', value: FLAGGED, secret: true },
      ]),
    });

    for (const member of Object.values(roles)) {
      const flow = await member.caller.flows.get({ id: created.id });
      const text = JSON.stringify(flow);
      expect(text).not.toContain('s3cr3t');
      expect(text).not.toContain(FLAGGED);
      expect(text).not.toContain('secretRef');
      const block = flow.document.blocks.find((item) => item.id === 'call');
      expect(block?.type === 'http_request' && block.data.headers).toEqual([
        { name: 'Authorization', value: '', secret: true, isSet: true },
        { name: 'X-Tenant', value: 'padaria' },
        { name: 'X-Custom', value: '', secret: true, isSet: true },
      ]);
    }
    const exported = JSON.stringify(await roles.viewer.caller.flows.export({ id: created.id }));
    expect(exported).not.toContain('s3cr3t');
    expect(exported).not.toContain(FLAGGED);
    expect(exported).not.toContain('secretRef');

    // The flow's own row holds references only; the values are sealed in the vault.
    const stored = await server.app.db.system((tx) => tx.select().from(server.app.db.t.interactiveFlows));
    expect(JSON.stringify(stored)).not.toContain('s3cr3t');

    // The block still calls with the real values.
    const run = async (source: 'draft' | 'published') => {
      const before = api.seen.length;
      const turn = await roles.agent.caller.flows.simulate.start({ flowId: created.id, source });
      expect(turn.messages).toEqual([{ kind: 'text', text: 'chamou' }]);
      return api.seen.slice(before).at(-1)!;
    };
    expect(await run('draft')).toMatchObject({ authorization: TOKEN, 'x-tenant': 'padaria', 'x-custom': FLAGGED });

    // The editor saves the masked document back unchanged: the credentials stay.
    const masked = await roles.admin.caller.flows.get({ id: created.id });
    const saved = await roles.admin.caller.flows.updateDraft({ id: created.id, expectedRevision: masked.draftRevision, document: masked.document });
    expect(await run('draft')).toMatchObject({ authorization: TOKEN, 'x-custom': FLAGGED });
    await roles.admin.caller.flows.publish({ id: created.id, expectedRevision: saved.draftRevision });
    expect(await run('published')).toMatchObject({ authorization: TOKEN });

    // Typing a value replaces it; a reference smuggled in from elsewhere is ignored.
    const current = await roles.admin.caller.flows.get({ id: created.id });
    await roles.admin.caller.flows.updateDraft({
      id: created.id,
      expectedRevision: current.draftRevision,
      document: documentWith([
        { name: 'Authorization', value: 'Bearer rotated-1' },
        { name: 'X-Custom', value: '', secret: true, secretRef: '00000000-0000-4000-8000-000000000001' },
      ]),
    });
    expect(await run('draft')).toMatchObject({ authorization: 'Bearer rotated-1', 'x-custom': FLAGGED });
    expect(await run('published')).toMatchObject({ authorization: 'Bearer rotated-1' });

    // An imported copy has the headers but not their values: they are typed again.
    const file = await roles.admin.caller.flows.export({ id: created.id });
    const imported = await roles.admin.caller.flows.import({ file, name: 'Cópia' });
    const copyBlock = imported.document.blocks.find((item) => item.id === 'call');
    expect(copyBlock?.type === 'http_request' && copyBlock.data.headers.find((header) => header.name === 'Authorization')).toEqual({
      name: 'Authorization',
      value: '',
      secret: true,
      isSet: false,
    });
  });
});

async function startEchoApi() {
  const seen: IncomingHttpHeaders[] = [];
  const server = http.createServer((request, response) => {
    seen.push(request.headers);
    response.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
