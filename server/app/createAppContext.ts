import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config.js';
import { openDatabase } from '../db/openDatabase.js';
import { loadMasterKey } from '../features/vault/masterKey.js';
import { createVault } from '../features/vault/vault.js';
import { createJobRunner } from '../jobs/index.js';
import type { AppContext } from './appContext.js';
import { attachEventRelay } from './attachEventRelay.js';
import { createEventBus } from './events.js';
import { wireFeatures } from './wireFeatures.js';

/** Opens (and migrates) the database and the vault. The master key is checked first, so a bad key fails before anything is written. */
export async function createAppContext(config: ServerConfig, log: FastifyBaseLogger): Promise<AppContext> {
  const masterKey = loadMasterKey({ masterKey: config.masterKey, dataDir: config.dataDir });
  const db = await openDatabase(config.database, { log: (message) => log.warn(message) });
  const events = createEventBus();
  await attachEventRelay(events, db, (message) => log.warn(message));
  const jobs = createJobRunner(db, { log, ...(config.jobsLeaseMs ? { leaseMs: config.jobsLeaseMs } : {}) });
  const app: AppContext = { config, db, vault: createVault(masterKey, db), events, jobs, log };
  wireFeatures(app);
  return app;
}
