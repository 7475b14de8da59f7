// Whether `npm start` must build the web app first: when the build is missing, or older than its
// sources (renderer/, shared/, vite.config.ts). The build records the newest source time it was
// made from (BUILD_STAMP); a build made by `npm run build` has no stamp and is dated by its index.html.
import fs from 'node:fs';
import path from 'node:path';

export const BUILD_STAMP = '.uzz-build.json';
/** What the renderer's build is made from, relative to the project root. */
export const WEB_SOURCES = ['renderer', 'shared', 'vite.config.ts'];

export type WebBuildDecision =
  | { action: 'serve'; reason: string }
  | { action: 'build'; reason: string }
  /** No build and no sources to make one from. */
  | { action: 'missing'; reason: string };

export function decideWebBuild(root: string, outDir: string): WebBuildDecision {
  const index = path.join(outDir, 'index.html');
  const built = fs.existsSync(index);
  const hasSources = fs.existsSync(path.join(root, 'renderer', 'index.html')) && fs.existsSync(path.join(root, 'vite.config.ts'));
  if (!hasSources) {
    // A packaged app or a production copy: it ships its build and cannot make another.
    return built
      ? { action: 'serve', reason: 'a web build without sources to compare with' }
      : { action: 'missing', reason: `there is no web build in ${outDir} and no sources to build it from` };
  }
  if (!built) return { action: 'build', reason: 'there is no web build yet' };
  const builtFrom = builtFromMtime(outDir) ?? fs.statSync(index).mtimeMs;
  const newest = newestSource(root);
  if (newest && newest.mtimeMs > builtFrom) {
    return { action: 'build', reason: `${path.relative(root, newest.file)} changed since the last build` };
  }
  return { action: 'serve', reason: 'the web build is up to date' };
}

export function builtFromMtime(outDir: string): number | null {
  try {
    const stamp = JSON.parse(fs.readFileSync(path.join(outDir, BUILD_STAMP), 'utf8')) as { sourcesMtimeMs?: unknown };
    return typeof stamp.sourcesMtimeMs === 'number' ? stamp.sourcesMtimeMs : null;
  } catch {
    return null;
  }
}

const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;

/**
 * The most recently changed source file (dot folders, node_modules and test files skipped: no build
 * includes a test, so editing one must not rebuild, least of all under a running test suite whose
 * server processes would compile it again). `sources`: the compiled server's freshness
 * (bin/serverCode.mjs) asks the same question of its own sources.
 */
export function newestSource(root: string, sources: readonly string[] = WEB_SOURCES): { file: string; mtimeMs: number } | null {
  let newest: { file: string; mtimeMs: number } | null = null;
  const visit = (file: string) => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(file)) {
        if (entry.startsWith('.') || entry === 'node_modules') continue;
        visit(path.join(file, entry));
      }
    } else if (TEST_FILE.test(file)) {
      return;
    } else if (!newest || stat.mtimeMs > newest.mtimeMs) {
      newest = { file, mtimeMs: stat.mtimeMs };
    }
  };
  for (const source of sources) visit(path.join(root, source));
  return newest;
}
