#!/usr/bin/env node
// Runs the TypeScript server directly through tsx's loader (no separate compile step to forget).
// First makes sure the web app served at `/` is built and up to date with its sources (see
// server/app/webBuild/ensureWebBuild.ts): only for the build this checkout serves by default, not
// for a WEB_DIR pointing elsewhere.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ownBuild = path.join(root, 'dist', 'renderer');
const webDir = path.resolve(process.cwd(), process.env.WEB_DIR || 'dist/renderer');
if (webDir === ownBuild && process.env.UZZ_SKIP_WEB_BUILD !== '1') {
  const { ensureWebBuild } = await import('../server/app/webBuild/ensureWebBuild.ts');
  await ensureWebBuild(root, ownBuild, (line) => process.stderr.write(`${line}\n`));
}
await import('../server/main.ts');
