// CSRF protection for the session cookie. The browser attaches the cookie by itself, so a request
// that changes something (anything but GET/HEAD/OPTIONS) and carries only the cookie must prove it
// comes from our own page: the `x-uzz-csrf` header (another site's form cannot send headers, and
// a script can only with a CORS preflight this server never grants) or an Origin naming this
// host; another site's Origin is refused outright. Bearer requests (CLI, API clients, the tests) are untouched: no browser adds those by itself.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { readSessionCookie } from '../features/auth/sessionCookie.js';

export const CSRF_HEADER = 'x-uzz-csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** true: this host; false: another site (or an opaque `null` origin); null: no Origin header. */
function originIsThisHost(request: FastifyRequest): boolean | null {
  const origin = request.headers.origin;
  if (origin === undefined) return null;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

export function refuseCrossSiteRequests(http: FastifyInstance): void {
  http.addHook('onRequest', async (request, reply) => {
    if (SAFE_METHODS.has(request.method)) return;
    if (request.headers.authorization?.startsWith('Bearer ')) return;
    if (readSessionCookie(request.headers) === null) return;
    const sameOrigin = originIsThisHost(request);
    // A foreign Origin is refused even with the header (no page of ours runs on another origin).
    if (sameOrigin === true || (sameOrigin === null && request.headers[CSRF_HEADER] === '1')) return;
    return reply.code(403).send({ error: `a signed-in browser request that changes something needs the ${CSRF_HEADER}: 1 header or this server's own Origin` });
  });
}
