import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';

describe.each(DATABASE_KINDS)('/v1 with the official openai client on %s', (kind) => {
  let kit: GatewayKit;
  let model: string;
  let embeddingModel: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    model = await kit.addModel({ modelName: 'compat-chat', input: '1', output: '2' });
    embeddingModel = await kit.addModel({ modelName: 'compat-embed', input: '0.02', output: '0', maxOutputTokens: null, capabilities: { embeddings: true } });
  });
  afterAll(() => kit?.dispose());

  const clientFor = (key: string) => new OpenAI({ apiKey: key, baseURL: `${kit.server.url}/v1`, maxRetries: 0 });

  it('answers chat completions, logs the call with its cost, and serves the same request again from the cache', async () => {
    const { clientId, owner } = await kit.makeTenant();
    const openai = clientFor(await kit.apiKey(owner));
    const request = { model, messages: [{ role: 'user' as const, content: 'Qual o horário de funcionamento?' }] };
    const first = await openai.chat.completions.create(request);
    expect(first.choices[0]!.message.content).toBe('Resposta de compat-chat: Qual o horário de funcionamento?');
    expect(first.usage!.prompt_tokens).toBeGreaterThan(0);
    const again = await openai.chat.completions.create(request).withResponse();
    expect(again.data.choices[0]!.message.content).toBe(first.choices[0]!.message.content);
    expect(again.response.headers.get('x-uzz-cache')).toBe('hit');
    expect(kit.fake.requestsFor('compat-chat').filter((r) => JSON.stringify(r.body).includes('horário'))).toHaveLength(1);

    const { gatewayUsageLogs, usageLogs } = kit.server.app.db.t;
    const logs = await kit.server.app.db.tenant(clientId, (tx) => tx.select().from(gatewayUsageLogs).where(eq(gatewayUsageLogs.clientId, clientId)));
    expect(logs).toHaveLength(2);
    const paid = logs.find((row) => !row.wasCached)!;
    const cached = logs.find((row) => row.wasCached)!;
    // 1 USD/M input, 2 USD/M output, 5 BRL per USD.
    const expectedUsd = (paid.inputTokens * 1 + paid.outputTokens * 2) / 1e6;
    expect(Number(paid.costUsd)).toBeCloseTo(expectedUsd, 12);
    expect(Number(paid.costBrl)).toBeCloseTo(expectedUsd * 5, 12);
    expect(paid.apiType).toBe('chat');
    expect(Number(cached.costUsd)).toBe(0);
    const sources = await kit.server.app.db.tenant(clientId, (tx) => tx.select().from(usageLogs).where(eq(usageLogs.clientId, clientId)));
    expect(sources.map((row) => row.source)).toEqual(['openai']);
  });

  it('streams, including the usage chunk when asked for it', async () => {
    const { owner } = await kit.makeTenant();
    const openai = clientFor(await kit.apiKey(owner));
    const stream = await openai.chat.completions.create({
      model,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'conte uma história curta' }],
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('Resposta de compat-chat: conte uma história curta');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('makes embeddings (the client asks for base64 and decodes it) and lists models', async () => {
    const { owner } = await kit.makeTenant();
    const openai = clientFor(await kit.apiKey(owner));
    const result = await openai.embeddings.create({ model: embeddingModel, input: ['entrega em São Paulo', 'entrega em Sao Paulo hoje', 'receita de bolo'] });
    const [a, b, c] = result.data.map((item) => item.embedding);
    const cosine = (x: number[], y: number[]) => x.reduce((sum, value, index) => sum + value * y[index]!, 0);
    expect(a).toHaveLength(256);
    expect(cosine(a!, b!)).toBeGreaterThan(cosine(a!, c!));
    const models = await openai.models.list();
    const ids = models.data.map((item) => item.id);
    expect(ids).toContain(model);
    expect(ids).toContain('openai/gpt-4o-mini'); // the shipped catalogue
  });

  it('answers in OpenAI error format: missing or revoked key 401, unknown model 404, bad request 400', async () => {
    const { owner } = await kit.makeTenant();
    const key = await kit.apiKey(owner);
    await expect(clientFor('uzz-sk-not-a-real-key').models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    await expect(clientFor(key).chat.completions.create({ model: 'no/such-model', messages: [{ role: 'user', content: 'oi' }] })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
    });
    const raw = await fetch(`${kit.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [] }),
    });
    expect(raw.status).toBe(400);
    expect(await raw.json()).toEqual({
      error: { message: 'messages must be a non-empty array', type: 'invalid_request_error', param: 'messages', code: null },
    });
    const broken = await fetch(`${kit.server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error.type).toBe('invalid_request_error');

    const [listed] = await owner.caller.apiKeys.list();
    expect(listed!.prefix).toBe(key.slice(0, listed!.prefix.length));
    expect(JSON.stringify(listed)).not.toContain(key);
    await owner.caller.apiKeys.revoke({ id: listed!.id });
    await expect(clientFor(key).models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('lets only keys with the ai:use scope (or every scope) spend the AI budget through /v1', async () => {
    const { owner } = await kit.makeTenant();
    const crmOnly = await owner.caller.apiKeys.create({ name: 'crm', scopes: ['contacts:read', 'contacts:write'] });
    const aiOnly = await owner.caller.apiKeys.create({ name: 'assistant', scopes: ['ai:use'] });
    for (const call of [
      () => clientFor(crmOnly.key).models.list(),
      () => clientFor(crmOnly.key).chat.completions.create({ model, messages: [{ role: 'user', content: 'oi' }] }),
      () => clientFor(crmOnly.key).embeddings.create({ model: embeddingModel, input: 'oi' }),
    ])
      await expect(call()).rejects.toMatchObject({ status: 403, code: 'insufficient_scope', message: expect.stringContaining('ai:use') });
    const answer = await clientFor(aiOnly.key).chat.completions.create({ model, messages: [{ role: 'user', content: 'scoped' }] });
    expect(answer.choices[0]!.message.content).toBeTruthy();
    // The REST API refuses the AI-only key what its scopes do not name.
    const contacts = await fetch(`${kit.server.url}/api/v1/contacts`, { headers: { authorization: `Bearer ${aiOnly.key}` } });
    expect(contacts.status).toBe(403);
  });

  it('keeps API keys per client: an agent cannot create them, and another client cannot revoke them', async () => {
    const first = await kit.makeTenant();
    const second = await kit.makeTenant();
    const agent = await kit.server.signIn({ clientId: first.clientId, role: 'agent' });
    await expect(agent.caller.apiKeys.create({ name: 'x' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const created = await first.owner.caller.apiKeys.create({ name: 'n8n' });
    await expect(second.owner.caller.apiKeys.revoke({ id: created.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(clientFor(created.key).models.list()).resolves.toBeTruthy();
  });
});
