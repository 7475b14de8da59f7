import { Writable } from 'node:stream';
import { readFallbackMessage } from '../aiProviders/fallbackMessage.js';
import { afterEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { validateFlow } from '#shared/flows/validateFlow.js';
import { readStoredFlowDocument } from '#shared/flows/upgradeFlowDocument.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type TestServer } from '#server/testing/testServer.js';
import { trpcOverHttp } from '#server/testing/trpcOverHttp.js';
import { createUser } from '../auth/createUser.js';
import { listSources } from '../knowledgeBase/store/listSources.js';

const PASSWORD = 'pão quente 2024';
const input = (overrides: Record<string, unknown> = {}) => ({
  businessName: 'Padaria Pão Quente',
  fullName: 'Dona Maria',
  email: 'dona@padaria.test',
  password: PASSWORD,
  language: 'pt-BR',
  ...overrides,
});
type ErrorBody = { error: { message: string; data: { code: string; issues?: { path: string; message: string }[] } } };

/** Calls setup.complete over HTTP as a browser does, returning the answer and the session cookie it set. */
async function completeOverHttp(server: TestServer, body: unknown) {
  const response = await fetch(`${server.url}/trpc/setup.complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const cookie = response.headers.get('set-cookie');
  return {
    status: response.status,
    body: (await response.json()) as { result?: { data: { clientId: string; userId: string; slug: string; sampleContent: unknown } } } & Partial<ErrorBody>,
    cookie,
  };
}

describe.each(DATABASE_KINDS)('first-run set-up on %s', (kind) => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.dispose();
    server = undefined;
  });
  const count = async (table: 'users' | 'clients') => (await server!.app.db.system((tx) => tx.select().from(server!.app.db.t[table]))).length;

  it('refuses bad input field by field, then creates the client, its owner, a session cookie and the sample content', async () => {
    server = await startTestServer(kind);
    expect(await server.anonymous().setup.status()).toEqual({ needed: true, tokenRequired: false });

    const bad: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ businessName: ' ' }, 'businessName', /business name/],
      [{ fullName: '' }, 'fullName', /your name/],
      [{ email: 'not-an-email' }, 'email', /e-mail/],
      [{ password: 'short1' }, 'password', /at least 8 characters/],
      [{ password: 'onlyletters' }, 'password', /one letter and one digit/],
      [{ password: 'dona12345', email: 'dona12345@padaria.test' }, 'password', /e-mail/],
      [{ password: 'password123' }, 'password', /well-known/],
      [{ password: 'x1'.repeat(101) }, 'password', /too long/],
      [{ language: 'fr' }, 'language', /pt-BR or en/],
      [{ sampleContent: 'yes' }, 'sampleContent', /.+/],
    ];
    for (const [overrides, field, message] of bad) {
      const answer = await trpcOverHttp(server.url, 'setup.complete', 'mutation', input(overrides));
      expect(answer.status, JSON.stringify(overrides)).toBe(400);
      const issues = (answer.body as ErrorBody).error.data.issues ?? [];
      expect(issues.find((issue) => issue.path === field)?.message, `${field}: ${answer.text}`).toMatch(message);
    }
    expect(await count('users')).toBe(0);

    const done = await completeOverHttp(server, input({ email: ' Dona@Padaria.TEST ' }));
    expect(done.status).toBe(200);
    const result = done.body.result!.data;
    expect(result.slug).toBe('padaria-pao-quente');
    expect(done.cookie).toMatch(/HttpOnly/i);
    // The cookie signs the owner in.
    const me = await fetch(`${server.url}/trpc/auth.me`, { headers: { cookie: done.cookie!.split(';')[0]!, origin: server.url } });
    expect((await me.json()).result.data).toMatchObject({ email: 'dona@padaria.test', clientId: result.clientId, role: 'owner', fullName: 'Dona Maria' });
    const { db } = server.app;
    const [client] = await db.system((tx) => tx.select().from(db.t.clients).where(eq(db.t.clients.id, result.clientId)));
    expect(client).toMatchObject({ name: 'Padaria Pão Quente', createdBy: result.userId });

    // Sample content, in Portuguese: an active, published, valid keyword flow; a knowledge document; canned responses.
    expect(result.sampleContent).toMatchObject({ problems: [], cannedResponses: 3 });
    const flows = await db.tenant(result.clientId, (tx) => tx.select().from(db.t.interactiveFlows).where(eq(db.t.interactiveFlows.clientId, result.clientId)));
    expect(flows).toHaveLength(1);
    const flow = flows[0]!;
    expect(flow).toMatchObject({ isActive: true, triggerType: 'keyword', name: 'Boas-vindas (exemplo)' });
    expect(flow.triggerKeywords).toEqual(expect.arrayContaining(['oi', 'olá', 'menu']));
    expect(flow.publishedVersionId).not.toBeNull();
    const [version] = await db.tenant(result.clientId, (tx) => tx.select().from(db.t.flowVersions).where(eq(db.t.flowVersions.id, flow.publishedVersionId!)));
    const document = readStoredFlowDocument(version!.document);
    expect(validateFlow(document)).toEqual([]);
    expect(new Set(document.blocks.map((block) => block.type))).toEqual(new Set(['question', 'message', 'handoff', 'end']));
    const sources = await listSources(db, result.clientId);
    expect(sources).toEqual([expect.objectContaining({ fileName: 'sobre-o-negocio.md', title: 'Sobre Padaria Pão Quente (exemplo)' })]);
    const canned = await db.tenant(result.clientId, (tx) => tx.select().from(db.t.cannedResponses).where(eq(db.t.cannedResponses.clientId, result.clientId)));
    expect(canned.map((row) => row.shortcut).sort()).toEqual(['aguarde', 'endereco', 'horario', 'obrigado', 'ola', 'pagamento']);
    // The fallback message, so the AI reply answers something before a model provider is connected.
    expect(await readFallbackMessage(server.app, result.clientId)).toMatch(/^Obrigado pela mensagem!/);

    // Audited, without the password.
    const audits = await db.system((tx) => tx.select().from(db.t.auditLogs).where(eq(db.t.auditLogs.clientId, result.clientId)));
    const setupAudit = audits.find((row) => JSON.stringify(row).includes('setup.complete'));
    expect(setupAudit).toBeDefined();
    expect(JSON.stringify(setupAudit)).not.toContain(PASSWORD);

    // Done for good.
    expect(await server.anonymous().setup.status()).toEqual({ needed: false, tokenRequired: false });
    const again = await completeOverHttp(server, input({ email: 'other@padaria.test' }));
    expect(again.status).toBe(409);
    expect(again.body.error!.message).toMatch(/already set up: sign in/);
    expect(await count('users')).toBe(1);
  });

  it('two set-ups at once: exactly one client and one owner, the other is told to sign in', async () => {
    server = await startTestServer(kind);
    const answers = await Promise.all([
      completeOverHttp(server, input({ email: 'first@example.test', language: 'en', sampleContent: false, businessName: 'First Shop' })),
      completeOverHttp(server, input({ email: 'second@example.test', language: 'en', sampleContent: false, businessName: 'Second Shop' })),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 409]);
    expect(answers.find((answer) => answer.status === 409)!.body.error!.message).toMatch(/set up|sign in/);
    expect(await count('users')).toBe(1);
    expect(await count('clients')).toBe(1);
    // No sample content asked for: no flow; the canned responses every client gets are in English.
    const { clientId } = answers.find((answer) => answer.status === 200)!.body.result!.data;
    const { db } = server.app;
    expect(await db.tenant(clientId, (tx) => tx.select().from(db.t.interactiveFlows).where(eq(db.t.interactiveFlows.clientId, clientId)))).toEqual([]);
    const canned = await db.tenant(clientId, (tx) => tx.select().from(db.t.cannedResponses).where(eq(db.t.cannedResponses.clientId, clientId)));
    expect(canned.map((row) => row.shortcut).sort()).toEqual(['hello', 'thanks', 'wait']);
    expect(await readFallbackMessage(server.app, clientId)).toBeNull();
  });

  it('is refused once any account exists, also one made with the CLI', async () => {
    server = await startTestServer(kind);
    await createUser(server.app.db, { email: 'admin@example.test', password: 'cli made password 1', clientId: null, isPlatformAdmin: true });
    expect(await server.anonymous().setup.status()).toEqual({ needed: false, tokenRequired: false });
    const answer = await completeOverHttp(server, input());
    expect(answer.status).toBe(409);
    expect(await count('clients')).toBe(0);
  });

  it('is throttled per address like sign-in, and cannot be batched', async () => {
    server = await startTestServer(kind, { loginAttemptsPerMinute: 2 });
    const batched = await fetch(`${server.url}/trpc/setup.complete,setup.complete?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ 0: input(), 1: input({ email: 'b@padaria.test' }) }),
    });
    expect(batched.status).toBe(400);
    expect(await batched.text()).toContain('cannot be batched');
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt++) statuses.push((await completeOverHttp(server, input({ password: 'short' }))).status);
    expect(statuses).toEqual([400, 400, 429]);
    expect(await count('users')).toBe(0);
  });

  it('on a network address: needs the token printed in the log, refuses a wrong one, and takes the right one once', async () => {
    const lines: string[] = [];
    const logStream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    server = await startTestServer(kind, { host: '0.0.0.0', logLevel: 'info' }, { logStream });
    const port = new URL(server.url).port;
    const url = `http://127.0.0.1:${port}`;
    const line = lines.find((text) => text.includes('First-run set-up'));
    expect(line).toBeDefined();
    expect(line).toContain(`:${port}/`);
    const token = /set-up token (\S+?)"/.exec(line!)?.[1];
    expect(token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(await server.anonymous().setup.status()).toEqual({ needed: true, tokenRequired: true });

    const post = (body: unknown) => trpcOverHttp(url, 'setup.complete', 'mutation', body);
    const missing = await post(input());
    expect(missing.status).toBe(403);
    expect((missing.body as ErrorBody).error.message).toMatch(/set-up token/);
    const wrong = await post(input({ setupToken: `${token}x` }));
    expect(wrong.status).toBe(403);
    expect((wrong.body as ErrorBody).error.message).toMatch(/token is wrong/);
    expect(await count('users')).toBe(0);

    const right = await post(input({ setupToken: token, sampleContent: false }));
    expect(right.status).toBe(200);
    const reused = await post(input({ setupToken: token, email: 'another@padaria.test' }));
    expect(reused.status).toBe(409);
    expect(await count('users')).toBe(1);
  });
});
