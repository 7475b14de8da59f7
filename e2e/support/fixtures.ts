// Playwright fixtures: `whatsapp` is one server + fake Graph API per worker (the tests drive the
// fake from the worker, so it must live there rather than in the global setup).
import { test as base } from '@playwright/test';
import { serverLogTails } from './startE2eServer.js';
import { startWhatsappWorld, type WhatsappWorld } from './whatsappWorld.js';

export const test = base.extend<{ serverLogOnFailure: void }, { whatsapp: WhatsappWorld }>({
  // A failed test prints what the server logged (warnings and errors) to the report: CI keeps only
  // its output, not the data folder the log was in.
  serverLogOnFailure: [
    async ({}, use, testInfo) => {
      await use();
      if (testInfo.status !== testInfo.expectedStatus) {
        const tails = serverLogTails();
        if (tails) console.error(tails);
      }
    },
    { auto: true },
  ],
  // `{}`: Playwright reads the fixtures a fixture depends on from this pattern, and this one needs none.
  whatsapp: [
    async ({}, use) => {
      const world = await startWhatsappWorld();
      await use(world);
      await world.dispose();
    },
    { scope: 'worker', timeout: 90_000 },
  ],
});

export { expect } from '@playwright/test';
