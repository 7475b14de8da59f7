// What every feature receives: the configuration, the database, the vault, the live-event bus and
// the logger. Built once by createServer.
import type { FastifyBaseLogger } from 'fastify';
import type { ServerConfig } from '../config.js';
import type { Database } from '../db/openDatabase.js';
import type { Vault } from '../features/vault/vault.js';
import type { EventBus } from './events.js';

export type AppContext = {
  config: ServerConfig;
  db: Database;
  vault: Vault;
  events: EventBus;
  log: FastifyBaseLogger;
};
