// The per-client commands of `npx uzz` (provider, apikey, budget, bot, flow) through the real CLI
// process on a fresh database, on both databases; the API key and provider key are then used by a
// real server on the same database.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
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
  document: { blocks: [{ id: 'm', type: 'message', data: { text: 'Olá! Bem-vindo à padaria.' } }, { id: 'e', type: 'end' }], edges: [{ id: '1', source: 'm', target: 'e' }], startBlockId: 'm' },
};

describe.each(DATABASE_KINDS)('npx uzz per-client commands on %s', (kind) => {
  let target: DatabaseTarget;
  let drop: () => Promise<void>;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const uzz = (...args: string[]) => runNode('bin/uzz.mjs', args, env);
  const uzzWith = (stdin: string, extraEnv: NodeJS.ProcessEnv, ...args: string[]) => runNode('bin/uzz.mjs', args, { ...env, ...extraEnv }, undefined, { stdin });
  const ok = async (...args: string[]) => {
    const result = await uzz(...args);
    expect({ args, code: result.code, stderr: result.stderr }).toEqual({ args, code: 0, stderr: '' });
    return result.stdout;
  };
  const json = async <T>(...args: string[]) => JSON.parse(await ok(...args, '--json')) as T;
  const refused = async (args: string[], code: number, message: RegExp, stdin = '') => {
    const result = await uzzWith(stdin, {}, ...args);
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

  it('stores provider keys in the vault (from the environment or stdin) and lists them, never printing them', async () => {
    const openai = await uzzWith('', { UZZ_PROVIDER_KEY: OPENAI_KEY }, 'provider', 'set', '--client', 'padaria', '--kind', 'openai', '--model', 'gpt-4.1-mini', '--primary');
    expect({ code: openai.code, stderr: openai.stderr }).toEqual({ code: 0, stderr: '' });
    const groq = await uzzWith('gsk-groq-key-from-stdin\n', {}, 'provider', 'set', '--client', 'padaria', '--kind', 'groq', '--key-stdin');
    expect({ code: groq.code, stderr: groq.stderr }).toEqual({ code: 0, stderr: '' });
    const listed = await json<Array<Record<string, unknown>>>('provider', 'list', '--client', 'padaria');
    expect(listed).toEqual([
      { kind: 'openai', clientKey: true, platformKey: false, model: 'gpt-4.1-mini', primary: true },
      { kind: 'groq', clientKey: true, platformKey: false, model: null, primary: false },
    ]);
    const table = await ok('provider', 'list', '--client', 'padaria');
    expect(table).toMatch(/^KIND\s+CLIENT KEY\s+PLATFORM KEY\s+MODEL\s+PRIMARY\nopenai\s+yes\s+no\s+gpt-4\.1-mini\s+yes\n/);
    expect(table + JSON.stringify(listed)).not.toContain(OPENAI_KEY);
    const secrets = await withDb((db) => db.system((tx) => tx.select().from(db.t.secrets)));
    expect(secrets.map((secret) => secret.name).sort()).toEqual(['groq_api_key', 'openai_api_key']);
    expect(JSON.stringify(secrets)).not.toContain(OPENAI_KEY);

    await refused(['provider', 'set', '--client', 'padaria', '--kind', 'anthropic'], 1, /--kind anthropic is not supported yet by this server/);
    await refused(['provider', 'set', '--client', 'padaria', '--kind', 'openai-compatible', '--base-url', 'http://127.0.0.1:11434/v1'], 1, /not supported yet by this server/);
    await refused(['provider', 'set', '--client', 'padaria', '--kind', 'openai', '--key', '-'], 2, /provider set: openaiApiKey: that key is too short/, 'short\n');
    await refused(['provider', 'list', '--client', 'nope'], 2, /provider list: no client with slug or id "nope"/);
  }, 120_000);

  it('creates API keys shown once, which call /v1 with the client\'s own provider key; revoked keys stop', async () => {
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
    expect(listed.map((item) => [item.name, item.revokedAt !== null]).sort()).toEqual([['n8n', false], ['old', true]]);
    expect(JSON.stringify(listed) + (await ok('apikey', 'list', '--client', 'padaria'))).not.toContain(key.slice(13));
    // Every change went through the feature's procedure, so the audit log has it, by the CLI.
    const audit = await withDb((db) => db.system((tx) => tx.select().from(db.t.auditLogs).where(eq(db.t.auditLogs.action, 'apiKeys.create'))));
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ userEmail: 'uzz-cli', userRole: 'platform_admin', endpoint: 'uzz apikey create', status: 'success', clientId: expect.any(String) });

    // A real server on the same database answers the key, calling OpenAI with the client's key.
    const fake = await startFakeModelServer();
    const config = { ...loadConfig({}, dir), database: target, dataDir: dir, port: 0, masterKey: env.MASTER_KEY!, logLevel: 'silent',
      webDir: path.join(dir, 'no-web-build'), providers: { openaiBaseUrl: fake.baseUrl, groqBaseUrl: fake.baseUrl, anthropicBaseUrl: fake.baseUrl } };
    const server = await createServer(config);
    try {
      const url = await server.start();
      const chat = (bearer: string) => fetch(`${url}/v1/chat/completions`, {
        method: 'POST', headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
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
    expect(await ok('budget', 'set', '--client', 'padaria', '--brl', '150', '--period', 'weekly', '--alerts', '80,100', '--pause-at-limit', '--notify-email', 'dona@padaria.com'))
      .toBe('budget of padaria: R$ 150.00 weekly\n');
    const budget = await json<Record<string, unknown>>('budget', 'show', '--client', 'padaria');
    expect(budget).toMatchObject({ type: 'brl', period: 'weekly', brlLimit: expect.stringMatching(/^150(\.0+)?$/), thresholds: [80, 100], pauseAtLimit: true, isPaused: false, notificationEmail: 'dona@padaria.com' });
    expect(await ok('budget', 'show', '--client', 'padaria')).toMatch(/^limit:\s+R\$ 150\.00 weekly\n[\s\S]*alerts at:\s+80%, 100%\n/);
    await refused(['budget', 'set', '--client', 'padaria', '--inherit'], 2, /budget set: plan "free" has no budget to inherit/);
    await refused(['budget', 'set', '--client', 'padaria', '--brl', 'lots'], 2, /budget set: brlLimit: an amount such as 150.00/);
    await refused(['budget', 'set', '--client', 'padaria', '--brl', '5', '--notify-email', 'not-an-email'], 2, /budget set: notificationEmail/);
    expect(await json<Record<string, unknown>>('budget', 'show', '--client', 'padaria')).toMatchObject({ period: 'weekly', pauseAtLimit: true }); // refusals changed nothing
  }, 120_000);

  it('shows the bot configuration and sets it from a file and flags, with the server\'s validation', async () => {
    const file = path.join(dir, 'bot.json');
    fs.writeFileSync(file, JSON.stringify({ systemPrompt: 'Você é a atendente da Padaria Pão Quente.', groqModel: 'llama-3.3-70b-versatile', knowledgeBase: { topK: 6 } }));
    expect(await ok('bot', 'set', '--client', 'padaria', '--file', file, '--knowledge-base', 'off'))
      .toBe('bot of padaria: systemPrompt, groqModel, knowledgeBase.enabled, knowledgeBase.topK saved\n');
    const shown = await json<Record<string, unknown>>('bot', 'show', '--client', 'padaria');
    expect(shown).toEqual({
      systemPrompt: 'Você é a atendente da Padaria Pão Quente.', formatterPrompt: null, primaryModelProvider: 'openai', openaiModel: 'gpt-4.1-mini',
      groqModel: 'llama-3.3-70b-versatile', knowledgeBase: { enabled: false, topK: 6, minScore: 0.25 },
    });
    // What show --json prints, set --file takes back.
    fs.writeFileSync(file, JSON.stringify({ ...shown, formatterPrompt: 'Responda em até 3 linhas.' }));
    await ok('bot', 'set', '--client', 'padaria', '--file', file);
    expect(await ok('bot', 'show', '--client', 'padaria')).toMatch(/^system prompt:\s+Você é a atendente[\s\S]*formatter prompt:\s+Responda em até 3 linhas\.\n[\s\S]*knowledge base:\s+off\n/);

    const bad = (name: string, content: string) => {
      fs.writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('unknown.json', '{"systemPromt": "typo"}')], 2, /bot set: invalid configuration in .*unknown\.json: file: Unrecognized key: "systemPromt"/);
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('topk.json', '{"knowledgeBase": {"topK": 50}}')], 2, /knowledgeBase\.topK: .*20/);
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('provider.json', '{"primaryModelProvider": "mistral"}')], 2, /primaryModelProvider/);
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('array.json', '[]')], 2, /must hold a JSON object/);
    await refused(['bot', 'set', '--client', 'padaria', '--file', bad('broken.json', '{"systemPrompt": ')], 2, /broken\.json is not valid JSON/);
    expect((await json<{ knowledgeBase: { topK: number } }>('bot', 'show', '--client', 'padaria')).knowledgeBase.topK).toBe(6);
  }, 120_000);

  it('imports, publishes and activates flows, lists and exports them; refuses bad files and unknown ids', async () => {
    const file = path.join(dir, 'welcome.flow.json');
    fs.writeFileSync(file, JSON.stringify(WELCOME_FLOW));
    const imported = await json<{ id: string; name: string; publishedVersion: number; isActive: boolean }>('flow', 'import', '--client', 'padaria', '--file', file, '--publish', '--activate');
    expect(imported).toMatchObject({ name: 'Boas-vindas', publishedVersion: 1, isActive: true, warnings: [] });
    const draftLine = await ok('flow', 'import', '--client', 'padaria', '--file', file, '--name', 'Rascunho');
    expect(draftLine).toMatch(/^[0-9a-f-]{36} {2}imported "Rascunho", draft\n$/);
    const draftId = draftLine.slice(0, 36);

    // The flow is live: published and active in the database the webhook path reads.
    const row = await withDb((db) => db.system((tx) => tx.select().from(db.t.interactiveFlows).where(eq(db.t.interactiveFlows.id, imported.id))));
    expect(row[0]).toMatchObject({ isActive: true, publishedVersionId: expect.any(String) });

    const published = await uzz('flow', 'publish', '--client', 'padaria', '--id', draftId, '--activate');
    expect(published.code).toBe(0);
    expect(published.stdout).toBe(`${draftId}  published version 1, active\n`);
    expect(published.stderr).toBe('uzz: warning: the keyword "oi" also starts the active flow "Boas-vindas"\n');
    const listed = await json<Array<{ id: string; name: string; isActive: boolean; publishedVersion: number | null }>>('flow', 'list', '--client', 'padaria');
    expect(listed.map(({ name, isActive, publishedVersion }) => ({ name, isActive, publishedVersion }))).toEqual([
      { name: 'Boas-vindas', isActive: true, publishedVersion: 1 }, { name: 'Rascunho', isActive: true, publishedVersion: 1 },
    ]);
    expect(await ok('flow', 'list', '--client', 'padaria')).toMatch(/^ID\s+NAME\s+TRIGGER\s+ACTIVE\s+PUBLISHED\s+DRAFT\s+UPDATED\n[0-9a-f-]{36}\s+Boas-vindas\s+oi\s+yes\s+1\s+1\s/);

    const out = path.join(dir, 'exported.flow.json');
    expect(await ok('flow', 'export', '--client', 'padaria', '--id', imported.id, '--out', out, '--published')).toBe(`${out}  "Boas-vindas"\n`);
    const exported = JSON.parse(fs.readFileSync(out, 'utf8')) as { format: string; flow: { name: string } };
    expect(exported).toMatchObject({ format: 'uzz.flow', flow: { name: 'Boas-vindas', triggerKeywords: ['oi'] } });
    expect(JSON.parse(await ok('flow', 'export', '--client', 'padaria', '--id', imported.id))).toMatchObject({ format: 'uzz.flow' });
    await ok('flow', 'import', '--client', 'padaria', '--file', out, '--name', 'Cópia'); // round trip

    const unknown = '6f1c0c53-8f0a-4c43-a1c8-0c7d5b3c2a10';
    await refused(['flow', 'publish', '--client', 'padaria', '--id', unknown], 1, new RegExp(`flow publish: client padaria has no flow ${unknown}`));
    await refused(['flow', 'export', '--client', 'padaria', '--id', unknown, '--out', out], 1, /flow export: client padaria has no flow/);
    await refused(['flow', 'export', '--client', 'padaria', '--id', draftId, '--out', path.join(dir, 'no', 'such', 'dir.json')], 2, /cannot write .*: no such directory/);
    const broken = path.join(dir, 'broken.flow.json');
    fs.writeFileSync(broken, JSON.stringify({ ...WELCOME_FLOW, document: { ...WELCOME_FLOW.document, edges: [{ id: '1', source: 'm', target: 'nowhere' }] } }));
    await refused(['flow', 'import', '--client', 'padaria', '--file', broken], 2, /flow import: the flow in this file has \d+ problem\(s\), nothing was imported/);
    fs.writeFileSync(broken, JSON.stringify({ format: 'zip' }));
    await refused(['flow', 'import', '--client', 'padaria', '--file', broken], 2, /flow import: this is not a flow file this server can read/);
    await refused(['flow', 'list', '--client', 'nope'], 2, /flow list: no client with slug or id "nope"/);
    const count = await withDb((db) => db.system((tx) => tx.select().from(db.t.interactiveFlows).where(and(eq(db.t.interactiveFlows.name, 'Boas-vindas')))));
    expect(count).toHaveLength(1);
    expect((await json<unknown[]>('flow', 'list', '--client', 'padaria'))).toHaveLength(3); // nothing half-imported
  }, 180_000);
});
