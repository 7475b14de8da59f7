// /api/v1: the public REST API (routes.ts), and /api/openapi.json describing it. Every request:
// API key (Authorization: Bearer uzz-sk-…) → scope → rate limit (429 + Retry-After) → validation of
// params, query and body with the route's zod schemas → Idempotency-Key on POST → the handler.
// Every error has the one shape of apiError.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';
import { isDatabaseError } from '#server/db/errors.js';
import type { JsonValue } from '#server/db/json-types.js';
import { authenticateApiKey, type ApiKeyIdentity } from '../openaiCompat/index.js';
import { ApiError, sendApiError, toApiError, validationError } from './apiError.js';
import { withIdempotency } from './idempotency.js';
import { openApiDocument } from './openApiDocument.js';
import { enforceRateLimit, rateHeaders } from './rateLimit.js';
import { API_ROUTES, type ApiRoute } from './routes.js';

export const PUBLIC_API_PREFIX = '/api/v1';

export async function registerPublicApiRoutes(http: FastifyInstance, app: AppContext): Promise<void> {
  let document: unknown = null;
  http.get('/api/openapi.json', async (_request, reply) => {
    document ??= openApiDocument();
    return reply.header('cache-control', 'no-cache').send(document);
  });

  await http.register(
    async (api) => {
      api.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => failed(app, reply, error));
      api.setNotFoundHandler((request, reply) =>
        sendApiError(reply, new ApiError(404, 'not_found', `no such endpoint: ${request.method} ${request.url.split('?')[0]} (see /api/openapi.json)`)),
      );
      for (const route of API_ROUTES) {
        api.route({ method: route.method, url: route.path, handler: (request, reply) => handle(app, route, request, reply) });
      }
    },
    { prefix: PUBLIC_API_PREFIX },
  );
}

async function handle(app: AppContext, route: ApiRoute, request: FastifyRequest, reply: FastifyReply) {
  try {
    const identity = await authenticate(app, request);
    if (identity.scopes && !identity.scopes.includes(route.scope)) {
      throw new ApiError(403, 'forbidden', `this API key lacks the scope ${route.scope} (it has: ${identity.scopes.join(', ')})`);
    }
    const rate = await enforceRateLimit(app, identity);
    for (const [name, value] of Object.entries(rateHeaders(rate))) void reply.header(name, value);
    const params = parse(route.params, request.params ?? {}, 'path');
    const query = parse(route.query, request.query ?? {}, 'query');
    if (route.body && (request.body === undefined || request.body === null)) throw new ApiError(400, 'invalid_request', 'the body must be a JSON object');
    const body = parse(route.body, request.body, 'body');
    const run = async () => {
      try {
        const result = await route.handler({ app, identity, params: params as Record<string, string>, query, body });
        return { status: route.status, body: result as JsonValue };
      } catch (error) {
        throw toApiError(error) ?? error;
      }
    };
    const answer =
      route.method === 'POST'
        ? await withIdempotency(
            app,
            identity,
            { key: headerValue(request, 'idempotency-key'), method: route.method, path: request.url.split('?')[0]!, body: request.body },
            run,
          )
        : await run();
    if ('replayed' in answer && answer.replayed) void reply.header('idempotent-replayed', 'true');
    return reply.code(answer.status).type('application/json; charset=utf-8').send(answer.body);
  } catch (error) {
    return failed(app, reply, error);
  }
}

async function authenticate(app: AppContext, request: FastifyRequest): Promise<ApiKeyIdentity> {
  const header = headerValue(request, 'authorization') ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match)
    throw new ApiError(401, 'unauthorized', 'send your API key as "Authorization: Bearer uzz-sk-…" (create one with npx uzz apikey create)', undefined, {
      'www-authenticate': 'Bearer',
    });
  const identity = await authenticateApiKey(app, match[1]!);
  if (!identity)
    throw new ApiError(401, 'unauthorized', 'the API key is not valid: unknown, revoked, expired, or its client is suspended', undefined, {
      'www-authenticate': 'Bearer',
    });
  return identity;
}

function parse(schema: ApiRoute['params'] | ApiRoute['body'], value: unknown, where: string): unknown {
  if (!schema) return value;
  const result = schema.safeParse(value);
  if (!result.success) throw validationError(result.error, where);
  return result.data;
}

function headerValue(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function failed(app: AppContext, reply: FastifyReply, error: unknown) {
  const known = toApiError(error);
  if (known) return sendApiError(reply, known);
  if (isDatabaseError(error)) {
    app.log.warn({ err: error }, '/api/v1: the database is unavailable');
    return sendApiError(reply, new ApiError(503, 'unavailable', 'the service is temporarily unavailable: retry shortly', undefined, { 'retry-after': '5' }));
  }
  const status = (error as { statusCode?: number }).statusCode;
  // Fastify's own 4xx: a body that is not JSON, too large, a wrong content type.
  if (status && status >= 400 && status < 500) return sendApiError(reply, new ApiError(status, 'invalid_request', (error as Error).message));
  app.log.error({ err: error }, '/api/v1 request failed');
  return sendApiError(reply, new ApiError(500, 'internal_error', 'internal error'));
}
