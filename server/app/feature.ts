import type { FastifyInstance } from 'fastify';
import type { AppContext } from './appContext.js';

/**
 * A feature plugs into the server through this: HTTP routes (webhooks, /v1, media), and background
 * work started after the server listens and stopped, awaited, before the database closes.
 */
export type Feature = {
  name: string;
  registerRoutes?(http: FastifyInstance, app: AppContext): Promise<void> | void;
  start?(app: AppContext): Promise<void> | void;
  stop?(app: AppContext): Promise<void> | void;
};
