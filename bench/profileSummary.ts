// Summarises a V8 CPU profile (node --cpu-prof) as the share of samples per function (self time)
// and per package or source folder, to say what limits a benchmark with figures rather than a guess.
//   npx tsx bench/profileSummary.ts FILE.cpuprofile [top=25]
import fs from 'node:fs';

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
type Profile = { nodes: Node[]; samples: number[]; timeDeltas: number[] };

const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error('usage: npx tsx bench/profileSummary.ts FILE.cpuprofile [top=25]');
const top = Number(topArg ?? 25);
const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((node) => [node.id, node]));

/** Where a frame's code lives: a package under node_modules, a folder of ours, or V8/Node itself. */
function area(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native)';
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (inPackage) return inPackage[1]!;
  if (url.startsWith('node:')) return url;
  const ours = /\/(server\/(?:features\/[^/]+|[^/]+)|shared\/[^/]+|bench)\//.exec(url);
  return ours ? ours[1]! : url.replace(/^file:\/\//, '');
}

const selfByFunction = new Map<string, number>();
const selfByArea = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, index) => {
  const node = byId.get(id)!;
  const micros = profile.timeDeltas[index] ?? 0;
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url ? `${url.replace(/^.*\/(node_modules|server|shared|bench)\//, '$1/')}:${lineNumber + 1}` : '';
  const key = `${functionName || '(anonymous)'} ${where}`.trim();
  selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + micros);
  const place = area(url, functionName);
  selfByArea.set(place, (selfByArea.get(place) ?? 0) + micros);
  total += micros;
});

const print = (title: string, entries: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [name, micros] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`  ${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(7)} ms  ${name}`);
};
console.log(`${file}: ${(total / 1e6).toFixed(1)} s sampled`);
print('self time by area (package or folder)', selfByArea);
print('self time by function', selfByFunction);
