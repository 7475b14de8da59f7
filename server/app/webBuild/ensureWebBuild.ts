// `npm start` on a fresh clone: builds the web app (vite's JS API) when it is missing or stale, so
// `/` works without remembering `npm run build`. Never stops the server from starting: when vite is
// missing (a production install) or the build fails, it says so and the server serves a page saying
// what to do. Servers starting together take turns on a lock file, and each build is written to a
// temporary folder and renamed into place, so nobody ever serves a half-written build.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { BUILD_STAMP, decideWebBuild, newestSource } from './webBuildFreshness.js';

export type WebBuildResult = { state: 'fresh' | 'built' | 'unavailable'; detail: string };
type Log = (line: string) => void;

const LOCK_STALE_MS = 5 * 60_000;

export async function ensureWebBuild(root: string, outDir: string, log: Log): Promise<WebBuildResult> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const decision = decideWebBuild(root, outDir);
    if (decision.action === 'serve') return { state: 'fresh', detail: decision.reason };
    if (decision.action === 'missing') return unavailable(log, decision.reason);
    const lock = await takeLock(outDir);
    // Another server built it while we waited: decide again.
    if (!lock.waited) {
      try {
        return await build(root, outDir, decision.reason, log);
      } finally {
        lock.release();
      }
    }
    lock.release();
  }
  return unavailable(log, 'another server kept rebuilding the web app');
}

function unavailable(log: Log, reason: string): WebBuildResult {
  log(`uzz: the web app is not available (${reason}). Run \`npm run build\`, then start the server again.`);
  return { state: 'unavailable', detail: reason };
}

async function build(root: string, outDir: string, reason: string, log: Log): Promise<WebBuildResult> {
  let vite: typeof import('vite');
  try {
    vite = await import('vite');
  } catch {
    return unavailable(log, 'vite is not installed here (a production install): the web app cannot be built on start');
  }
  const started = Date.now();
  log(`uzz: building the web app (${reason})…`);
  const sourcesMtimeMs = newestSource(root)?.mtimeMs ?? Date.now();
  const parent = path.dirname(outDir);
  fs.mkdirSync(parent, { recursive: true });
  const temporary = path.join(parent, `.${path.basename(outDir)}-build-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    await vite.build({
      configFile: path.join(root, 'vite.config.ts'),
      root: path.join(root, 'renderer'),
      logLevel: 'warn',
      // The chunk-size advice is for developers, not for someone starting the server.
      build: { outDir: temporary, emptyOutDir: true, chunkSizeWarningLimit: 1e6 },
    });
    fs.writeFileSync(path.join(temporary, BUILD_STAMP), JSON.stringify({ sourcesMtimeMs, builtAt: new Date().toISOString() }));
    swapInto(temporary, outDir);
  } catch (error) {
    fs.rmSync(temporary, { recursive: true, force: true });
    return unavailable(log, `the build failed: ${(error as Error).message.split('\n')[0]}`);
  }
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  log(`uzz: web app built in ${seconds} s (${path.relative(root, outDir) || outDir})`);
  return { state: 'built', detail: `built in ${seconds} s` };
}

/** Replaces outDir by the new build with two renames (the old one is removed afterwards). */
function swapInto(temporary: string, outDir: string): void {
  const old = `${temporary}-old`;
  if (fs.existsSync(outDir)) fs.renameSync(outDir, old);
  fs.renameSync(temporary, outDir);
  fs.rmSync(old, { recursive: true, force: true });
}

/** The build lock beside outDir; `waited` when another live process held it (and has released it now). */
async function takeLock(outDir: string): Promise<{ waited: boolean; release(): void }> {
  const file = path.join(path.dirname(outDir), `.${path.basename(outDir)}-build.lock`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let waited = false;
  for (;;) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return { waited, release: () => fs.rmSync(file, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (lockIsStale(file)) {
      fs.rmSync(file, { force: true });
      continue;
    }
    waited = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function lockIsStale(file: string): boolean {
  try {
    const holder = Number(fs.readFileSync(file, 'utf8'));
    if (Date.now() - fs.statSync(file).mtimeMs > LOCK_STALE_MS) return true;
    if (!Number.isInteger(holder) || holder <= 0) return false; // being written right now
    process.kill(holder, 0);
    return false;
  } catch (error) {
    // ESRCH: the holder died; ENOENT: released meanwhile (the next try takes it).
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
