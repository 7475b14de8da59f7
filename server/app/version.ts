// The package.json two folders up: the project's in the sources, dist/node/package.json in the
// compiled build (scripts/buildServer.mjs writes it with the project's version).
import { createRequire } from 'node:module';

export const APP_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
