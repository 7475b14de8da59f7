// PROVIDER_TIMEOUT_MS: how long the gateway waits for one provider request is a setting, not a
// constant in the code. A model that answers only after it is given up on (and before the test
// kit's usual 1.5 s) makes the gateway fall back, or fail with a timeout reason when nothing is left.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '#server/config.js';
import { DATABASE_KINDS } from '#server/testing/testDatabases.js';
import { runNode } from '#server/testing/runProcess.js';
import { startGatewayKit, type GatewayKit } from './gatewayTestKit.js';
import { getGateway } from './getGateway.js';

const ask = (text: string) => ({ messages: [{ role: 'user' as const, content: text }] });
/** Answers after the configured timeout (600 ms) but before the kit's default one (1.5 s). */
const LATE = { kind: 'ok', latencyMs: 1_200 } as const;

describe.each(DATABASE_KINDS)('the provider timeout on %s', (kind) => {
  let kit: GatewayKit;
  let clientId: string;
  const models: Record<string, string> = {};
  beforeAll(async () => {
    kit = await startGatewayKit(kind, { providerTimeoutMs: loadConfig({ PROVIDER_TIMEOUT_MS: '600' }).providerTimeoutMs });
    for (const name of ['to-late', 'to-quick']) models[name] = await kit.addModel({ modelName: name });
    ({ clientId } = await kit.makeTenant());
  });
  beforeEach(() => kit.fake.reset());
  afterAll(() => kit?.dispose());

  const chat = (text: string, model: string, chain: string[]) =>
    getGateway(kit.server.app).chat({ clientId, model, fallbackModels: chain, cache: false, params: ask(text) });

  it('falls back from a model that answers after PROVIDER_TIMEOUT_MS, without asking it again', async () => {
    kit.fake.setDefault('to-late', LATE);
    const result = await chat('late answer', models['to-late']!, [models['to-quick']!]);
    expect(result).toMatchObject({ model: models['to-quick'], wasFallback: true });
    expect(kit.fake.requestsFor('to-late')).toHaveLength(1);
  });

  it('fails with a timeout reason when no model is left', async () => {
    kit.fake.setDefault('to-late', LATE);
    await expect(chat('late, no fallback', models['to-late']!, [])).rejects.toMatchObject({
      kind: 'all_models_failed',
      status: 502,
      message: expect.stringMatching(/to-late: timeout/),
    });
  });

  it('waits for a model that answers within the timeout', async () => {
    const result = await chat('in time', models['to-quick']!, []);
    expect(result).toMatchObject({ model: models['to-quick'], wasFallback: false });
  });
});

describe('PROVIDER_TIMEOUT_MS configuration', () => {
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-timeout-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('defaults to 60 s', () => {
    expect(loadConfig({}).providerTimeoutMs).toBe(60_000);
  });

  it.each(['soon', '1.5', '600001'])('refuses %s with one line and exit code 1 (npx uzz)', async (value) => {
    const result = await runNode('bin/uzz.mjs', ['migrate'], { PROVIDER_TIMEOUT_MS: value, DATA_DIR: dataDir });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(`uzz: error: PROVIDER_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000 (got "${value}")`);
  });
});
