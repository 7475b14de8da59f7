// The sign-in's HTTP edge, in front of tRPC:
// - at most `config.loginAttemptsPerMinute` sign-in attempts per client address and minute
//   (@fastify/rate-limit; 429 with Retry-After), so one address cannot spray guesses over many
//   accounts;
// - no auth.* procedure inside a batched call: a batch of 30 logins would otherwise be 30
//   guesses in one request, past any per-request limit.
// Both answer in tRPC's error shape, so the client shows the message like any other.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';

const TRPC_PREFIX = '/trpc/';
// The first-run set-up hashes a password too: the same per-address limit (and bucket) as sign-in.
const THROTTLED_PATHS = new Set(['auth.login', 'setup.complete']);

function trpcError(reply: FastifyReply, status: number, code: string, message: string) {
  return reply
    .code(status)
    .type('application/json')
    .send({ error: { message, code: status === 429 ? -32029 : -32600, data: { code, httpStatus: status } } });
}

/** The procedure paths of a tRPC request (`/trpc/a.b,c.d?batch=1` → ['a.b', 'c.d']). */
function procedurePaths(request: FastifyRequest): string[] {
  const path = request.url.split('?')[0] ?? '';
  if (!path.startsWith(TRPC_PREFIX)) return [];
  return decodeURIComponent(path.slice(TRPC_PREFIX.length)).split(',');
}

export async function registerAuthEdge(http: FastifyInstance, app: AppContext): Promise<void> {
  if (!http.hasDecorator('createRateLimit')) await http.register(rateLimit, { global: false });
  const perAddress = http.createRateLimit({ max: app.config.loginAttemptsPerMinute, timeWindow: 60_000, keyGenerator: (request) => `login:${request.ip}` });

  http.addHook('onRequest', async (request, reply) => {
    const paths = procedurePaths(request);
    if (paths.length === 0) return;
    if (paths.length > 1 && paths.some((path) => path.startsWith('auth.') || THROTTLED_PATHS.has(path))) {
      return trpcError(reply, 400, 'BAD_REQUEST', 'sign-in procedures (auth.*, setup.complete) cannot be batched: send each as its own request');
    }
    if (!THROTTLED_PATHS.has(paths[0]!)) return;
    const limit = await perAddress(request);
    if (!limit.isAllowed && limit.isExceeded) {
      reply.header('retry-after', String(limit.ttlInSeconds));
      return trpcError(reply, 429, 'TOO_MANY_REQUESTS', `too many sign-in attempts from your address: try again in ${limit.ttlInSeconds} second(s)`);
    }
  });
}
