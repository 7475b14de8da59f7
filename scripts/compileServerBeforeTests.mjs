// vitest's globalSetup. Tests that start the server or the CLI as processes (bin/start.mjs,
// bin/uzz.mjs) run the compiled build, as `npm start` and `npx uzz` do for users. Compiling here,
// once and only when the build is older than the sources (about 10 s), spares each of those
// process starts the tsx loader (2.2 s against 0.7 s for `uzz --help` on the 2-core machine), and
// keeps the processes the tests start in parallel from each compiling the same stale build.
import { decideServerBuild, ROOT, SERVER_BUILD, SERVER_SOURCES } from '../bin/serverCode.mjs';
import { buildServer } from './buildServer.mjs';

export default async function compileServerBeforeTests() {
  const decision = await decideServerBuild();
  if (decision.action !== 'build') return;
  const seconds = await buildServer({ root: ROOT, outDir: SERVER_BUILD, sources: SERVER_SOURCES });
  process.stdout.write(`[tests] server compiled in ${seconds.toFixed(1)} s (${decision.reason})\n`);
}
