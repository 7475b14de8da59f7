// What a caller sees of an error. Errors the caller can act on keep their message; an internal error
// is reported as "internal error, reference <id>" and logged here with that id in full, because its
// message may carry SQL, parameters or paths that are nobody's business outside the server.
import { randomUUID } from 'node:crypto';
import type { TRPCError } from '@trpc/server';
import type { DefaultErrorShape } from '@trpc/server/unstable-core-do-not-import';
import { ZodError } from 'zod';
import type { TrpcContext } from './context.js';
import { ReasonedCause } from './refusal.js';

export function formatTrpcError({
  shape,
  error,
  ctx,
  path,
}: {
  shape: DefaultErrorShape;
  error: TRPCError;
  ctx: TrpcContext | undefined;
  path: string | undefined;
}) {
  const cause = error.cause;
  const issues = cause instanceof ZodError ? cause.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) : undefined;
  const reason = cause instanceof ReasonedCause ? cause.reason : undefined;
  let message = shape.message;
  if (error.code === 'INTERNAL_SERVER_ERROR') {
    const reference = randomUUID();
    message = `internal error, reference ${reference}`;
    const log = ctx?.app.log;
    if (log) log.error({ err: error, path, reference }, 'tRPC procedure failed');
    else console.error(`tRPC procedure ${path ?? '?'} failed (reference ${reference})`, error);
  }
  return { ...shape, message, data: { ...shape.data, stack: undefined, issues, reason } };
}
