// Collects every feature's isolationCases.ts (anywhere under server/features), so a new feature
// registers its cases by adding that file beside its router.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FeatureIsolation, IsolationCase } from './isolationCase.js';

export const FEATURES_DIR = fileURLToPath(new URL('../../features/', import.meta.url));
export const CASES_FILE = 'isolationCases.ts';

export type LoadedIsolation = {
  cases: Map<string, IsolationCase & { file: string }>;
  seeds: Array<{ file: string; seed: NonNullable<FeatureIsolation['seed']> }>;
  settles: Array<{ file: string; settle: NonNullable<FeatureIsolation['settle']> }>;
  volatileTables: Set<string>;
};

export async function loadIsolationCases(root = FEATURES_DIR): Promise<LoadedIsolation> {
  const loaded: LoadedIsolation = { cases: new Map(), seeds: [], settles: [], volatileTables: new Set() };
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((file) => path.basename(file) === CASES_FILE).sort();
  for (const relative of files) {
    const file = path.join('server/features', relative);
    const module = (await import(pathToFileURL(path.join(root, relative)).href)) as { isolation?: FeatureIsolation };
    if (!module.isolation) throw new Error(`${file} must export \`isolation\` (a FeatureIsolation, see server/testing/isolation/isolationCase.ts)`);
    const { seed, settle, volatileTables = [], cases } = module.isolation;
    if (seed) loaded.seeds.push({ file, seed });
    if (settle) loaded.settles.push({ file, settle });
    for (const table of volatileTables) loaded.volatileTables.add(table);
    for (const [procedure, isolationCase] of Object.entries(cases)) {
      const previous = loaded.cases.get(procedure);
      if (previous) throw new Error(`procedure "${procedure}" has two isolation cases: ${previous.file} and ${file}`);
      loaded.cases.set(procedure, { ...isolationCase, file });
    }
  }
  return loaded;
}
