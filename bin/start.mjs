#!/usr/bin/env node
// `npm start`: the production server from the compiled build in dist/node (compiled first when it
// is missing or older than its sources); `npm run dev` (`--dev`) or UZZ_DEV=1 runs the TypeScript
// sources through tsx's loader instead. See bin/serverCode.mjs.
// Then makes sure the web app served at `/` is built and up to date with its sources (see
// server/app/webBuild/ensureWebBuild.ts): only for the build this checkout serves by default, not
// for a WEB_DIR pointing elsewhere.
import path from 'node:path';
import { ROOT, chooseServerCode } from './serverCode.mjs';

const log = (line) => process.stderr.write(`${line}\n`);
let code;
try {
  code = await chooseServerCode(log, { dev: process.env.UZZ_DEV === '1' || process.argv.includes('--dev') });
} catch (error) {
  log(`uzz: ${error.message}`);
  process.exit(1);
}
const ownBuild = path.join(ROOT, 'dist', 'renderer');
const webDir = path.resolve(process.cwd(), process.env.WEB_DIR || 'dist/renderer');
if (webDir === ownBuild && process.env.UZZ_SKIP_WEB_BUILD !== '1') {
  const { ensureWebBuild } = await import(code.url('server/app/webBuild/ensureWebBuild.ts'));
  await ensureWebBuild(ROOT, ownBuild, log);
}
await import(code.url('server/main.ts'));
