import type { FastifyInstance } from 'fastify';
import { sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { APP_VERSION } from '#server/app/version.js';
import { databaseProductName } from '#server/db/dialect.js';

/** GET /healthz: is the database answering, which one, and at which migration. */
export function registerHealthRoute(server: FastifyInstance, app: AppContext): void {
  server.get('/healthz', async (_request, reply) => {
    const started = Date.now();
    let databaseOk = true;
    try {
      await app.db.system((tx) => app.db.rows(tx, sql`select 1 as ok`));
    } catch (error) {
      databaseOk = false;
      app.log.error({ err: error }, 'health check: database query failed');
    }
    return reply.code(databaseOk ? 200 : 503).send({
      status: databaseOk ? 'ok' : 'degraded',
      version: APP_VERSION,
      database: {
        kind: databaseProductName(app.db),
        ok: databaseOk,
        migration: app.db.migration,
        latencyMs: Date.now() - started,
      },
    });
  });
}
