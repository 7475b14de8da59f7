// Builds the whole server: database (migrated), vault, live events, HTTP routes and tRPC. `npm
// start`, the CLI, the Electron shell and the tests all start this same function.
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { fastifyTRPCPlugin, type FastifyTRPCPluginOptions } from '@trpc/server/adapters/fastify';
import type { ServerConfig } from '../config.js';
import { FEATURES } from '../features/index.js';
import { appRouter, type AppRouter } from '../trpc/appRouter.js';
import { contextFactory } from '../trpc/context.js';
import type { AppContext } from './appContext.js';
import { createAppContext } from './createAppContext.js';
import { loggerOptions } from './loggerOptions.js';
import { refuseCrossSiteRequests } from './refuseCrossSiteRequests.js';
import { registerMissingWebApp, registerWebApp } from './registerWebApp.js';
import { requireLaunchToken } from './requireLaunchToken.js';
import { registerSecurityHeaders } from './securityHeaders.js';

export type UzzServer = {
  http: FastifyInstance;
  app: AppContext;
  /** Listens on config.host:config.port and returns the base URL. */
  start(): Promise<string>;
  /** Stops taking requests, lets running ones finish, then closes the database. */
  stop(): Promise<void>;
};

/** `logStream`: where log lines go instead of stdout (tests read them). */
export type ServerOptions = { logger?: boolean; logStream?: { write(line: string): void } };

export async function createServer(config: ServerConfig, options: ServerOptions = {}): Promise<UzzServer> {
  const http = Fastify({
    logger: options.logger === false ? false : loggerOptions(config.logLevel, options.logStream),
    routerOptions: { maxParamLength: 5000 },
    bodyLimit: 8 * 1024 * 1024,
  });
  const app = await createAppContext(config, http.log);
  const { db } = app;

  await registerSecurityHeaders(http);
  if (config.launchToken) requireLaunchToken(http, config.launchToken);
  refuseCrossSiteRequests(http);
  for (const feature of FEATURES) await feature.registerRoutes?.(http, app);
  await http.register(fastifyTRPCPlugin, {
    prefix: '/trpc',
    trpcOptions: {
      router: appRouter,
      createContext: contextFactory(app),
      onError: ({ error, path }) => {
        if (error.code === 'INTERNAL_SERVER_ERROR') http.log.error({ err: error, path }, 'tRPC procedure failed');
      },
    } satisfies FastifyTRPCPluginOptions<AppRouter>['trpcOptions'],
  });
  if (fs.existsSync(path.join(config.webDir, 'index.html'))) await registerWebApp(http, config.webDir);
  else {
    http.log.warn(`no web app in ${config.webDir}: \`/\` shows how to build it (npm run build)`);
    // Also replaces Fastify's own 404, which logs the whole URL, query string (and any token in it) included.
    registerMissingWebApp(http);
  }

  let stopped = false;
  return {
    http,
    app,
    async start() {
      const url = await http.listen({ host: config.host, port: config.port });
      for (const feature of FEATURES) await feature.start?.(app);
      // After the features: their handlers are registered by now.
      await app.jobs.start();
      return url;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await http.close();
      // Drained before the features stop: a handler may still use what they hold.
      await app.jobs.stop().catch((error: unknown) => http.log.error({ err: error }, 'job runner drain failed'));
      for (const feature of [...FEATURES].reverse()) {
        await Promise.resolve(feature.stop?.(app)).catch((error: unknown) => http.log.error({ err: error, feature: feature.name }, 'feature stop failed'));
      }
      await db.close();
    },
  };
}
