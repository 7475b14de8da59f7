// The gateway's direct provider request fails the way the OpenAI SDK does (the same error classes),
// so the gateway's retry and fallback rules read it unchanged: statuses with their bodies and
// Retry-After, a deadline, a caller's cancel, an unreachable provider. No database is involved.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer } from '#server/dev/fakeModelServer.js';
import { classifyProviderError } from './classifyProviderError.js';
import { providerPost } from './providerPost.js';

describe('providerPost', () => {
  let fake: FakeModelServer;
  beforeAll(async () => {
    fake = await startFakeModelServer({ apiKeys: ['sk-right'] });
  });
  afterAll(() => fake?.close());

  const endpoint = (apiKey = 'sk-right') => ({ baseUrl: `${fake.baseUrl}/`, apiKey });
  const chat = (model: string, content = 'oi') => ({ model, messages: [{ role: 'user', content }] });
  const post = (body: unknown, options: { signal?: AbortSignal; timeoutMs?: number; key?: string } = {}) =>
    providerPost(endpoint(options.key), '/chat/completions', body, {
      signal: options.signal ?? new AbortController().signal,
      timeoutMs: options.timeoutMs ?? 5_000,
    });

  it('returns the parsed answer, with the key as a bearer token', async () => {
    const answer = (await post(chat('direct-ok', 'hello there'))) as { choices: Array<{ message: { content: string } }>; usage: { total_tokens: number } };
    expect(answer.choices[0]!.message.content).toEqual(expect.any(String));
    expect(answer.usage.total_tokens).toBeGreaterThan(0);
    expect(fake.requestsFor('direct-ok').at(-1)).toMatchObject({ path: '/chat/completions', authorization: 'Bearer sk-right' });
  });

  it("fails with the SDK's status errors, body and Retry-After included", async () => {
    fake.script('direct-429', [{ kind: 'error', status: 429, retryAfter: '2', code: 'rate_limit_exceeded' }]);
    const limited = await post(chat('direct-429')).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(OpenAI.RateLimitError);
    expect(classifyProviderError(limited)).toMatchObject({ kind: 'rate_limited', status: 429, code: 'rate_limit_exceeded', retryAfterMs: 2_000 });

    const refused = await post(chat('direct-401'), { key: 'sk-wrong' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(OpenAI.AuthenticationError);
    expect(classifyProviderError(refused)).toMatchObject({ kind: 'credentials', status: 401 });

    fake.script('direct-400', [{ kind: 'error', status: 400, message: 'bad thing', code: 'invalid_value' }]);
    expect(classifyProviderError(await post(chat('direct-400')).catch((error: unknown) => error))).toMatchObject({
      kind: 'request',
      status: 400,
      message: 'bad thing',
      code: 'invalid_value',
    });
  });

  it('gives up at its deadline as a timeout, and on the caller cancelling as a cancel', async () => {
    fake.setDefault('direct-hang', { kind: 'timeout' });
    const late = await post(chat('direct-hang'), { timeoutMs: 150 }).catch((error: unknown) => error);
    expect(late).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);
    expect(classifyProviderError(late)).toMatchObject({ kind: 'timeout', message: 'the provider did not answer in time' });

    const deadline = await post(chat('direct-hang'), { signal: AbortSignal.timeout(150) }).catch((error: unknown) => error);
    expect(deadline).toBeInstanceOf(OpenAI.APIConnectionTimeoutError);

    const caller = new AbortController();
    setTimeout(() => caller.abort(), 100);
    const cancelled = await post(chat('direct-hang'), { signal: caller.signal }).catch((error: unknown) => error);
    expect(cancelled).toBeInstanceOf(OpenAI.APIUserAbortError);
    await expect(post(chat('direct-hang'), { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(OpenAI.APIUserAbortError);
  });

  it('reports an unreachable provider or an answer that is not JSON as a connection failure', async () => {
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = await providerPost(
      { baseUrl: `http://127.0.0.1:${port}/v1`, apiKey: 'k' },
      '/chat/completions',
      {},
      {
        signal: new AbortController().signal,
        timeoutMs: 2_000,
      },
    ).catch((error: unknown) => error);
    expect(unreachable).toBeInstanceOf(OpenAI.APIConnectionError);
    expect(classifyProviderError(unreachable)).toMatchObject({ kind: 'connection', message: expect.stringMatching(/ECONNREFUSED/) });

    const html = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hi</html>'));
    await new Promise<void>((resolve) => html.listen(0, '127.0.0.1', resolve));
    try {
      const notJson = await providerPost(
        { baseUrl: `http://127.0.0.1:${(html.address() as AddressInfo).port}`, apiKey: 'k' },
        '/x',
        {},
        {
          signal: new AbortController().signal,
          timeoutMs: 2_000,
        },
      ).catch((error: unknown) => error);
      expect(classifyProviderError(notJson)).toMatchObject({ kind: 'connection', message: expect.stringMatching(/not JSON/) });
    } finally {
      html.closeAllConnections();
      await new Promise<void>((resolve) => html.close(() => resolve()));
    }
  });
});
