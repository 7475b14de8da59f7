// Electron entry point (package.json "main": dist/electron/main.js). The app root is two levels up
// from the compiled file: dist/electron/main.js → the folder with bin/, server/ and dist/renderer.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDesktopApp } from './app/startDesktopApp.js';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

startDesktopApp({ appRoot }).catch((error: unknown) => {
  process.stderr.write(`uzz desktop: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
