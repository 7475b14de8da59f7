import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The renderer's alias, as in vite.config.ts (this file replaces it for tests).
  resolve: { alias: { '#renderer': fileURLToPath(new URL('./renderer/src', import.meta.url)) } },
  test: {
    include: ['server/**/*.test.ts', 'shared/**/*.test.ts', 'electron/**/*.test.ts', 'bench/**/*.test.ts', 'renderer/src/**/*.test.{ts,tsx}'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker (cores - 1), but the suite waits on PostgreSQL, child
    // processes and timers as much as it computes: with three files at a time the whole suite
    // takes about 10.5 minutes on the 2-core machine, and both cores stay busy.
    maxWorkers: 3,
    // Servers and CLI runs the tests start (bin/start.mjs, bin/uzz.mjs) run the compiled build, as
    // for users; this compiles it first when it is older than the sources under test.
    globalSetup: ['scripts/compileServerBeforeTests.mjs'],
  },
});
