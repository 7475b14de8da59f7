// Portkey's open-source gateway (@portkey-ai/gateway) for gatewayVsPortkey.bench.ts. It lives in
// bench/portkey/ with its own package.json and lockfile, so the root `npm ci` (and CI) never
// installs it: the benchmark runs `npm ci` there the first time it is needed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, firstLineOf, type Target } from './openLoad.js';

const PORTKEY_DIR = path.join(ROOT, 'bench', 'portkey');
const PACKAGE_DIR = path.join(PORTKEY_DIR, 'node_modules', '@portkey-ai', 'gateway');
/** Its Node build: a Hono app on @hono/node-server, `--port=<n>`, `--headless` (no log UI). */
const ENTRY = path.join(PACKAGE_DIR, 'build', 'start-server.js');

function wantedVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(PORTKEY_DIR, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  return manifest.dependencies['@portkey-ai/gateway']!;
}

/** The installed version, or null when it is missing. */
function installedVersion(): string | null {
  if (!fs.existsSync(ENTRY)) return null;
  return (JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Installs bench/portkey from its lockfile when the gateway is missing or not the pinned version; returns the version. */
export function ensurePortkeyInstalled(log: (line: string) => void): string {
  const wanted = wantedVersion();
  const installed = installedVersion();
  if (installed === wanted) return installed;
  log(`installing @portkey-ai/gateway ${wanted} into bench/portkey (npm ci, for this benchmark only)…`);
  try {
    execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: PORTKEY_DIR, stdio: ['ignore', 'inherit', 'inherit'] });
  } catch (error) {
    throw new Error(`npm ci in bench/portkey failed (${(error as Error).message.split('\n')[0]}): the benchmark needs the registry once to install Portkey`, {
      cause: error,
    });
  }
  const now = installedVersion();
  if (now !== wanted) throw new Error(`bench/portkey has @portkey-ai/gateway ${now ?? 'missing'} after npm ci, expected ${wanted}`);
  return now;
}

/**
 * Starts Portkey's Node server on `port` as a child process; resolves once it prints that it is
 * ready. SIGTERM ends it with process.exit so a --cpu-prof profile is written (it has no handler
 * of its own, and a process killed by a signal writes none).
 */
export async function startPortkey(port: number, nodeFlags: string[] = []): Promise<{ process: ChildProcess; url: string }> {
  const exitOnTerm = 'data:text/javascript,process.once("SIGTERM",()=>process.exit(0))';
  const proc = spawn(process.execPath, [...nodeFlags, '--import', exitOnTerm, ENTRY, `--port=${port}`, '--headless'], {
    cwd: PORTKEY_DIR,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await firstLineOf(proc, 'Portkey gateway', (line) => line.includes('Ready for connections'));
  return { process: proc, url: `http://127.0.0.1:${port}` };
}

/**
 * Portkey takes the provider and its base URL per request, in headers (x-portkey-provider,
 * x-portkey-custom-host; 127.0.0.1 is among its default TRUSTED_CUSTOM_HOSTS), and passes the
 * caller's Authorization on to the provider.
 */
export function portkeyTarget(url: string, upstreamBaseUrl: string, upstreamModel: string, upstreamKey: string): Target {
  return {
    url: new URL(`${url}/v1/chat/completions`),
    headers: { authorization: `Bearer ${upstreamKey}`, 'x-portkey-provider': 'openai', 'x-portkey-custom-host': upstreamBaseUrl },
    model: upstreamModel,
  };
}
