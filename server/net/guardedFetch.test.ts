// The fetch the OpenAI client uses for a tenant's own model server: the address policy holds for
// literal addresses and for names resolving to private ones, and answers stream through.
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '../dev/fakeModelServer.js';
import { guardedFetch } from './guardedFetch.js';

describe('guardedFetch', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await startFakeModelServer();
  });
  afterAll(() => fake?.close());

  it('refuses loopback, by address and by a name that resolves to it, unless private networks are allowed', async () => {
    const port = new URL(fake.baseUrl).port;
    await expect(guardedFetch(false)(`${fake.baseUrl}/models`)).rejects.toMatchObject({ name: 'OutboundRequestError', reason: 'address' });
    await expect(guardedFetch(false)(`http://localhost:${port}/v1/models`)).rejects.toMatchObject({
      reason: 'address',
      message: expect.stringContaining('localhost resolves to'),
    });
    await expect(guardedFetch(false)('file:///etc/passwd')).rejects.toMatchObject({ reason: 'url' });
    expect(fake.requests).toHaveLength(0);
    const response = await guardedFetch(true)(`http://localhost:${port}/v1/models`);
    expect(response.status).toBe(200);
  });

  it("carries the OpenAI client's calls, streamed answers included, and its cancellations", async () => {
    const client = new OpenAI({ apiKey: 'no-key', baseURL: fake.baseUrl, maxRetries: 0, fetch: guardedFetch(true) });
    const completion = await client.chat.completions.create({ model: 'local', messages: [{ role: 'user', content: 'oi' }] });
    expect(completion.choices[0]!.message.content).toBe('Resposta de local: oi');
    const stream = await client.chat.completions.create({ model: 'local', stream: true, messages: [{ role: 'user', content: 'tudo bem?' }] });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Resposta de local: tudo bem?');
    fake.setDefault('slow', { kind: 'timeout' });
    await expect(client.chat.completions.create({ model: 'slow', messages: [{ role: 'user', content: 'x' }] }, { timeout: 300 })).rejects.toBeInstanceOf(
      OpenAI.APIConnectionTimeoutError,
    );
  });
});
