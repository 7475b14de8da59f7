import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from './gatewayTestKit.js';
import { getGateway } from './getGateway.js';
import { gatewayTuning } from './gatewayTuning.js';

const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });

describe.each(DATABASE_KINDS)('gateway retries and fallbacks on %s', (kind) => {
  let kit: GatewayKit;
  let clientId: string;
  let models: Record<string, string>;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    models = {};
    for (const name of ['fb-a', 'fb-b', 'fb-c', 'fb-d', 'fb-e']) models[name] = await kit.addModel({ modelName: name });
    models['fb-small'] = await kit.addModel({ modelName: 'fb-small', contextWindow: 1_000 });
    models['fb-small-too'] = await kit.addModel({ modelName: 'fb-small-too', contextWindow: 1_000 });
    models['fb-large'] = await kit.addModel({ modelName: 'fb-large', contextWindow: 200_000 });
    models['fb-down'] = await kit.addModel({ provider: 'openai', modelName: 'fb-down', baseUrl: 'http://127.0.0.1:9/v1' });
    ({ clientId } = await kit.makeTenant());
  });
  beforeEach(() => kit.fake.reset());
  afterAll(() => kit?.dispose());

  const chat = (text: string, model: string, chain: string[], extra: { fallback?: boolean } = {}) =>
    getGateway(kit.server.app).chat({ clientId, model, fallbackModels: chain, cache: false, params: ask(text), ...extra });

  it('retries a 429 on the same model after its Retry-After, without falling back', async () => {
    kit.fake.script('fb-a', [{ kind: 'error', status: 429, retryAfter: '1' }]);
    const result = await chat('retry after', models['fb-a']!, [models['fb-b']!]);
    expect(result.wasFallback).toBe(false);
    const [first, second] = kit.fake.requestsFor('fb-a');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
    expect(kit.fake.requestsFor('fb-b')).toHaveLength(0);
  });

  it('falls back when 429s outlast the retries, and at once when Retry-After is longer than it will wait', async () => {
    kit.fake.setDefault('fb-a', { kind: 'error', status: 429 });
    const result = await chat('persistent 429', models['fb-a']!, [models['fb-b']!]);
    expect(result.wasFallback).toBe(true);
    expect(result.model).toBe(models['fb-b']);
    expect(kit.fake.requestsFor('fb-a')).toHaveLength(1 + gatewayTuning(kit.server.app).maxRetries);

    kit.fake.reset();
    kit.fake.setDefault('fb-a', { kind: 'error', status: 429, retryAfter: '120' });
    const impatient = await chat('long retry-after', models['fb-a']!, [models['fb-b']!]);
    expect(impatient.model).toBe(models['fb-b']);
    expect(kit.fake.requestsFor('fb-a')).toHaveLength(1);
  });

  it('retries a 5xx, then falls back when it persists', async () => {
    kit.fake.script('fb-a', [{ kind: 'error', status: 500 }]);
    expect((await chat('one 500', models['fb-a']!, [models['fb-b']!])).model).toBe(models['fb-a']);
    kit.fake.reset();
    kit.fake.setDefault('fb-a', { kind: 'error', status: 503 });
    expect((await chat('always 503', models['fb-a']!, [models['fb-b']!])).model).toBe(models['fb-b']);
  });

  it('moves on after a timeout without retrying the slow model, and past an unreachable provider', async () => {
    kit.fake.setDefault('fb-a', { kind: 'timeout' });
    const result = await chat('slow', models['fb-a']!, [models['fb-down']!, models['fb-b']!]);
    expect(result.model).toBe(models['fb-b']);
    expect(kit.fake.requestsFor('fb-a')).toHaveLength(1);
  });

  it('falls back on a refused key (401) too', async () => {
    kit.fake.setDefault('fb-a', { kind: 'error', status: 401, code: 'invalid_api_key' });
    expect((await chat('bad key', models['fb-a']!, [models['fb-b']!])).model).toBe(models['fb-b']);
  });

  it('on a context-length error skips models whose window is not larger', async () => {
    kit.fake.setDefault('fb-small', { kind: 'context_length', limit: 5 });
    const result = await chat('uma pergunta bem longa que não cabe na janela do modelo pequeno', models['fb-small']!, [
      models['fb-small-too']!,
      models['fb-large']!,
    ]);
    expect(result.model).toBe(models['fb-large']);
    expect(kit.fake.requestsFor('fb-small-too')).toHaveLength(0);
    expect(result.completion.choices[0]!.message.content).toContain('Resposta de fb-large');
  });

  it('does not retry or fall back on a bad request (400)', async () => {
    kit.fake.setDefault('fb-a', { kind: 'error', status: 400, message: 'Invalid value for temperature', code: 'invalid_value' });
    await expect(chat('bad request', models['fb-a']!, [models['fb-b']!])).rejects.toMatchObject({
      kind: 'bad_request',
      status: 400,
      message: 'Invalid value for temperature',
    });
    expect(kit.fake.requestsFor('fb-a')).toHaveLength(1);
    expect(kit.fake.requestsFor('fb-b')).toHaveLength(0);
  });

  it('limits the depth and never tries a model twice, even when the chain names it again', async () => {
    for (const name of ['fb-a', 'fb-b', 'fb-c', 'fb-d', 'fb-e']) kit.fake.setDefault(name, { kind: 'error', status: 401 });
    const chain = [models['fb-b']!, models['fb-a']!, models['fb-b']!, models['fb-c']!, models['fb-d']!, models['fb-e']!];
    await expect(chat('everything fails', models['fb-a']!, chain)).rejects.toMatchObject({ kind: 'all_models_failed', status: 502 });
    const tried = ['fb-a', 'fb-b', 'fb-c', 'fb-d', 'fb-e'].map((name) => kit.fake.requestsFor(name).length);
    expect(tried).toEqual([1, 1, 1, 1, 0]); // the first model plus maxFallbacks (3)
  });

  it('with fallback off, only the requested model is tried', async () => {
    kit.fake.setDefault('fb-a', { kind: 'error', status: 401 });
    await expect(chat('no fallback', models['fb-a']!, [models['fb-b']!], { fallback: false })).rejects.toMatchObject({ kind: 'all_models_failed' });
    expect(kit.fake.requestsFor('fb-b')).toHaveLength(0);
  });

  it('streams: falls back before the first chunk, never after it', async () => {
    kit.fake.script('fb-a', [{ kind: 'error', status: 401 }]);
    const gateway = getGateway(kit.server.app);
    let text = '';
    const stream = gateway.chatStream({ clientId, model: models['fb-a']!, fallbackModels: [models['fb-b']!], cache: false, params: ask('stream me') });
    let step = await stream.next();
    while (!step.done) {
      text += step.value.choices[0]?.delta.content ?? '';
      step = await stream.next();
    }
    expect(text).toBe('Resposta de fb-b: stream me');
    expect(step.value.wasFallback).toBe(true);

    kit.fake.reset();
    kit.fake.script('fb-a', [{ kind: 'stream_cut', afterChunks: 2 }]);
    const cut = gateway.chatStream({
      clientId,
      model: models['fb-a']!,
      fallbackModels: [models['fb-b']!],
      cache: false,
      params: ask('this answer will be cut off midway'),
    });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of cut) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toMatchObject({ kind: 'stream_interrupted' });
    expect(received.join('')).toBe('Resposta de ');
    expect(kit.fake.requestsFor('fb-b')).toHaveLength(0);
  });
});
