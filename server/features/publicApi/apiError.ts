// The public API's one error shape: `{ "error": { "status", "code", "message", "details"? } }`,
// whatever failed (validation, auth, scope, rate limit, a refused move, the database).
import { TRPCError } from '@trpc/server';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { UserFacingError } from '#server/app/userFacingError.js';
import { ConversationChangedMeanwhileError, ConversationTransitionError } from '../conversations/index.js';
import { ConversationNotFoundError, OptedOutError, OutboundContentError, UnknownNumberError, WindowClosedError } from '../whatsapp/index.js';

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const apiErrorSchema = z.object({
  error: z.object({
    status: z.number().int().describe('the HTTP status, repeated'),
    code: z.string().describe('stable, machine-readable: invalid_request, unauthorized, forbidden, not_found, conflict, precondition_failed, rate_limited, …'),
    message: z.string().describe('for people: what went wrong and what to do'),
    details: z.unknown().optional().describe('validation problems: [{ path, message }]'),
  }),
});

const TRPC_STATUS: Partial<Record<TRPCError['code'], [number, string]>> = {
  BAD_REQUEST: [400, 'invalid_request'],
  NOT_FOUND: [404, 'not_found'],
  CONFLICT: [409, 'conflict'],
  PRECONDITION_FAILED: [422, 'precondition_failed'],
  FORBIDDEN: [403, 'forbidden'],
  TOO_MANY_REQUESTS: [429, 'rate_limited'],
};

/** What an error from a service means for an API caller; null: an unexpected failure (a 500). */
export function toApiError(error: unknown): ApiError | null {
  if (error instanceof ApiError) return error;
  if (error instanceof z.ZodError) return validationError(error);
  if (error instanceof TRPCError) {
    const mapped = TRPC_STATUS[error.code];
    return mapped ? new ApiError(mapped[0], mapped[1], error.message) : null;
  }
  if (error instanceof UnknownNumberError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof ConversationNotFoundError) return new ApiError(404, 'not_found', error.message);
  if (error instanceof ConversationTransitionError || error instanceof ConversationChangedMeanwhileError) return new ApiError(409, 'conflict', error.message);
  if (error instanceof WindowClosedError || error instanceof OptedOutError) return new ApiError(422, 'precondition_failed', error.message);
  if (error instanceof OutboundContentError) return new ApiError(400, 'invalid_request', error.message);
  if (error instanceof UserFacingError) return new ApiError(400, 'invalid_request', error.message);
  return null;
}

export function validationError(error: z.ZodError, where = 'body'): ApiError {
  const details = error.issues.map((issue) => ({ path: [where, ...issue.path.map(String)].join('.'), message: issue.message }));
  return new ApiError(400, 'invalid_request', `invalid ${where}: ${details.map((item) => `${item.path}: ${item.message}`).join('; ')}`, details);
}

export function sendApiError(reply: FastifyReply, error: ApiError) {
  for (const [name, value] of Object.entries(error.headers)) void reply.header(name, value);
  return reply
    .code(error.status)
    .type('application/json; charset=utf-8')
    .send({ error: { status: error.status, code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } });
}
