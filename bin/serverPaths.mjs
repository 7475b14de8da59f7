// Where the compiled server lives and what it is made from: read by bin/serverCode.mjs (run it,
// compile it when stale) and by scripts/buildServer.mjs when run as `npm run build:server`.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SERVER_BUILD = path.join(ROOT, 'dist', 'node');
/** What dist/node is made from, relative to the project root (a change to any of them means compiling again). */
export const SERVER_SOURCES = [
  'server',
  'shared',
  'migrations',
  'package.json',
  'tsconfig.json',
  'tsconfig.build.json',
  'scripts/buildServer.mjs',
  'bin/serverPaths.mjs',
];
