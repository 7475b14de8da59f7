// The reports feature's public surface: what other features (and the benchmarks) may import
// (server/app/featureBoundaries.test.ts).
export { foldRollupDeltas, type FoldResult } from './foldRollupDeltas.js';
export { rollupFolder, type RollupFolder } from './rollupFolder.js';
