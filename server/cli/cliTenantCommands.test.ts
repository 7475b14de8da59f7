// The per-client commands of `npx uzz` (provider, provider fallback, apikey, budget, bot, flow) through the real CLI
// process on a fresh database, on both databases; the API key and provider key are then used by a
// real server on the same database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from '../app/createServer.js';
import { loadConfig } from '../config.js';
import type { DatabaseTarget } from '../db/databaseUrl.js';
import { openDatabase } from '../db/openDatabase.js';
import { startFakeModelServer } from '../dev/fakeModelServer.js';
import { runNode } from '../testing/runProcess.js';
import { DATABASE_KINDS, createTestTarget } from '../testing/testDatabases.js';

const databaseUrl = (target: DatabaseTarget) => (target.kind === 'pg' ? target.url : `sqlite:${target.file}`);
const OPENAI_KEY = 'sk-client-key-from-the-cli';
const WELCOME_FLOW = {
  format: 'uzz.flow',
  flow: { name: 'Boas-vindas', triggerKeywords: ['oi'] },
  document: {
    blocks: [
      { id: 'm', type: 'message', data: { text: 'Olá! Bem-vindo à padaria.' } },
      { id: 'e', type: 'end' },
    ],
    edges: [{ id: '1', source: 'm', target: 'e' }],
    startBlockId: 'm',
  },
};

/** A port nothing listens on (the connection test's "nothing is listening" case). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net
      .createServer()
      .once('error', reject)
      .listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
  });
}

describe.each(DATABASE_KINDS)('npx uzz per-client commands on %s', (kind) => {
  let target: DatabaseTarget;
  let drop: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const uzz = (...args: string[]) => runNode('bin/uzz.mjs', args, env);
  const uzzWith = (stdin: string, extraEnv: NodeJS.ProcessEnv, ...args: string[]) =>
    runNode('bin/uzz.mjs', args, { ...env, ...extraEnv }, undefined, { stdin });
  const ok = async (...args: string[]) => {
    const result = await uzz(...args);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
    return result.stdout;
  };
  const json = async <T>(...args: string[]) => JSON.parse(await ok(...args, '--json')) as T;
  const refused = async (args: string[], code: number, message: RegExp, stdin = '', extraEnv: NodeJS.ProcessEnv = {}) => {
    const result = await uzzWith(stdin, extraEnv, ...args);
    expect({ args, code: result.code }).toEqual({ args, code });
    expect(result.stderr).toMatch(message);
    expect(result.stderr.trim().split('\n'), `one line for ${args.join(' ')}`).toHaveLength(1);
  };
  const withDb = async <T>(fn: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>) => {
    const db = await openDatabase(target);
    try {
      return await fn(db);
    } finally {
      await db.close();
    }
  };

  beforeAll(async () => {
    ({ target, drop } = await createTestTarget(kind));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-cli-'));
    env = { DATABASE_URL: databaseUrl(target), DATA_DIR: dir, MASTER_KEY: randomBytes(32).toString('hex') };
    await ok('client', 'create', '--name', 'Padaria', '--slug', 'padaria');
  }, 60_000);
  afterAll(async () => {
    await drop?.();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('connects every kind of provider (keys from the environment or stdin), lists them without the keys, tests and removes them', async () => {
    const saved = async (stdin: string, extraEnv: NodeJS.ProcessEnv, ...args: string[]) => {
      const result = await uzzWith(stdin, extraEnv, 'provider', 'set', '--client', 'padaria', ...args);
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
      return result.stdout;
    };
    const LOCAL = 'http://127.0.0.1:11434/v1';
    expect(await saved('', { UZZ_PROVIDER_KEY: OPENAI_KEY }, '--kind', 'openai', '--model', 'gpt-4.1-mini')).toBe(
      "openai for padaria: model gpt-4.1-mini, key …-cli, the bot's primary provider\n",
    );
    expect(await saved('gsk-groq-key-from-stdin\n', {}, '--kind', 'groq', '--model', 'llama-3.3-70b-versatile', '--key-stdin', '--no-primary')).toBe(
      'groq for padaria: model llama-3.3-70b-versatile, key …tdin, not primary\n',
    );
    await saved('sk-ant-key-from-stdin-dash\n', {}, '--kind', 'anthropic', '--model', 'claude-3-5-haiku-latest', '--key', '-', '--no-primary');
    // A model server on the machine is a private address: refused unless the server allows them.
    await refused(
      ['provider', 'set', '--client', 'padaria', '--kind', 'openai-compatible', '--base-url', LOCAL, '--model', 'llama3.1'],
      2,
      /provider set: .*127\.0\.0\.1.*ALLOW_PRIVATE_NETWORK=1/,
    );
    expect(
      await saved('', { ALLOW_PRIVATE_NETWORK: '1' }, '--kind', 'openai-compatible', '--base-url', `${LOCAL}/`, '--model', 'llama3.1', '--no-primary'),
    ).toBe(`openai-compatible for padaria: model llama3.1, base URL ${LOCAL}, no key, not primary\n`);

    const listed = await json<Array<Record<string, unknown>>>('provider', 'list', '--client', 'padaria');
    expect(listed).toEqual([
      { kind: 'openai', connected: true, keyHint: '…-cli', baseUrl: null, model: 'gpt-4.1-mini', primary: true },
      { kind: 'groq', connected: true, keyHint: '…tdin', baseUrl: null, model: 'llama-3.3-70b-versatile', primary: false },
      { kind: 'anthropic', connected: true, keyHint: '…dash', baseUrl: null, model: 'claude-3-5-haiku-latest', primary: false },
      { kind: 'openai-compatible', connected: true, keyHint: null, baseUrl: LOCAL, model: 'llama3.1', primary: false },
    ]);
    const table = await ok('provider', 'list', '--client', 'padaria');
    expect(table).toMatch(/^KIND\s+CONNECTED\s+KEY\s+BASE URL\s+MODEL\s+PRIMARY\nopenai\s+yes\s+…-cli\s+-\s+gpt-4\.1-mini\s+yes\n/);
    expect(table).toMatch(/\nopenai-compatible\s+yes\s+-\s+http:\/\/127\.0\.0\.1:11434\/v1\s+llama3\.1\s+no\n$/);
    expect(table + JSON.stringify(listed)).not.toContain(OPENAI_KEY);
    const secretNames = () => withDb((db) => db.system((tx) => tx.select().from(db.t.secrets))).then((rows) => rows.map((row) => row.name).sort());
    expect(await secretNames()).toEqual(['anthropic_api_key', 'groq_api_key', 'openai_api_key', 'sandbox_app_secret']);
    expect(JSON.stringify(await withDb((db) => db.system((tx) => tx.select().from(db.t.secrets))))).not.toContain(OPENAI_KEY);
    // Only the model: the stored key stays.
    expect(await saved('', {}, '--kind', 'groq', '--model', 'llama-3.1-8b-instant', '--no-primary')).toBe(
      'groq for padaria: model llama-3.1-8b-instant, key …tdin, not primary\n',
    );

    // "Test connection": the stored key against the server's OPENAI_BASE_URL, a key typed for the test, an OpenAI-compatible server.
    const fake = await startFakeModelServer({ apiKeys: [OPENAI_KEY, 'sk-local-server-key'] });
    for (const model of ['gpt-4.1-mini', 'llama3.1']) fake.setDefault(model, { kind: 'ok' }); // the models its /models lists
    const closedPort = await freePort();
    try {
      const openaiAt = { OPENAI_BASE_URL: fake.baseUrl };
      const models = await uzzWith('', openaiAt, 'provider', 'test', '--client', 'padaria', '--kind', 'openai');
      expect({ code: models.code, stderr: models.stderr }).toEqual({ code: 0, stderr: '' });
      expect(models.stdout).toBe('gpt-4.1-mini\nllama3.1\n');
      expect(fake.requests.at(-1)).toMatchObject({ path: '/models', authorization: `Bearer ${OPENAI_KEY}` });
      await refused(
        ['provider', 'test', '--client', 'padaria', '--kind', 'openai', '--key-stdin'],
        1,
        /provider test: OpenAI refused the key \(HTTP 401\)/,
        'sk-not-the-right-key\n',
        openaiAt,
      );

      const allow = { ALLOW_PRIVATE_NETWORK: '1' };
      expect(await saved('sk-local-server-key\n', allow, '--kind', 'openai-compatible', '--base-url', fake.baseUrl, '--key-stdin', '--no-primary')).toBe(
        `openai-compatible for padaria: model llama3.1, base URL ${fake.baseUrl}, key …-key, not primary\n`,
      );
      const local = await uzzWith('', allow, 'provider', 'test', '--client', 'padaria', '--kind', 'openai-compatible', '--json');
      expect({ code: local.code, stderr: local.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(local.stdout)).toEqual({ ok: true, models: ['gpt-4.1-mini', 'llama3.1'] });
      expect(fake.requests.at(-1)).toMatchObject({ path: '/models', authorization: 'Bearer sk-local-server-key' });

      const nothing = `http://127.0.0.1:${closedPort}/v1`;
      await refused(
        ['provider', 'test', '--client', 'padaria', '--kind', 'openai-compatible', '--base-url', nothing],
        1,
        new RegExp(`provider test: Nothing is listening at 127\\.0\\.0\\.1:${closedPort}`),
        '',
        allow,
      );
      await refused(
        ['provider', 'test', '--client', 'padaria', '--kind', 'openai-compatible', '--base-url', nothing],
        1,
        /provider test: .*ALLOW_PRIVATE_NETWORK=1/,
      );
      const failed = await uzzWith('', allow, 'provider', 'test', '--client', 'padaria', '--kind', 'openai-compatible', '--base-url', nothing, '--json');
      expect(failed.code).toBe(1);
      expect(JSON.parse(failed.stdout)).toMatchObject({ ok: false, code: 'refused', reason: expect.stringContaining('Nothing is listening') });
      await refused(
        ['provider', 'test', '--client', 'padaria', '--kind', 'openai-compatible', '--base-url', 'ftp://models.example.com/v1'],
        2,
        /provider test: baseUrl: the base URL must start with http/,
      );
    } finally {
      await fake.close();
    }

    // Removing the primary provider hands over to another connected one; its key leaves the vault.
    expect(await saved('', {}, '--kind', 'openai-compatible')).toMatch(/^openai-compatible for padaria: model llama3\.1, .*the bot's primary provider\n$/);
    expect(await ok('provider', 'remove', '--client', 'padaria', '--kind', 'openai-compatible')).toBe(
      "openai-compatible removed from padaria; the bot's primary provider is openai\n",
    );
    expect(await ok('provider', 'remove', '--client', 'padaria', '--kind', 'anthropic')).toBe(
      "anthropic removed from padaria; the bot's primary provider is openai\n",
    );
    await refused(['provider', 'remove', '--client', 'padaria', '--kind', 'anthropic'], 1, /provider remove: padaria has no anthropic connection/);
    expect(await secretNames()).toEqual(['groq_api_key', 'openai_api_key', 'sandbox_app_secret']);
    expect(
      (await json<Array<{ kind: string; connected: boolean; primary: boolean }>>('provider', 'list', '--client', 'padaria')).map(
        ({ kind, connected, primary }) => [kind, connected, primary],
      ),
    ).toEqual([
      ['openai', true, true],
      ['groq', true, false],
      ['anthropic', false, false],
      ['openai-compatible', false, false],
    ]);

    await refused(
      ['provider', 'set', '--client', 'padaria', '--kind', 'anthropic', '--model', 'claude-3-5-haiku-latest'],
      2,
      /provider set: give the anthropic API key \(UZZ_PROVIDER_KEY or --key-stdin\)/,
    );
    await refused(
      ['provider', 'set', '--client', 'padaria', '--kind', 'anthropic', '--key-stdin'],
      2,
      /provider set: give --model \(npx uzz provider test --client padaria --kind anthropic lists them\)/,
      'sk-ant-another-key\n',
    );
    await refused(['provider', 'set', '--client', 'padaria', '--kind', 'openai-compatible', '--model', 'm'], 2, /provider set: give --base-url/);
    await refused(['provider', 'set', '--client', 'padaria', '--kind', 'openai', '--key', '-'], 2, /provider set: apiKey: that key is too short/, 'short\n');
    await refused(['provider', 'list', '--client', 'nope'], 2, /provider list: no client with slug or id "nope"/);
  }, 180_000);

  it('sets, shows and clears the fallback message customers get when the AI cannot answer', async () => {
    expect(await json<unknown>('provider', 'fallback', '--client', 'padaria', '--show')).toEqual({ message: null });
    const message = 'Já já uma pessoa da equipe responde você. 🥐';
    expect(await ok('provider', 'fallback', '--client', 'padaria', '--message', `  ${message} `)).toBe('fallback message of padaria saved\n');
    expect(await ok('provider', 'fallback', '--client', 'padaria', '--show')).toBe(`${message}\n`);
    expect(await ok('provider', 'fallback', '--client', 'padaria', '--message', 'Outra mensagem.')).toBe('fallback message of padaria saved\n');
    expect(await json<unknown>('provider', 'fallback', '--client', 'padaria', '--show')).toEqual({ message: 'Outra mensagem.' });
    await refused(
      ['provider', 'fallback', '--client', 'padaria', '--message', 'x'.repeat(1001)],
      2,
      /provider fallback: message: the fallback message is too long/,
    );
    expect(await ok('provider', 'fallback', '--client', 'padaria', '--clear')).toBe('fallback message of padaria removed\n');
    const none = await uzz('provider', 'fallback', '--client', 'padaria', '--show');
    expect(none).toEqual({ code: 0, stdout: '', stderr: 'uzz: padaria has no fallback message\n' });
  }, 120_000);

  it("creates API keys shown once, which call /v1 with the client's own provider key; revoked keys stop", async () => {
    const created = await uzz('apikey', 'create', '--client', 'padaria', '--name', 'n8n');
    expect(created.code).toBe(0);
    expect(created.stdout).toMatch(/^uzz-sk-\S+\n$/);
    expect(created.stderr).toMatch(/^uzz: API key "n8n" created \(id [0-9a-f-]{36}\); the key above is shown only this once/);
    const key = created.stdout.trim();
    const old = await json<{ id: string; key: string; name: string }>('apikey', 'create', '--client', 'padaria', '--name', 'old');
    expect(old).toMatchObject({ name: 'old', key: expect.stringMatching(/^uzz-sk-/) });
    expect(await ok('apikey', 'revoke', '--client', 'padaria', '--id', old.id)).toBe(`revoked ${old.id}\n`);
    await refused(['apikey', 'revoke', '--client', 'padaria', '--id', '0b7c2f0e-3c55-4c1e-9a57-2f0c1d2e3f4a'], 1, /client padaria has no API key 0b7c2f0e/);

    const listed = await json<Array<{ name: string; prefix: string; revokedAt: string | null }>>('apikey', 'list', '--client', 'padaria');
    expect(listed.map((item) => [item.name, item.revokedAt !== null]).sort()).toEqual([
      ['n8n', false],
      ['old', true],
    ]);
    expect(JSON.stringify(listed) + (await ok('apikey', 'list', '--client', 'padaria'))).not.toContain(key.slice(13));
    // Every change went through the feature's procedure, so the audit log has it, by the CLI.
    const audit = await withDb((db) => db.system((tx) => tx.select().from(db.t.auditLogs).where(eq(db.t.auditLogs.action, 'apiKeys.create'))));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({
      userEmail: 'uzz-cli',
      userRole: 'platform_admin',
      endpoint: 'uzz apikey create',
      status: 'success',
      clientId: expect.any(String),
    });

    const scoped = await json<{ scopes: string[] | null }>(
      'apikey',
      'create',
      '--client',
      'padaria',
      '--name',
      'crm',
      '--scopes',
      'contacts:read, contacts:write',
      '--json',
    );
    expect(scoped.scopes).toEqual(['contacts:read', 'contacts:write']);

    // A real server on the same database answers the key, calling OpenAI with the client's key.
    const fake = await startFakeModelServer();
    const config = {
      ...loadConfig({}, dir),
      database: target,
      dataDir: dir,
      port: 0,
      masterKey: env.MASTER_KEY!,
      logLevel: 'silent',
      webDir: path.join(dir, 'no-web-build'),
      providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl },
    };
    const server = await createServer(config);
    try {
      const url = await server.start();
      const chat = (bearer: string) =>
        fetch(`${url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'openai/gpt-4.1-mini', messages: [{ role: 'user', content: 'oi' }] }),
        });
      const answered = await chat(key);
      expect(answered.status).toBe(200);
      expect(fake.requests.at(-1)).toMatchObject({ path: '/chat/completions', authorization: `Bearer ${OPENAI_KEY}` });
      expect((await chat(old.key)).status).toBe(401);
    } finally {
      await server.stop();
      await fake.close();
    }
  }, 180_000);

  it('sets and shows a budget', async () => {
    expect(await ok('budget', 'show', '--client', 'padaria')).toBe('padaria has no budget (none of its own, and its plan has none)\n');
    expect(
      await ok(
        'budget',
        'set',
        '--client',
        'padaria',
        '--brl',
        '150',
        '--period',
        'weekly',
        '--alerts',
        '80,100',
        '--pause-at-limit',
        '--notify-email',
        'dona@padaria.com',
      ),
    ).toBe('budget of padaria: R$ 150.00 weekly\n');
    const budget = await json<Record<string, unknown>>('budget', 'show', '--client', 'padaria');
    expect(budget).toMatchObject({
      type: 'brl',
      period: 'weekly',
      brlLimit: expect.stringMatching(/^150(\.0+)?$/),
      thresholds: [80, 100],
      pauseAtLimit: true,
      isPaused: false,
      notificationEmail: 'dona@padaria.com',
    });
    expect(await ok('budget', 'show', '--client', 'padaria')).toMatch(/^limit:\s+R\$ 150\.00 weekly\n[\s\S]*alerts at:\s+80%, 100%\n/);
    await refused(['budget', 'set', '--client', 'padaria', '--inherit'], 2, /budget set: plan "free" has no budget to inherit/);
    await refused(['budget', 'set', '--client', 'padaria', '--brl', 'lots'], 2, /budget set: brlLimit: an amount such as 150.00/);
    await refused(['budget', 'set', '--client', 'padaria', '--brl', '5', '--notify-email', 'not-an-email'], 2, /budget set: notificationEmail/);
    expect(await json<Record<string, unknown>>('budget', 'show', '--client', 'padaria')).toMatchObject({ period: 'weekly', pauseAtLimit: true }); // refusals changed nothing
    await refused(['budget', 'set', '--client', 'padaria', '--brl', '5', '--on-limit', 'stop'], 2, /budget set: --on-limit must be one of pause, alert/);
    await refused(
      ['budget', 'set', '--client', 'padaria', '--brl', '5', '--on-limit', 'alert', '--pause-at-limit'],
      2,
      /--pause-at-limit does not go with --on-limit alert/,
    );
    expect(await json<Record<string, unknown>>('budget', 'show', '--client', 'padaria')).toMatchObject({ onLimit: 'pause', pauseAtLimit: true });
    await ok('budget', 'set', '--client', 'padaria', '--brl', '150', '--on-limit', 'alert');
    expect(await json<Record<string, unknown>>('budget', 'show', '--client', 'padaria')).toMatchObject({ onLimit: 'alert', pauseAtLimit: false });
    // Without --on-limit the budget keeps doing what it did at the limit.
    await ok('budget', 'set', '--client', 'padaria', '--brl', '200');
    expect(await json<Record<string, unknown>>('budget', 'show', '--client', 'padaria')).toMatchObject({
      brlLimit: expect.stringMatching(/^200(\.0+)?$/),
      onLimit: 'alert',
    });
    await ok('budget', 'set', '--client', 'padaria', '--brl', '200', '--on-limit', 'pause', '--pause-at-limit');
    expect(await json<Record<string, unknown>>('budget', 'show', '--client', 'padaria')).toMatchObject({ onLimit: 'pause', pauseAtLimit: true });
  }, 120_000);

  it("shows the bot configuration and sets it from a file and flags, with the server's validation", async () => {
    const file = path.join(dir, 'bot.json');
    fs.writeFileSync(
      file,
      JSON.stringify({ systemPrompt: 'Você é a atendente da Padaria Pão Quente.', groqModel: 'llama-3.3-70b-versatile', knowledgeBase: { topK: 6 } }),
    );
    expect(await ok('bot', 'set', '--client', 'padaria', '--file', file, '--knowledge-base', 'off')).toBe(
      'bot of padaria: systemPrompt, groqModel, knowledgeBase.enabled, knowledgeBase.topK saved\n',
    );
    const shown = await json<Record<string, unknown>>('bot', 'show', '--client', 'padaria');
    expect(shown).toEqual({
      systemPrompt: 'Você é a atendente da Padaria Pão Quente.',
      formatterPrompt: null,
      primaryModelProvider: 'openai',
      openaiModel: 'gpt-4.1-mini',
      groqModel: 'llama-3.3-70b-versatile',
      knowledgeBase: { enabled: false, topK: 6, minScore: 0.25 },
    });
    // What show --json prints, set --file takes back.
    fs.writeFileSync(file, JSON.stringify({ ...shown, formatterPrompt: 'Responda em até 3 linhas.' }));
    await ok('bot', 'set', '--client', 'padaria', '--file', file);
    expect(await ok('bot', 'show', '--client', 'padaria')).toMatch(
      /^system prompt:\s+Você é a atendente[\s\S]*formatter prompt:\s+Responda em até 3 linhas\.\n[\s\S]*knowledge base:\s+off\n/,
    );

    const bad = (name: string, content: string) => {
      fs.writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    await refused(
      ['bot', 'set', '--client', 'padaria', '--file', bad('unknown.json', '{"systemPromt": "typo"}')],
      2,
      /bot set: invalid configuration in .*unknown\.json: file: Unrecognized key: "systemPromt"/,
    );
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('topk.json', '{"knowledgeBase": {"topK": 50}}')], 2, /knowledgeBase\.topK: .*20/);
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('provider.json', '{"primaryModelProvider": "mistral"}')], 2, /primaryModelProvider/);
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('array.json', '[]')], 2, /must hold a JSON object/);
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('broken.json', '{"systemPrompt": ')], 2, /broken\.json is not valid JSON/);
    expect((await json<{ knowledgeBase: { topK: number } }>('bot', 'show', '--client', 'padaria')).knowledgeBase.topK).toBe(6);
  }, 120_000);

  it('imports, publishes and activates flows, lists and exports them; refuses bad files and unknown ids', async () => {
    const file = path.join(dir, 'welcome.flow.json');
    fs.writeFileSync(file, JSON.stringify(WELCOME_FLOW));
    const imported = await json<{ id: string; name: string; publishedVersion: number; isActive: boolean }>(
      'flow',
      'import',
      '--client',
      'padaria',
      '--file',
      file,
      '--publish',
      '--activate',
    );
    expect(imported).toMatchObject({ name: 'Boas-vindas', publishedVersion: 1, isActive: true, warnings: [] });
    const draftLine = await ok('flow', 'import', '--client', 'padaria', '--file', file, '--name', 'Rascunho');
    expect(draftLine).toMatch(/^[0-9a-f-]{36} {2}imported "Rascunho", draft\n$/);
    const draftId = draftLine.slice(0, 36);

    // The flow is live: published and active in the database the webhook path reads.
    const row = await withDb((db) => db.system((tx) => tx.select().from(db.t.interactiveFlows).where(eq(db.t.interactiveFlows.id, imported.id))));
    expect(row[0]).toMatchObject({ isActive: true, publishedVersionId: expect.any(String) });

    // Publishing makes a flow live, so a second flow with the keyword "oi" is refused, naming the first.
    await refused(
      ['flow', 'publish', '--client', 'padaria', '--id', draftId],
      1,
      /flow publish: the active flow "Boas-vindas" already starts with the keyword "oi"/,
    );
    const renamed = path.join(dir, 'hello.flow.json');
    fs.writeFileSync(renamed, JSON.stringify({ ...WELCOME_FLOW, flow: { name: 'Olá', triggerKeywords: ['ola'] } }));
    const otherId = (await ok('flow', 'import', '--client', 'padaria', '--file', renamed)).slice(0, 36);
    const published = await uzz('flow', 'publish', '--client', 'padaria', '--id', otherId);
    expect(published.code).toBe(0);
    expect(published.stdout).toBe(`${otherId}  published version 1, active\n`);
    expect(published.stderr).toBe('');
    const listed = await json<Array<{ id: string; name: string; isActive: boolean; publishedVersion: number | null }>>('flow', 'list', '--client', 'padaria');
    expect(listed.map(({ name, isActive, publishedVersion }) => ({ name, isActive, publishedVersion }))).toEqual([
      { name: 'Boas-vindas', isActive: true, publishedVersion: 1 },
      { name: 'Olá', isActive: true, publishedVersion: 1 },
      { name: 'Rascunho', isActive: false, publishedVersion: null },
    ]);
    expect(await ok('flow', 'list', '--client', 'padaria')).toMatch(
      /^ID\s+NAME\s+TRIGGER\s+ACTIVE\s+PUBLISHED\s+DRAFT\s+UPDATED\n[0-9a-f-]{36}\s+Boas-vindas\s+oi\s+yes\s+1\s+1\s/,
    );

    const out = path.join(dir, 'exported.flow.json');
    expect(await ok('flow', 'export', '--client', 'padaria', '--id', imported.id, '--out', out, '--published')).toBe(`${out}  "Boas-vindas"\n`);
    const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as { format: string; flow: { name: string } };
    expect(exported).toMatchObject({ format: 'uzz.flow', flow: { name: 'Boas-vindas', triggerKeywords: ['oi'] } });
    expect(JSON.parse(await ok('flow', 'export', '--client', 'padaria', '--id', imported.id))).toMatchObject({ format: 'uzz.flow' });
    await ok('flow', 'import', '--client', 'padaria', '--file', out, '--name', 'Cópia'); // round trip

    const unknown = '6f1c0c53-8f0a-4c43-a1c8-0c7d5b3c2a10';
    await refused(['flow', 'publish', '--client', 'padaria', '--id', unknown], 1, new RegExp(`flow publish: client padaria has no flow ${unknown}`));
    await refused(['flow', 'export', '--client', 'padaria', '--id', unknown, '--out', out], 1, /flow export: client padaria has no flow/);
    await refused(
      ['flow', 'export', '--client', 'padaria', '--id', draftId, '--out', path.join(dir, 'no', 'such', 'dir.json')],
      2,
      /cannot write .*: no such directory/,
    );
    const broken = path.join(dir, 'broken.flow.json');
    fs.writeFileSync(broken, JSON.stringify({ ...WELCOME_FLOW, document: { ...WELCOME_FLOW.document, edges: [{ id: '1', source: 'm', target: 'nowhere' }] } }));
    await refused(
      ['flow', 'import', '--client', 'padaria', '--file', broken],
      2,
      /flow import: the flow in this file has \d+ problem\(s\), nothing was imported/,
    );
    fs.writeFileSync(broken, JSON.stringify({ format: 'zip' }));
    await refused(['flow', 'import', '--client', 'padaria', '--file', broken], 2, /flow import: this is not a flow file this server can read/);
    await refused(['flow', 'list', '--client', 'nope'], 2, /flow list: no client with slug or id "nope"/);
    const count = await withDb((db) =>
      db.system((tx) =>
        tx
          .select()
          .from(db.t.interactiveFlows)
          .where(and(eq(db.t.interactiveFlows.name, 'Boas-vindas'))),
      ),
    );
    expect(count).toHaveLength(1);
    expect(await json<unknown[]>('flow', 'list', '--client', 'padaria')).toHaveLength(4); // Boas-vindas, Rascunho, Olá, Cópia: nothing half-imported
  }, 300_000);
});
