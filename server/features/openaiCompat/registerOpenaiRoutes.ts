// The OpenAI-compatible API: /v1/chat/completions (streaming too), /v1/embeddings, /v1/models.
// A client's API key selects the tenant; every call goes through the gateway, so budgets, the
// cache, fallbacks and usage logs apply exactly as for the bot. Errors use OpenAI's error shape.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '#server/app/appContext.js';
import { isDatabaseError } from '#server/db/errors.js';
import { GatewayError } from '../gateway/index.js';
import { gatewayState } from '../gateway/index.js';
import { getGateway, type ChatParams } from '../gateway/index.js';
import { modelSupports } from '../gateway/index.js';
import { authenticateApiKey, type ApiKeyIdentity } from './apiKeys.js';
import { validateEmbeddingsInput } from './validateEmbeddingsInput.js';

type OpenAiError = { status: number; message: string; type: string; code: string | null; param?: string | null };

export async function registerOpenaiRoutes(http: FastifyInstance, app: AppContext): Promise<void> {
  await http.register(
    async (v1) => {
      // Bodies that are not JSON objects get OpenAI's answer instead of Fastify's.
      v1.setErrorHandler((error: Error & { statusCode?: number }, _request, reply) => {
        if (isDatabaseError(error)) return sendUnavailable(reply, error, app); // e.g. the API key lookup
        const status = error.statusCode && error.statusCode < 500 ? error.statusCode : 500;
        if (status === 500) app.log.error({ err: error }, '/v1 request failed');
        return sendError(reply, {
          status,
          message: status === 500 ? 'internal error' : error.message,
          type: status === 500 ? 'api_error' : 'invalid_request_error',
          code: null,
        });
      });

      v1.get('/models', async (request, reply) => {
        if (!(await authenticate(app, request, reply))) return reply;
        const state = await gatewayState(app).get();
        return { object: 'list', data: state.models.filter((model) => model.isActive).map(modelObject) };
      });

      v1.get<{ Params: { '*': string } }>('/models/*', async (request, reply) => {
        if (!(await authenticate(app, request, reply))) return reply;
        const state = await gatewayState(app).get();
        const model = state.byIdentifier.get(request.params['*']);
        if (!model?.isActive)
          return sendError(reply, {
            status: 404,
            message: `The model '${request.params['*']}' does not exist`,
            type: 'invalid_request_error',
            code: 'model_not_found',
            param: 'model',
          });
        return modelObject(model);
      });

      v1.post('/chat/completions', async (request, reply) => {
        const identity = await authenticate(app, request, reply);
        if (!identity) return reply;
        const body = request.body as Record<string, unknown> | null;
        const invalid = validateChat(body);
        if (invalid) return sendError(reply, invalid);
        const { model, stream, ...params } = body as Record<string, unknown> & { model: string; stream?: boolean };
        const context = contextFor(request, identity);
        const gateway = getGateway(app);
        if (stream !== true) {
          try {
            const result = await gateway.chat({ ...context, model, params: params as ChatParams });
            setCallHeaders(reply, result);
            return result.completion;
          } catch (error) {
            return sendGatewayError(reply, error, app);
          }
        }
        // Streaming: nothing is written until the first chunk exists, so failures before it are plain errors.
        const abort = new AbortController();
        const generator = gateway.chatStream({ ...context, model, params: params as ChatParams, signal: abort.signal });
        let first: IteratorResult<unknown, unknown>;
        try {
          first = await generator.next();
        } catch (error) {
          return sendGatewayError(reply, error, app);
        }
        reply.hijack();
        const raw = reply.raw;
        raw.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache',
          connection: 'keep-alive',
          'x-request-id': context.requestId,
        });
        let closed = false;
        raw.on('close', () => {
          if (!raw.writableFinished) {
            closed = true;
            abort.abort();
            void generator.return(undefined as never).catch(() => undefined);
          }
        });
        try {
          let next = first;
          while (!next.done && !closed) {
            raw.write(`data: ${JSON.stringify(next.value)}\n\n`);
            next = await generator.next();
          }
          if (!closed) raw.write('data: [DONE]\n\n');
        } catch (error) {
          const failure = toOpenAiError(error, app);
          if (!closed)
            raw.write(
              `data: ${JSON.stringify({ error: { message: failure.message, type: failure.type, param: failure.param ?? null, code: failure.code } })}\n\n`,
            );
        } finally {
          raw.end();
        }
        return reply;
      });

      v1.post('/embeddings', async (request, reply) => {
        const identity = await authenticate(app, request, reply);
        if (!identity) return reply;
        const body = request.body as Record<string, unknown> | null;
        if (!body || typeof body !== 'object') return sendError(reply, badRequest('the body must be a JSON object'));
        if (typeof body.model !== 'string' || !body.model) return sendError(reply, badRequest('you must provide a model parameter', 'model'));
        const problem = validateEmbeddingsInput(body.input, body.dimensions);
        if (problem) return sendError(reply, badRequest(problem.message, problem.param));
        const input = body.input as string | string[];
        try {
          const result = await getGateway(app).embed({
            ...contextFor(request, identity),
            model: body.model,
            input,
            dimensions: body.dimensions as number | undefined,
          });
          setCallHeaders(reply, result);
          const base64 = body.encoding_format === 'base64';
          return {
            object: 'list',
            model: result.response.model,
            data: result.embeddings.map((embedding, index) => ({
              object: 'embedding',
              index,
              embedding: base64 ? Buffer.from(new Float32Array(embedding).buffer).toString('base64') : embedding,
            })),
            usage: { prompt_tokens: result.usage.inputTokens, total_tokens: result.usage.totalTokens },
          };
        } catch (error) {
          return sendGatewayError(reply, error, app);
        }
      });
    },
    { prefix: '/v1' },
  );
}

async function authenticate(app: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<ApiKeyIdentity | null> {
  const header = request.headers.authorization ?? '';
  const key = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
  const identity = key ? await authenticateApiKey(app, key) : null;
  if (!identity) {
    sendError(reply, {
      status: 401,
      type: 'invalid_request_error',
      code: 'invalid_api_key',
      message: key ? 'Incorrect API key provided, or the key was revoked.' : "You didn't provide an API key (Authorization: Bearer uzz-sk-…).",
    });
    return null;
  }
  // A key limited to some REST scopes (a CRM's contacts:read, say) must not spend the AI budget.
  if (identity.scopes && !identity.scopes.includes('ai:use')) {
    sendError(reply, {
      status: 403,
      type: 'invalid_request_error',
      code: 'insufficient_scope',
      message: `This API key lacks the scope ai:use, which the OpenAI-compatible endpoint needs (it has: ${identity.scopes.join(', ')}).`,
    });
    return null;
  }
  return identity;
}

function contextFor(request: FastifyRequest, identity: ApiKeyIdentity) {
  const given = request.headers['x-request-id'];
  return {
    clientId: identity.clientId,
    requestId: typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : crypto.randomUUID(),
    caller: 'api',
    cache: request.headers['x-uzz-cache'] !== 'no-store',
    // The caller gets the answer as soon as the provider gave it; the usage is written right after.
    bookkeeping: 'after-answer' as const,
  };
}

function validateChat(body: Record<string, unknown> | null): OpenAiError | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return badRequest('the body must be a JSON object');
  if (typeof body.model !== 'string' || !body.model) return badRequest('you must provide a model parameter', 'model');
  if (!Array.isArray(body.messages) || body.messages.length === 0) return badRequest('messages must be a non-empty array', 'messages');
  for (const [index, message] of (body.messages as unknown[]).entries()) {
    if (!message || typeof message !== 'object' || typeof (message as { role?: unknown }).role !== 'string') {
      return badRequest(`messages[${index}] must be an object with a role`, `messages[${index}]`);
    }
  }
  for (const field of ['max_tokens', 'max_completion_tokens']) {
    const value = body[field];
    if (value !== undefined && value !== null && (typeof value !== 'number' || !Number.isInteger(value) || value < 1))
      return badRequest(`${field} must be a positive integer`, field);
  }
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return badRequest('stream must be a boolean', 'stream');
  return null;
}

function setCallHeaders(reply: FastifyReply, result: { requestId: string; wasCached: boolean; wasFallback: boolean; model: string; costUsd: string }) {
  reply
    .header('x-request-id', result.requestId)
    .header('x-uzz-cache', result.wasCached ? 'hit' : 'miss')
    .header('x-uzz-fallback', String(result.wasFallback))
    .header('x-uzz-model', result.model)
    .header('x-uzz-cost-usd', result.costUsd);
}

const badRequest = (message: string, param: string | null = null): OpenAiError => ({ status: 400, message, type: 'invalid_request_error', code: null, param });

function toOpenAiError(error: unknown, app: AppContext): OpenAiError {
  if (error instanceof GatewayError)
    return { status: error.status, message: error.message, type: error.openaiType, code: error.openaiCode, param: error.details.param ?? null };
  if (isDatabaseError(error)) return DATABASE_UNAVAILABLE;
  app.log.error({ err: error }, '/v1 gateway call failed');
  return { status: 500, message: 'internal error', type: 'api_error', code: null };
}

function sendGatewayError(reply: FastifyReply, error: unknown, app: AppContext) {
  if (isDatabaseError(error)) return sendUnavailable(reply, error, app);
  const failure = toOpenAiError(error, app);
  if (error instanceof GatewayError && error.details.requestId) reply.header('x-request-id', error.details.requestId);
  return sendError(reply, failure);
}

/** Seconds a caller is asked to wait after database trouble (a pool squeeze or failover passes in seconds). */
const DATABASE_RETRY_AFTER_SECONDS = 2;

/**
 * Database trouble is temporary and not the caller's fault: 503 with Retry-After, so OpenAI
 * clients (which retry 503s) try again, instead of a 500 that reads like a bug. Streams that had
 * started report it in their error event.
 */
function sendUnavailable(reply: FastifyReply, error: unknown, app: AppContext) {
  app.log.warn({ err: error }, '/v1 call failed: the database is unavailable');
  reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
  return sendError(reply, DATABASE_UNAVAILABLE);
}

const DATABASE_UNAVAILABLE: OpenAiError = {
  status: 503,
  message: 'the service is briefly unavailable (database); retry shortly',
  type: 'api_error',
  code: 'service_unavailable',
};

function sendError(reply: FastifyReply, error: OpenAiError) {
  return reply.code(error.status).send({ error: { message: error.message, type: error.type, param: error.param ?? null, code: error.code } });
}

function modelObject(
  model: { gatewayIdentifier: string; provider: string; createdAt: Date; capabilities: Record<string, unknown> } & Parameters<typeof modelSupports>[0],
) {
  return {
    id: model.gatewayIdentifier,
    object: 'model',
    created: Math.floor(model.createdAt.getTime() / 1000),
    owned_by: model.provider,
    capabilities: { chat: modelSupports(model, 'chat'), embeddings: modelSupports(model, 'embeddings') },
  };
}
