import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';

/**
 * The desktop app's local server listens on loopback, but other local programs could still call
 * it: every request must carry the token the app generated at launch (header, or `launch` query
 * parameter for the first page load and EventSource). Webhooks, /v1 and /healthz stay open.
 */
export function requireLaunchToken(http: FastifyInstance, token: string): void {
  const expected = Buffer.from(token);
  http.addHook('onRequest', async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    // Webhooks carry Meta's signature and /v1 its API keys: both authenticate themselves.
    if (url === '/healthz' || url.startsWith('/webhooks/') || url.startsWith('/v1/')) return;
    const given = request.headers['x-uzz-launch-token'] ?? new URL(request.url, 'http://local').searchParams.get('launch') ?? '';
    const candidate = Buffer.from(String(given));
    if (candidate.length !== expected.length || !timingSafeEqual(candidate, expected)) {
      return reply.code(401).send({ error: 'missing or wrong launch token' });
    }
  });
}
