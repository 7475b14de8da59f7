// /v1 when the database is in trouble: a 503 with Retry-After (OpenAI clients retry those), never
// a 500; and once the model has answered, the caller gets the answer even if the usage write has
// to be retried.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { injectDatabaseFaults } from '#server/testing/injectDatabaseFaults.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { bookkeepingSettled } from '../gateway/index.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';

describe.each(DATABASE_KINDS)('/v1 when the database is in trouble, on %s', (kind) => {
  let kit: GatewayKit;
  let model: string;
  let embeddingModel: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    model = await kit.addModel({ modelName: 'trouble-chat', input: '1', output: '2' });
    embeddingModel = await kit.addModel({ modelName: 'trouble-embed', input: '0.02', output: '0', maxOutputTokens: null, capabilities: { embeddings: true } });
  });
  afterAll(() => kit?.dispose());

  const post = (key: string, path: string, body: unknown) =>
    fetch(`${kit.server.url}/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it('answers 503 with Retry-After for chat, streams and embeddings, then works again', async () => {
    const { clientId, owner } = await kit.makeTenant();
    const key = await kit.apiKey(owner);
    const chat = { model, messages: [{ role: 'user', content: 'olá' }] };
    const faults = injectDatabaseFaults(kit.server.app, { clientId, count: 100, at: 'start' });
    try {
      for (const [path, body] of [
        ['/chat/completions', chat],
        ['/chat/completions', { ...chat, stream: true }],
        ['/embeddings', { model: embeddingModel, input: 'olá' }],
      ] as const) {
        const response = await post(key, path, body);
        expect(response.status).toBe(503);
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(await response.json()).toMatchObject({ error: { type: 'api_error', code: 'service_unavailable' } });
      }
    } finally {
      faults.restore();
    }
    expect(faults.thrown).toBeGreaterThanOrEqual(3);
    expect(kit.fake.requestsFor('trouble-chat')).toHaveLength(0);
    const again = await post(key, '/chat/completions', chat);
    expect(again.status).toBe(200);
  });

  it('gives the answer the model produced although recording its usage failed at first, and records it once', async () => {
    const { clientId, owner } = await kit.makeTenant();
    const key = await kit.apiKey(owner);
    const { gatewayUsageLogs } = kit.server.app.db.t;
    const question = 'quanto custa o frete?';
    const asked = () => kit.fake.requestsFor('trouble-chat').filter((request) => JSON.stringify(request.body).includes('frete')).length;
    const faults = injectDatabaseFaults(kit.server.app, { clientId, count: 2, inserting: gatewayUsageLogs, when: () => asked() > 0 });
    const usageLogs = () => kit.server.app.db.tenant(clientId, (tx) => tx.select().from(gatewayUsageLogs).where(eq(gatewayUsageLogs.clientId, clientId)));
    let response: Response;
    let logsAtAnswer: unknown[];
    try {
      response = await post(key, '/chat/completions', { model, messages: [{ role: 'user', content: question }] });
      // The answer went out as soon as the model gave it: the usage is still being retried (100 ms, then 300 ms).
      logsAtAnswer = await usageLogs();
      await bookkeepingSettled(kit.server.app);
    } finally {
      faults.restore();
    }
    expect(logsAtAnswer).toEqual([]);
    expect(faults.thrown).toBe(2);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { choices: Array<{ message: { content: string } }> }).choices[0]!.message.content).toBe(
      `Resposta de trouble-chat: ${question}`,
    );
    expect(asked()).toBe(1);
    const logs = await usageLogs();
    expect(logs.filter((row) => !row.errorDetails)).toHaveLength(1);
  });
});
