// `npm run bench [name…]`: runs every benchmark in bench/ (each a *.bench.ts script printing its
// figures), one after the other so they do not compete for the 2 cores, or only the named ones.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './machine.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const all = fs.readdirSync(benchDir).filter((file) => file.endsWith('.bench.ts')).sort();
const wanted = process.argv.slice(2);
const selected = wanted.length ? all.filter((file) => wanted.some((name) => file.startsWith(name))) : all;
if (wanted.length && selected.length === 0) {
  process.stderr.write(`no benchmark matches ${wanted.join(', ')}; available: ${all.map((file) => file.replace('.bench.ts', '')).join(', ')}\n`);
  process.exit(2);
}
process.stdout.write(`${describeMachine()}\n`);
let failed = 0;
for (const file of selected) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${benchDir}${file}`], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
