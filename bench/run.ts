// `npm run bench [name…]`: runs every benchmark in bench/ (each a *.bench.ts script printing its
// figures), one after the other so they do not compete for the 2 cores, or only the named ones
// (a name selects every benchmark it starts, except those in ON_REQUEST, which need their full name).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const all = fs
  .readdirSync(benchDir)
  .filter((file) => file.endsWith('.bench.ts'))
  .sort();
const wanted = process.argv.slice(2);
// Run only when named in full: they install something from the registry on first run
// (gatewayVsPortkey: Portkey's gateway into bench/portkey).
const ON_REQUEST = ['gatewayVsPortkey.bench.ts'];
const benchName = (file: string) => file.replace('.bench.ts', '');
const selected = wanted.length
  ? all.filter((file) => wanted.some((name) => (ON_REQUEST.includes(file) ? name === benchName(file) : file.startsWith(name))))
  : all.filter((file) => !ON_REQUEST.includes(file));
if (wanted.length && selected.length === 0) {
  process.stderr.write(`no benchmark matches ${wanted.join(', ')}; available: ${all.map(benchName).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`${describeMachine()}\n`);
for (const file of all.filter((name) => ON_REQUEST.includes(name) && !selected.includes(name))) {
  process.stdout.write(`(${benchName(file)} runs only when named: npm run bench ${benchName(file)})\n`);
}
let failed = 0;
for (const file of selected) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${benchDir}${file}`], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
