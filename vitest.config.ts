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
    // processes and timers as much as it computes. Two files at a time: three took the suite to
    // about 10 minutes on the 2-core machine, but loaded it enough (load average 4.5) that the
    // timing-sensitive crash test failed in one run of two (whatsapp/crashRecovery.test.ts).
    maxWorkers: 2,
    // Servers and CLI runs the tests start (bin/start.mjs, bin/uzz.mjs) run the compiled build, as
    // for users; this compiles it first when it is older than the sources under test.
    globalSetup: ['scripts/compileServerBeforeTests.mjs'],
  },
});
