// Which server code bin/start.mjs and bin/uzz.mjs run. Normally the compiled build in dist/node,
// with plain node and no loader (it starts faster and holds less memory than tsx compiling every
// module as it loads), compiled first when it is missing or older than its sources
// (scripts/buildServer.mjs). The TypeScript sources through tsx's loader for development
// (UZZ_DEV=1, `npm run dev`: an edit runs without a compile) and when no build can be made here
// (no typescript, or the compile failed), so the server still starts.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, SERVER_BUILD, SERVER_SOURCES } from './serverPaths.mjs';

export { ROOT, SERVER_BUILD, SERVER_SOURCES };

/**
 * The freshness rule of the web build (server/app/webBuild/webBuildFreshness.ts) applied to the
 * server: run the build when it is stamped with a source time at least as new as every source;
 * without sources (a packaged app ships dist/node only), run what is there.
 */
export async function decideServerBuild(root = ROOT, outDir = SERVER_BUILD) {
  const built = fs.existsSync(path.join(outDir, 'server', 'main.js'));
  if (!fs.existsSync(path.join(root, 'server', 'main.ts'))) {
    return built
      ? { action: 'run', reason: 'a compiled server without sources to compare with' }
      : { action: 'missing', reason: `there is no compiled server in ${outDir} and no sources to compile it from` };
  }
  if (!built) return { action: 'build', reason: 'there is no compiled server yet' };
  let freshness;
  try {
    // Compiled JavaScript, so no loader is needed to ask. The query loads it as a module of its own:
    // after a rebuild the server then imports the new file, not this one from the module cache.
    freshness = await import(`${pathToFileURL(path.join(outDir, 'server', 'app', 'webBuild', 'webBuildFreshness.js')).href}?freshness`);
  } catch {
    return { action: 'build', reason: 'the compiled server is incomplete' };
  }
  const builtFrom = freshness.builtFromMtime(outDir);
  if (builtFrom === null) return { action: 'build', reason: 'the compiled server has no build stamp' };
  const newest = freshness.newestSource(root, SERVER_SOURCES);
  if (newest && newest.mtimeMs > builtFrom) return { action: 'build', reason: `${path.relative(root, newest.file)} changed since the last build` };
  return { action: 'run', reason: 'the compiled server is up to date' };
}

/**
 * Decides, compiles when needed, registers tsx when the sources run, and returns `url(file)`: the
 * module to import for a source file (`server/main.ts` → dist/node/server/main.js when compiled).
 */
export async function chooseServerCode(log, { dev = process.env.UZZ_DEV === '1' } = {}) {
  if (dev) return runSources();
  const decision = await decideServerBuild();
  if (decision.action === 'missing') throw new Error(decision.reason);
  if (decision.action === 'build') {
    log(`uzz: compiling the server (${decision.reason})…`);
    try {
      const { buildServer } = await import('../scripts/buildServer.mjs');
      const seconds = await buildServer({ root: ROOT, outDir: SERVER_BUILD, sources: SERVER_SOURCES });
      log(`uzz: server compiled in ${seconds.toFixed(1)} s (${path.relative(ROOT, SERVER_BUILD)})`);
    } catch (error) {
      log(`uzz: the server could not be compiled (${String(error?.message ?? error).split('\n')[0]}); running the TypeScript sources through tsx instead`);
      return runSources();
    }
  }
  // Source maps are not turned on here: Node would then read the map of every module it loads,
  // node_modules included, which cost 1 to 1.8 s of a 4.3 s start on the 2-core machine. Stack
  // traces name lines of the compiled files, which keep the sources' shape; for the TypeScript
  // lines, start with NODE_OPTIONS=--enable-source-maps (dist/node has the maps).
  return { mode: 'compiled', url: (file) => pathToFileURL(path.join(SERVER_BUILD, file.replace(/\.ts$/, '.js'))).href };
}

async function runSources() {
  const { register } = await import('tsx/esm/api');
  register();
  return { mode: 'sources', url: (file) => pathToFileURL(path.join(ROOT, file)).href };
}
