// Opens the application for one command, and acts for one client through the features' own tRPC
// procedures: the same validation, the same side effects (vault, cache invalidation on every
// instance) and an audit_logs row for every change, as if an administrator had made it in the app.
import pino from 'pino';
import { eq, or } from 'drizzle-orm';
import { createAppContext } from '../app/createAppContext.js';
import type { AppContext } from '../app/appContext.js';
import { loadConfig } from '../config.js';
import type { Session } from '../features/auth/sessions.js';
import { NO_SESSION_COOKIE } from '../features/auth/sessionCookie.js';
import { appRouter } from '../trpc/appRouter.js';
import { createCallerFactory } from '../trpc/trpc.js';
import { CliUsageError } from './cliCommand.js';

const createCaller = createCallerFactory(appRouter);
export type CliCaller = ReturnType<typeof createCaller>;
export type ClientScope = { app: AppContext; client: { id: string; slug: string; name: string }; caller: CliCaller };

export async function withApp<T>(fn: (app: AppContext) => Promise<T>): Promise<T> {
  const log = pino({ level: process.env.LOG_LEVEL ?? 'warn' });
  const app = await createAppContext(loadConfig(), log);
  try {
    return await fn(app);
  } finally {
    await app.db.close();
  }
}

/** The client by slug or id (platform context: the CLI names any client), or a usage error. */
export async function findClient(app: AppContext, command: string, key: string): Promise<ClientScope['client']> {
  const { clients } = app.db.t;
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(key);
  const [client] = await app.db.system((tx) =>
    tx
      .select({ id: clients.id, slug: clients.slug, name: clients.name })
      .from(clients)
      .where(isUuid ? or(eq(clients.id, key), eq(clients.slug, key)) : eq(clients.slug, key)),
  );
  if (!client) throw new CliUsageError(`${command}: no client with slug or id "${key}"`);
  return client;
}

/**
 * Whoever runs the CLI on the server's machine holds its database and MASTER_KEY: they act as a
 * platform administrator for the named client. There is no user behind it (no users row, so no
 * user id: audit rows and created_by columns, which allow null, get null; the audit row's e-mail
 * says "uzz-cli" and its endpoint the command).
 */
function operatorSession(clientId: string): Session {
  return {
    sessionId: 'uzz-cli',
    userId: null as unknown as string,
    email: 'uzz-cli',
    isPlatformAdmin: true,
    clientId,
    role: 'owner',
    fullName: 'uzz command line',
  };
}

export function callerFor(app: AppContext, clientId: string, command: string): CliCaller {
  return createCaller(() => ({
    app,
    session: operatorSession(clientId),
    request: { ip: '127.0.0.1', userAgent: 'uzz-cli', endpoint: `uzz ${command}`, method: 'CLI' },
    audit: { clientId: null, resourceId: null },
    sessionCookie: NO_SESSION_COOKIE,
  }));
}

export function withClient<T>(command: string, key: string, fn: (scope: ClientScope) => Promise<T>): Promise<T> {
  return withApp(async (app) => {
    const client = await findClient(app, command, key);
    return fn({ app, client, caller: callerFor(app, client.id, command) });
  });
}
