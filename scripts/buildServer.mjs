#!/usr/bin/env node
// `npm run build:server`: compiles the server (server/ and shared/, from the entry points listed in
// tsconfig.build.json, so tests, server/testing and the fakes nobody imports at run time stay out)
// to dist/node, so production runs plain JavaScript with no loader. bin/start.mjs and bin/uzz.mjs
// call it when the build is missing or older than its sources (bin/serverCode.mjs).
//
// dist/node mirrors the source layout (server/, shared/, migrations/, package.json), so the paths
// the server finds at run time relative to its own file (../../migrations/, ../../package.json,
// ./en/flow.json) hold in both layouts. Its package.json maps #server/*.js and #shared/*.js to the
// compiled files (the root one maps them to the .ts sources).
//
// The compile skips type checking (`--noCheck`, as tsx does): `npm run typecheck` and CI check the
// types; starting the server only needs the JavaScript (8 s of CPU instead of 29 s here).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** Files the server reads at run time beside its code (copied without their .ts files). */
const ASSETS = ['migrations', 'server/features/setup/sampleContent'];
export const BUILD_STAMP = '.uzz-build.json';

export class BuildUnavailableError extends Error {}

/**
 * Compiles into a temporary folder next to outDir and renames it into place, so a server never
 * loads a half-written build. `sources` (what the freshness check compares, bin/serverCode.mjs)
 * dates the build in its stamp. Resolves with the seconds it took.
 */
export async function buildServer({ root, outDir, sources }) {
  let tsc;
  try {
    tsc = createRequire(path.join(root, 'package.json')).resolve('typescript/bin/tsc');
  } catch {
    throw new BuildUnavailableError('typescript is not installed here (a production install)');
  }
  const started = Date.now();
  const parent = path.dirname(outDir);
  fs.mkdirSync(parent, { recursive: true });
  const temporary = path.join(parent, `.${path.basename(outDir)}-build-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    await run(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json'), '--outDir', temporary, '--noCheck'], root);
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const compiledPackage = {
      name: `${pkg.name}-server`,
      version: pkg.version,
      private: true,
      type: 'module',
      imports: { '#server/*.js': './server/*.js', '#shared/*.js': './shared/*.js' },
    };
    fs.writeFileSync(path.join(temporary, 'package.json'), `${JSON.stringify(compiledPackage, null, 2)}\n`);
    for (const asset of ASSETS) {
      fs.cpSync(path.join(root, asset), path.join(temporary, asset), { recursive: true, filter: (file) => !file.endsWith('.ts') });
    }
    fs.writeFileSync(
      path.join(temporary, BUILD_STAMP),
      JSON.stringify({ sourcesMtimeMs: await sourcesMtime(root, temporary, sources, started), builtAt: new Date().toISOString() }),
    );
    swapInto(temporary, outDir);
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    throw error;
  }
  return (Date.now() - started) / 1000;
}

/**
 * The newest source's time, by the freshness rule the web build uses (webBuildFreshness.ts, taken
 * from the build just made). A source changed while compiling (newer than the start) may be
 * missing from the build: the stamp is then the start, so the next start compiles again.
 */
async function sourcesMtime(root, built, sources, started) {
  const freshness = await import(pathToFileURL(path.join(built, 'server', 'app', 'webBuild', 'webBuildFreshness.js')).href);
  const newest = freshness.newestSource(root, sources);
  return Math.min(newest?.mtimeMs ?? started, started);
}

function run(command, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`tsc exited with ${code}: ${output.trim().split('\n').slice(0, 5).join('\n') || 'no output'}`)),
    );
  });
}

/**
 * Replaces outDir by the new build with two renames (the old one is removed afterwards). When
 * another process's build lands in between, that one stays and ours is dropped: both are made
 * from the same sources.
 */
function swapInto(temporary, outDir) {
  const old = `${temporary}-old`;
  try {
    fs.renameSync(outDir, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  try {
    fs.renameSync(temporary, outDir);
  } catch (error) {
    if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
    fs.rmSync(temporary, { recursive: true, force: true });
  }
  fs.rmSync(old, { recursive: true, force: true });
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const { ROOT, SERVER_BUILD, SERVER_SOURCES } = await import('../bin/serverPaths.mjs');
  try {
    const seconds = await buildServer({ root: ROOT, outDir: SERVER_BUILD, sources: SERVER_SOURCES });
    process.stdout.write(`server compiled in ${seconds.toFixed(1)} s (${path.relative(ROOT, SERVER_BUILD)})\n`);
  } catch (error) {
    process.stderr.write(`build:server failed: ${error.message}\n`);
    process.exit(1);
  }
}
