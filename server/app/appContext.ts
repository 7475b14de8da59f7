// What every feature receives: the configuration, the database, the vault, the live-event bus, the
// durable job runner and the logger. Built once by createServer.
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/openDatabase.js';
import type { Vault } from '../features/vault/vault.js';
import type { JobRunner } from '../jobs/index.js';
import type { EventBus } from './events.js';

export type AppContext = {
  config: ServerConfig;
  db: Database;
  vault: Vault;
  events: EventBus;
  /** Background work that must survive restarts: features register handlers by type and enqueue in their transactions. */
  jobs: JobRunner;
  log: FastifyBaseLogger;
};
