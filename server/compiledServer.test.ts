// The production server runs compiled JavaScript (dist/node, scripts/buildServer.mjs) with plain
// node. On a copy of the project with no build yet (its own dist/, this checkout's node_modules):
// bin/start.mjs compiles and then runs the build; the compiled server migrates, reports its version
// and answers tRPC (so the migrations, package.json and the #server/#shared aliases resolve from
// dist/node); a second start runs the build without compiling; a changed source calls for a new
// build; the CLI, the parse worker and the sample content work compiled; a compile that fails falls
// back to the sources through tsx. (The other tests' processes run this checkout's dist/node, compiled by
// vitest's globalSetup.)
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runNode } from './testing/runProcess.js';

const COPIED = ['server', 'shared', 'migrations', 'bin', 'scripts', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let root: string;
const running: ChildProcess[] = [];

/** The environment of a production start: not UZZ_DEV (a developer's shell may set it), SQLite. */
function productionEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', UZZ_READY_LINE: '1', LOG_LEVEL: 'warn' };
  for (const name of ['UZZ_DEV', 'DATABASE_URL', 'DATABASE_APP_URL', 'DATABASE_SYSTEM_URL', 'MASTER_KEY', 'UZZ_LAUNCH_TOKEN', 'NODE_OPTIONS', 'WEB_DIR'])
    delete env[name];
  // The server, not the web app: no dist/renderer build on the way.
  env.UZZ_SKIP_WEB_BUILD = '1';
  return env;
}

/** `node bin/start.mjs` in the copy; resolves once it is listening, with all it printed so far. */
function start(): Promise<{ url: string; output: () => string; stop: () => Promise<number | null> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-compiled-data-'));
  const child = spawn(process.execPath, [path.join(root, 'bin', 'start.mjs')], { cwd: root, env: productionEnv(dataDir) });
  running.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not listening after 150 s:\n${output}`)), 150_000);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const url = /UZZ_READY (\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      const stop = () => {
        const exited = new Promise<number | null>((done) => child.once('exit', done));
        child.kill('SIGTERM');
        return exited.finally(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      };
      resolve({ url, output: () => output, stop });
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code}:\n${output}`));
    });
  });
}

/** Runs a module snippet with plain node in the copy (no loader). */
async function nodeEval(code: string, env: NodeJS.ProcessEnv = {}) {
  const result = await runNode('--input-type=module', ['-e', code], { UZZ_DEV: '0', ...env }, root, { timeoutMs: 60_000 });
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return result.stdout;
}

const decide = async () => JSON.parse(await nodeEval(`console.log(JSON.stringify(await (await import('./bin/serverCode.mjs')).decideServerBuild()))`));

async function expectServing(url: string): Promise<void> {
  const health = (await (await fetch(`${url}/healthz`)).json()) as {
    status: string;
    version: string;
    database: { kind: string; migration: { applied: number; known: number } };
  };
  expect(health).toMatchObject({ status: 'ok', version: VERSION, database: { kind: 'sqlite' } });
  expect(health.database.migration.applied).toBeGreaterThan(0);
  expect(health.database.migration.applied).toBe(health.database.migration.known);
  const status = await fetch(`${url}/trpc/setup.status`);
  expect(status.status).toBe(200);
  expect(await status.json()).toEqual({ result: { data: { needed: true, tokenRequired: false } } });
}

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-compiled-'));
  for (const entry of COPIED) fs.cpSync(path.join(REPO_ROOT, entry), path.join(root, entry), { recursive: true });
  fs.symlinkSync(fs.realpathSync(path.join(REPO_ROOT, 'node_modules')), path.join(root, 'node_modules'), 'dir');
});

afterAll(() => {
  for (const child of running) if (child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(root, { recursive: true, force: true });
});

describe('the compiled server', () => {
  it('bin/start.mjs compiles a missing build, then runs it: migrations, version and aliases resolve from dist/node', async () => {
    expect(await decide()).toEqual({ action: 'build', reason: 'there is no compiled server yet' });
    const server = await start();
    try {
      expect(server.output()).toContain('uzz: compiling the server (there is no compiled server yet)…');
      expect(server.output()).toMatch(/uzz: server compiled in [\d.]+ s \(dist\/node\)/);
      expect(server.output()).not.toContain('through tsx');
      await expectServing(server.url);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const compiled = path.join(root, 'dist', 'node');
    expect(JSON.parse(fs.readFileSync(path.join(compiled, 'package.json'), 'utf8'))).toMatchObject({ type: 'module', version: VERSION });
    expect(fs.existsSync(path.join(compiled, 'server', 'main.js.map'))).toBe(true);
    // Only what runs: no tests, no test harness.
    expect(fs.existsSync(path.join(compiled, 'server', 'main.test.js'))).toBe(false);
    expect(fs.existsSync(path.join(compiled, 'server', 'testing'))).toBe(false);
  }, 240_000);

  it('a second start runs the build as it is, until a source changes', async () => {
    expect(await decide()).toEqual({ action: 'run', reason: 'the compiled server is up to date' });
    const server = await start();
    try {
      expect(server.output()).not.toContain('compiling');
      expect(server.output()).not.toContain('through tsx');
      await expectServing(server.url);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    const later = (Date.now() + 60_000) / 1000;
    fs.utimesSync(path.join(root, 'shared', 'api.ts'), later, later);
    expect(await decide()).toEqual({ action: 'build', reason: `${path.join('shared', 'api.ts')} changed since the last build` });
    const earlier = (Date.now() - 3_600_000) / 1000;
    fs.utimesSync(path.join(root, 'shared', 'api.ts'), earlier, earlier);
  }, 120_000);

  it('runs the CLI, the document parser worker and the sample content compiled', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'uzz-compiled-cli-'));
    try {
      const migrate = await runNode(path.join(root, 'bin', 'uzz.mjs'), ['migrate'], { UZZ_DEV: '0', DATA_DIR: dataDir }, root);
      expect(migrate.stderr).not.toContain('compiling');
      expect(migrate.code).toBe(0);
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    const parsed = await nodeEval(`
      const { parseDocumentInWorker } = await import('./dist/node/server/features/knowledgeBase/parsing/parseDocumentInWorker.js');
      const parsed = await parseDocumentInWorker('page.html', new TextEncoder().encode('<html><body><h1>Opening hours</h1><p>9 to 5</p></body></html>'));
      console.log(JSON.stringify(parsed));`);
    expect(JSON.parse(parsed)).toEqual({
      format: 'html',
      document: {
        title: 'Opening hours',
        blocks: [
          { kind: 'heading', level: 1, text: 'Opening hours' },
          { kind: 'paragraph', text: '9 to 5' },
        ],
      },
    });
    const sample = await nodeEval(`
      const { readSampleContentFiles } = await import('./dist/node/server/features/setup/sampleContent/sampleContentFiles.js');
      console.log(JSON.stringify(readSampleContentFiles('pt-BR', 'Padaria').flowFile.format));`);
    expect(JSON.parse(sample)).toBe('uzz.flow');
  }, 120_000);

  it('falls back to the TypeScript sources through tsx, with a log line, when the server cannot be compiled', async () => {
    fs.writeFileSync(path.join(root, 'tsconfig.build.json'), '{ "extends": "./missing.json" }\n');
    const server = await start();
    try {
      expect(server.output()).toContain('uzz: compiling the server (tsconfig.build.json changed since the last build)…');
      expect(server.output()).toMatch(/uzz: the server could not be compiled \(tsc exited with \d+: .*\); running the TypeScript sources through tsx instead/);
      await expectServing(server.url);
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // The failed compile left the last good build in place.
    expect(fs.existsSync(path.join(root, 'dist', 'node', 'server', 'main.js'))).toBe(true);
  }, 240_000);
});
