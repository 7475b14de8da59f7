// Per-request tRPC context: the application, and the signed-in user when the request carries a
// session token (Authorization: Bearer …, or the SSE link's connection parameters).
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { AppContext } from '../app/appContext.js';
import { resolveSession, type Session } from '../features/auth/sessions.js';

export type RequestMeta = { ip: string; userAgent: string | undefined; endpoint: string; method: string };
/** Filled in while a procedure runs, read by the audit middleware when it ends. */
export type AuditScope = { clientId: string | null; resourceId: string | null };
export type TrpcContext = { app: AppContext; session: Session | null; request: RequestMeta; audit: AuditScope };

export function contextFactory(app: AppContext) {
  return async ({ req, info }: CreateFastifyContextOptions): Promise<TrpcContext> => {
    const header = req.headers.authorization;
    const fromParams = info.connectionParams?.token;
    const token = header?.startsWith('Bearer ') ? header.slice(7) : typeof fromParams === 'string' ? fromParams : '';
    return {
      app,
      session: token ? await resolveSession(app.db, token, app.config) : null,
      audit: { clientId: null, resourceId: null },
      request: { ip: req.ip, userAgent: req.headers['user-agent'], endpoint: req.url.split('?')[0] ?? req.url, method: req.method },
    };
  };
}
