#!/usr/bin/env node
// Offline check of electron-builder.yml: electron-builder's own loader and schema validation
// (app-builder-lib getConfig + validateConfiguration, no download, no packaging), plus what this
// app needs: the three platforms' targets, native modules rebuilt and unpacked, the renderer and
// the compiled server bundled. Usage: node scripts/validate-electron-builder.mjs [config.yml]. Exit 0 = valid.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util');

const projectDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const configPath = path.resolve(process.argv[2] ?? path.join(projectDir, 'electron-builder.yml'));

const targetsOf = (platform) => (platform?.target ?? []).map((target) => (typeof target === 'string' ? target : target.target));

function appChecks(config) {
  const problems = [];
  const need = (ok, message) => ok || problems.push(message);
  need(targetsOf(config.linux).includes('AppImage') && targetsOf(config.linux).includes('deb'), 'linux.target must include AppImage and deb');
  need(targetsOf(config.win).includes('nsis'), 'win.target must include nsis');
  need(targetsOf(config.mac).includes('dmg'), 'mac.target must include dmg');
  need(config.asar !== false, 'asar must stay on (native modules are unpacked from it)');
  need((config.asarUnpack ?? []).includes('**/*.node'), 'asarUnpack must include **/*.node');
  need(
    (config.asarUnpack ?? []).some((glob) => glob.includes('better-sqlite3')),
    'asarUnpack must include better-sqlite3',
  );
  need(config.npmRebuild !== false, 'npmRebuild must not be false (better-sqlite3 is rebuilt for Electron)');
  // getConfig normalises `files` to [{ filter: [...] }].
  const files = (config.files ?? []).flatMap((entry) => (typeof entry === 'string' ? [entry] : (entry.filter ?? [])));
  for (const needed of ['dist/electron/**/*', 'dist/renderer/**/*', 'dist/node/**/*', 'bin/**/*']) {
    need(files.includes(needed), `files must include ${needed}`);
  }
  // Shipped sources would make bin/start.mjs compare them with dist/node and try to compile (see bin/serverCode.mjs).
  for (const source of ['server/**/*', 'shared/**/*']) need(!files.includes(source), `files must not include ${source} (the app runs dist/node)`);
  need(config.extraMetadata?.main === 'dist/electron/main.js', 'extraMetadata.main must be dist/electron/main.js');
  return problems;
}

try {
  const config = await getConfig(projectDir, configPath, null);
  await validateConfiguration(config, new DebugLogger(false));
  const problems = appChecks(config);
  if (problems.length) {
    process.stderr.write(`INVALID ${path.relative(projectDir, configPath)}:\n- ${problems.join('\n- ')}\n`);
    process.exit(1);
  }
  process.stdout.write(
    `VALID ${path.relative(projectDir, configPath)} (linux: ${targetsOf(config.linux).join(', ')}; win: ${targetsOf(config.win).join(', ')}; mac: ${targetsOf(config.mac).join(', ')})\n`,
  );
} catch (error) {
  process.stderr.write(`INVALID ${path.relative(projectDir, configPath)}: ${error.message.split('\n').slice(0, 6).join('\n')}\n`);
  process.exit(1);
}
