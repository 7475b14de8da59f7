// Per-request tRPC context: the application, and the signed-in user when the request carries a
// session token (Authorization: Bearer …, the browser's HttpOnly session cookie, or, for older
// clients, the SSE link's connection parameters). Sign-in procedures hand the browser its cookie
// through `sessionCookie`; the CSRF check for cookie requests runs before tRPC (refuseCrossSiteRequests).
import type { CreateFastifyContextOptions } from '@trpc/server/adapters/fastify';
import type { AppContext } from '../app/appContext.js';
import { sessionCookieWriter, sessionCredential, type SessionCookieWriter } from '../features/auth/sessionCookie.js';
import { resolveSession, type Session } from '../features/auth/sessions.js';

/** origin: scheme://host[:port] the request was made to (Host header; behind a proxy, what the proxy forwarded): shown to administrators only, e.g. as the webhook URL to paste into Meta. */
export type RequestMeta = { ip: string; userAgent: string | undefined; endpoint: string; method: string; origin?: string };
/** Filled in while a procedure runs, read by the audit middleware when it ends. */
export type AuditScope = { clientId: string | null; resourceId: string | null };
export type TrpcContext = { app: AppContext; session: Session | null; request: RequestMeta; audit: AuditScope; sessionCookie: SessionCookieWriter };

export function contextFactory(app: AppContext) {
  return async ({ req, res, info }: CreateFastifyContextOptions): Promise<TrpcContext> => {
    const fromParams = info.connectionParams?.token;
    const credential = sessionCredential(req);
    // Explicit credentials (a header, the stream's parameters) beat the cookie the browser adds by itself.
    const token = credential?.via === 'bearer' ? credential.token : typeof fromParams === 'string' && fromParams ? fromParams : (credential?.token ?? '');
    return {
      app,
      session: token ? await resolveSession(app.db, token, app.config) : null,
      audit: { clientId: null, resourceId: null },
      request: {
        ip: req.ip,
        userAgent: req.headers['user-agent'],
        endpoint: req.url.split('?')[0] ?? req.url,
        method: req.method,
        origin: `${req.protocol}://${req.host}`,
      },
      sessionCookie: sessionCookieWriter(req, res, app.config),
    };
  };
}
