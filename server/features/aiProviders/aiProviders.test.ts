// The "Connect a model provider" procedures through tRPC, on both databases: testing a connection
// against the fake model server (the model list, or a plain reason), saving it (keys write-only),
// the bot's AI reply then answering through it, and the fallback message when nothing is connected.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startTestServer, type SignedIn, type TestServer } from '#server/testing/testServer.js';
import { end, flowFixture } from '#shared/flows/testing/flowFixture.js';
import { gatewayTuning } from '../gateway/gatewayTuning.js';
import { contact, envelope, inbound } from '../whatsapp/fixtures/webhookFixtures.js';
import { connectionTestTuning } from './testProviderConnection.js';
import { startWhatsAppKit, type WhatsAppKit } from '../whatsapp/fixtures/whatsappTestKit.js';

const GOOD_KEY = 'sk-connect-good-key-9876';

/** A loopback port with nothing listening on it. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe.each(DATABASE_KINDS)('connecting a model provider on %s', (kind) => {
  /** Needs a key, like OpenAI, Groq and Anthropic. */
  let keyed: FakeModelServer;
  /** Takes any request, like a local Ollama. */
  let local: FakeModelServer;
  /** ALLOW_PRIVATE_NETWORK on (the fakes are on 127.0.0.1), the WhatsApp path for the bot's reply. */
  let kit: WhatsAppKit;
  /** The default policy: private addresses refused. */
  let strict: TestServer;
  beforeAll(async () => {
    keyed = await startFakeModelServer({ apiKeys: [GOOD_KEY] });
    local = await startFakeModelServer();
    const providers = { openaiBaseUrl: keyed.baseUrl, groqBaseUrl: keyed.baseUrl, anthropicBaseUrl: keyed.baseUrl };
    kit = await startWhatsAppKit(kind, { providers, allowPrivateNetwork: true });
    Object.assign(gatewayTuning(kit.server.app), { requestTimeoutMs: 2_000, backoffBaseMs: 5, backoffMaxMs: 20, stateTtlMs: 0 });
    strict = await startTestServer(kind, { providers });
  });
  beforeEach(() => {
    keyed.reset();
    local.reset();
    keyed.setDefault('gpt-connected', { kind: 'ok' });
    keyed.setDefault('claude-connected', { kind: 'ok' });
    local.setDefault('llama-local', { kind: 'ok' });
    local.setDefault('qwen-local', { kind: 'ok' });
  });
  afterAll(async () => {
    await kit?.dispose();
    await strict?.dispose();
    await keyed?.close();
    await local?.close();
  });

  async function tenant(server: TestServer = kit.server, fallbackMessage?: string) {
    const client = server === kit.server ? await kit.newClient() : await server.makeClient();
    const owner = await server.signIn({ clientId: client.id, role: 'owner' });
    if (fallbackMessage) expect(await owner.caller.aiProviders.setFallbackMessage({ message: fallbackMessage })).toEqual({ message: fallbackMessage.trim() });
    return { client, owner };
  }

  it('tests an OpenAI-compatible server before saving (the model list), saves it, and lists it without a key', async () => {
    const { owner } = await tenant();
    const tested = await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: local.baseUrl });
    expect(tested).toEqual({ ok: true, models: ['llama-local', 'qwen-local'] });
    await owner.caller.aiProviders.save({ kind: 'openai_compatible', baseUrl: `${local.baseUrl}/`, model: 'llama-local' });
    const listed = await owner.caller.aiProviders.list();
    expect(listed.primary).toBe('openai_compatible');
    expect(listed.connections.find((connection) => connection.kind === 'openai_compatible')).toEqual({
      kind: 'openai_compatible',
      connected: true,
      keyHint: null,
      baseUrl: local.baseUrl,
      model: 'llama-local',
      primary: true,
    });
    expect(await owner.caller.aiProviders.status()).toMatchObject({ ready: true, clientConnected: true });
    // The saved one, tested again without retyping anything.
    expect(await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible' })).toMatchObject({ ok: true });
  });

  it('says in plain words that a wrong key was refused, and never returns a saved key', async () => {
    const { owner } = await tenant();
    const refused = await owner.caller.aiProviders.testConnection({ kind: 'openai', apiKey: 'sk-wrong-key-0000' });
    expect(refused).toMatchObject({ ok: false, code: 'key_refused', status: 401 });
    expect(refused.ok === false && refused.reason).toMatch(/OpenAI refused the key \(HTTP 401\).*Incorrect API key/);
    expect(await owner.caller.aiProviders.testConnection({ kind: 'openai' })).toMatchObject({ ok: false, code: 'no_key' });

    expect(await owner.caller.aiProviders.testConnection({ kind: 'openai', apiKey: GOOD_KEY })).toEqual({
      ok: true,
      models: ['claude-connected', 'gpt-connected'],
    });
    await owner.caller.aiProviders.save({ kind: 'openai', apiKey: GOOD_KEY, model: 'gpt-connected' });
    const listed = await owner.caller.aiProviders.list();
    expect(JSON.stringify(listed)).not.toContain(GOOD_KEY);
    expect(listed.connections.find((connection) => connection.kind === 'openai')).toMatchObject({
      connected: true,
      keyHint: '…9876',
      model: 'gpt-connected',
      primary: true,
    });
    // Audited, without the key.
    const audit = await owner.caller.audit.list({ limit: 200 });
    expect(JSON.stringify(audit)).toContain('aiProviders.save');
    expect(JSON.stringify(audit)).not.toContain(GOOD_KEY);
    // Testing the saved connection uses the saved key.
    expect(await owner.caller.aiProviders.testConnection({ kind: 'openai' })).toMatchObject({ ok: true });
    const [request] = keyed.requests.filter((entry) => entry.path === '/models').slice(-1);
    expect(request?.authorization).toBe(`Bearer ${GOOD_KEY}`);
  });

  it('keeps one key in the vault when saves race, and removes it when disconnected', async () => {
    const { client, owner } = await tenant();
    const keys = Array.from({ length: 5 }, (_, index) => `gsk-race-key-000${index}`);
    await Promise.all(keys.map((apiKey) => owner.caller.aiProviders.save({ kind: 'groq', apiKey, model: 'gpt-connected' })));
    const { secrets } = kit.server.app.db.t;
    const stored = () =>
      kit.server.app.db.tenant(client.id, (tx) =>
        tx
          .select()
          .from(secrets)
          .where(and(eq(secrets.clientId, client.id), eq(secrets.name, 'groq_api_key'))),
      );
    expect(await stored()).toHaveLength(1);
    const hint = (await owner.caller.aiProviders.list()).connections.find((connection) => connection.kind === 'groq')!.keyHint;
    expect(keys.map((key) => `…${key.slice(-4)}`)).toContain(hint);
    await owner.caller.aiProviders.remove({ kind: 'groq' });
    expect(await stored()).toHaveLength(0);
  });

  it('says when the server does not answer in time, or answers with something that is not a model list', async () => {
    const { owner } = await tenant();
    connectionTestTuning(kit.server.app).timeoutMs = 300;
    // Answers /silent/v1/models never; /html/… with a web page; /list/… with JSON that is no list; /broken/… with a 500.
    const odd = http.createServer((req, res) => {
      if (req.url?.startsWith('/html')) return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html>Welcome</html>');
      if (req.url?.startsWith('/list')) return void res.writeHead(200, { 'content-type': 'application/json' }).end('{"models":"none"}');
      if (req.url?.startsWith('/broken'))
        return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"message":"model store offline"}}');
    });
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(odd.address() as net.AddressInfo).port}`;
    try {
      expect(await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: `${base}/silent/v1` })).toMatchObject({
        ok: false,
        code: 'timeout',
        reason: expect.stringContaining('did not answer within 0.3 seconds'),
      });
      expect(await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: `${base}/html/v1` })).toMatchObject({
        ok: false,
        code: 'not_json',
        reason: expect.stringContaining('not with JSON'),
      });
      expect(await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: `${base}/list/v1` })).toMatchObject({
        ok: false,
        code: 'not_json',
        reason: expect.stringContaining('not with a list of models'),
      });
      expect(await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: `${base}/broken/v1` })).toMatchObject({
        ok: false,
        code: 'http_error',
        status: 500,
        reason: expect.stringContaining('model store offline'),
      });
    } finally {
      connectionTestTuning(kit.server.app).timeoutMs = 8_000;
      odd.closeAllConnections();
      await new Promise<void>((resolve) => odd.close(() => resolve()));
    }
  });

  it('says why an address cannot be reached: nothing listening, a name that does not resolve, not a model list', async () => {
    const { owner } = await tenant();
    const port = await closedPort();
    expect(await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: `http://127.0.0.1:${port}/v1` })).toMatchObject({
      ok: false,
      code: 'refused',
      reason: expect.stringContaining(`Nothing is listening at 127.0.0.1:${port}`),
    });
    expect(await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: 'http://no-such-model-host.invalid/v1' })).toMatchObject({
      ok: false,
      code: 'dns',
      reason: expect.stringContaining('no-such-model-host.invalid could not be found'),
    });
    expect(await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: `${kit.server.url}/healthz` })).toMatchObject({
      ok: false,
      code: expect.stringMatching(/^(not_found|not_json)$/),
    });
  });

  it('refuses a private address without ALLOW_PRIVATE_NETWORK, and says that setting is what an Ollama here needs', async () => {
    const { owner } = await tenant(strict);
    const tested = await owner.caller.aiProviders.testConnection({ kind: 'openai_compatible', baseUrl: local.baseUrl });
    expect(tested).toMatchObject({ ok: false, code: 'private_address', reason: expect.stringContaining('ALLOW_PRIVATE_NETWORK=1') });
    expect(local.requests).toHaveLength(0);
    await expect(owner.caller.aiProviders.save({ kind: 'openai_compatible', baseUrl: local.baseUrl, model: 'llama-local' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('ALLOW_PRIVATE_NETWORK=1'),
    });
    expect((await owner.caller.aiProviders.list()).primary).toBeNull();
  });

  it('refuses bad input clearly, and saving or removing to agents and viewers', async () => {
    const { client, owner } = await tenant();
    await expect(owner.caller.aiProviders.save({ kind: 'groq', model: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('paste the groq API key'),
    });
    await expect(owner.caller.aiProviders.save({ kind: 'openai_compatible', model: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
      message: expect.stringContaining('base URL'),
    });
    await expect(owner.caller.aiProviders.save({ kind: 'openai', apiKey: GOOD_KEY, baseUrl: local.baseUrl, model: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    await expect(owner.caller.aiProviders.save({ kind: 'openai_compatible', baseUrl: 'ftp://example.com', model: 'x' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    for (const role of ['agent', 'viewer'] as const) {
      const member = await kit.server.signIn({ clientId: client.id, role });
      await expect(member.caller.aiProviders.save({ kind: 'openai', apiKey: GOOD_KEY, model: 'gpt-connected' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(member.caller.aiProviders.testConnection({ kind: 'openai', apiKey: GOOD_KEY })).rejects.toMatchObject({ code: 'FORBIDDEN' });
      expect(await member.caller.aiProviders.status()).toMatchObject({ ready: false });
    }
  });

  describe("the bot's AI reply", () => {
    async function say(client: { phoneNumberId: string }, from: string, text: string) {
      await kit.deliver(envelope(client.phoneNumberId, { contacts: [contact(from)], messages: [inbound.text(from, text)] }));
      await kit.settle();
    }
    const sentTo = (to: string) => kit.graph.sent.filter((message) => message.to === to).map((message) => (message.body.text as { body: string }).body);
    async function replies(owner: SignedIn, clientId: string, phone: string) {
      const { conversations } = kit.server.app.db.t;
      const [conversation] = await kit.server.app.db.tenant(clientId, (tx) =>
        tx
          .select()
          .from(conversations)
          .where(and(eq(conversations.clientId, clientId), eq(conversations.phone, phone))),
      );
      const page = await owner.caller.conversations.messages({ conversationId: conversation!.id });
      return { conversation: conversation!, outgoing: page.items.filter((message) => message.direction === 'outgoing') };
    }

    it("without any provider sends the client's fallback message, and the inbox shows why", async () => {
      const { client, owner } = await tenant(kit.server, '  Já já um atendente responde você. ');
      expect(await owner.caller.aiProviders.fallbackMessage()).toEqual({ message: 'Já já um atendente responde você.' });
      const phone = '5511955560001';
      await say(client, phone, 'oi, vocês entregam?');
      expect(sentTo(phone)).toEqual(['Já já um atendente responde você.']);
      const { conversation, outgoing } = await replies(owner, client.id, phone);
      expect(conversation.status).toBe('transferido');
      expect(outgoing[0]!.metadata.notice).toEqual({ code: 'no_ai_provider', message: expect.stringContaining('No AI provider is connected') });
      expect(keyed.requests.filter((request) => request.path === '/chat/completions')).toHaveLength(0);
    });

    it('without any provider nor a fallback message of its own, the message waits for a person, and the step log says why', async () => {
      const { client, owner } = await tenant(kit.server, 'will be removed');
      expect(await owner.caller.aiProviders.setFallbackMessage({ message: '   ' })).toEqual({ message: null });
      expect(await owner.caller.aiProviders.fallbackMessage()).toEqual({ message: null });
      const phone = '5511955560005';
      await say(client, phone, 'alô?');
      expect(sentTo(phone)).toEqual([]);
      expect((await replies(owner, client.id, phone)).conversation.status).toBe('bot');
      const { executionLogs } = kit.server.app.db.t;
      const steps = await kit.server.app.db.tenant(client.id, (tx) => tx.select().from(executionLogs).where(eq(executionLogs.clientId, client.id)));
      const skipped = steps.find((step) => step.nodeName === 'model_called');
      expect(skipped?.status).toBe('skipped');
      expect(JSON.stringify(skipped)).toContain('no provider key');
    });

    it("answers through the client's own OpenAI-compatible server and model", async () => {
      const { client, owner } = await tenant();
      await owner.caller.aiProviders.save({ kind: 'openai_compatible', baseUrl: local.baseUrl, model: 'qwen-local' });
      const phone = '5511955560002';
      await say(client, phone, 'qual o horário?');
      expect(sentTo(phone)).toEqual(['Resposta de qwen-local: qual o horário?']);
      expect(local.requestsFor('qwen-local')).toHaveLength(1);
      const { conversation, outgoing } = await replies(owner, client.id, phone);
      expect(conversation.status).toBe('bot');
      expect(outgoing[0]!.metadata.notice).toBeUndefined();
      const usage = await owner.caller.gateway.usage({ from: new Date(Date.now() - 60_000), to: new Date(Date.now() + 60_000) });
      expect(usage.recent[0]).toMatchObject({ provider: 'openai_compatible', modelName: 'qwen-local', modelRegistryId: null });
    });

    it("a published flow's AI block answers through the connected provider, and flows work without one", async () => {
      const { client, owner } = await tenant();
      const flow = await owner.caller.flows.create({
        name: 'Resumo',
        triggerType: 'keyword',
        triggerKeywords: ['resumo'],
        document: flowFixture(
          [
            { id: 'ai', type: 'ai_reply', data: { prompt: 'Resuma o pedido de {{contact_name}}', saveAs: 'summary' } },
            end('ok', 'bot', 'Resumo: {{summary}}'),
            end('fail', 'bot', 'Sem resumo agora'),
          ],
          [
            ['ai', 'next', 'ok'],
            ['ai', 'failure', 'fail'],
          ],
        ),
      });
      await owner.caller.flows.publish({ id: flow.id });
      await owner.caller.flows.activate({ id: flow.id });
      // No provider: the flow still runs, along its failure handle.
      const before = '5511955560006';
      await say(client, before, 'resumo');
      expect(sentTo(before)).toEqual(['Sem resumo agora']);

      await owner.caller.aiProviders.save({ kind: 'openai_compatible', baseUrl: local.baseUrl, model: 'llama-local' });
      const after = '5511955560007';
      await say(client, after, 'resumo');
      // The block sends the model's answer, then the end block uses the saved variable.
      const [answer, summary] = sentTo(after);
      expect(answer).toMatch(/^Resposta de llama-local: Resuma o pedido de /);
      expect(summary).toBe(`Resumo: ${answer}`);
      expect(local.requestsFor('llama-local')).toHaveLength(1);
    });

    it("answers through the client's Anthropic key and a model from its list, then falls back to the fallback message once removed", async () => {
      const { client, owner } = await tenant(kit.server, 'Sem IA agora.');
      await owner.caller.aiProviders.save({ kind: 'anthropic', apiKey: GOOD_KEY, model: 'claude-connected' });
      const phone = '5511955560003';
      await say(client, phone, 'bom dia');
      expect(sentTo(phone)).toEqual(['Resposta de claude-connected: bom dia']);
      expect(keyed.requestsFor('claude-connected')[0]!.authorization).toBe(`Bearer ${GOOD_KEY}`);

      expect(await owner.caller.aiProviders.remove({ kind: 'anthropic' })).toEqual({ ok: true, primary: null });
      await expect(owner.caller.aiProviders.remove({ kind: 'anthropic' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const other = '5511955560004';
      await say(client, other, 'boa tarde');
      expect(sentTo(other)).toEqual(['Sem IA agora.']);
    });
  });
});
