// Graph API failures while managing templates → a tRPC error a person can act on.
import { TRPCError } from '@trpc/server';
import { GraphApiError } from '../graph/graphClient.js';
import { MissingCredentialsError } from '../graph/loadGraphCredentials.js';
import { classifyMetaError } from '../graph/metaErrors.js';

export function templateGraphError(error: unknown): never {
  if (error instanceof MissingCredentialsError) throw new TRPCError({ code: 'PRECONDITION_FAILED', message: error.message, cause: error });
  if (error instanceof GraphApiError) {
    const verdict = classifyMetaError({ code: error.code, title: error.title, details: error.details, httpStatus: error.httpStatus });
    throw new TRPCError({
      code: verdict.retry ? 'SERVICE_UNAVAILABLE' : 'BAD_REQUEST',
      message: verdict.reason.replace('Meta refused the message', 'Meta refused the request'),
      cause: error,
    });
  }
  throw error;
}
