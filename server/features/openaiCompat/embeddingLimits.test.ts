// /v1/embeddings refuses requests too big to serve (too many inputs, too many characters) with
// OpenAI's error shape, before any model is called.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { startGatewayKit, type GatewayKit } from '../gateway/gatewayTestKit.js';
import { EMBEDDING_INPUT_CHARS_MAX, EMBEDDING_INPUTS_MAX, EMBEDDING_TOTAL_CHARS_MAX } from './validateEmbeddingsInput.js';

describe.each(DATABASE_KINDS)('/v1/embeddings limits on %s', (kind) => {
  let kit: GatewayKit;
  let model: string;
  let key: string;
  beforeAll(async () => {
    kit = await startGatewayKit(kind);
    model = await kit.addModel({ modelName: 'limits-embed', input: '0.02', output: '0', maxOutputTokens: null, capabilities: { embeddings: true } });
    key = await kit.apiKey((await kit.makeTenant()).owner);
  });
  afterAll(() => kit?.dispose());

  const embed = (input: unknown) =>
    fetch(`${kit.server.url}/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model, input }),
    });
  const refused = async (input: unknown, message: RegExp, param = 'input') => {
    const response = await embed(input);
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { message: string; type: string; param: string | null; code: string | null } };
    expect(body).toEqual({ error: { message: expect.stringMatching(message), type: 'invalid_request_error', param, code: null } });
  };

  it('refuses a 6 MB request of 1.5 million inputs at once, calling no model, and still serves 256', async () => {
    const before = kit.fake.requestsFor('limits-embed').length;
    await refused(
      Array.from({ length: 1_500_000 }, () => 'a'),
      /^input has 1500000 items; at most 256 are allowed/,
    );
    await refused(
      Array.from({ length: EMBEDDING_INPUTS_MAX + 1 }, (_, i) => `texto ${i}`),
      /^input has 257 items/,
    );
    expect(kit.fake.requestsFor('limits-embed')).toHaveLength(before);
    const ok = await embed(Array.from({ length: EMBEDDING_INPUTS_MAX }, (_, i) => `texto ${i}`));
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { data: unknown[] }).data).toHaveLength(EMBEDDING_INPUTS_MAX);
  });

  it('refuses an input that is too long, too many characters in all, and empty inputs', async () => {
    await refused(['curto', 'x'.repeat(EMBEDDING_INPUT_CHARS_MAX + 1)], /^input\[1\] has 32769 characters; at most 32768/, 'input[1]');
    const many = Array.from({ length: Math.ceil(EMBEDDING_TOTAL_CHARS_MAX / EMBEDDING_INPUT_CHARS_MAX) + 1 }, () => 'y'.repeat(EMBEDDING_INPUT_CHARS_MAX));
    await refused(many, /^input has \d+ characters in all; at most 1000000/);
    await refused([], /empty list/);
    await refused('', /^input is an empty string$/);
    expect(kit.fake.requestsFor('limits-embed')).toHaveLength(1);
  });
});
