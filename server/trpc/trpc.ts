// The procedure ladder: public → authed (signed in) → tenant (acts for one client, with a role) →
// platform admin. Every mutation, successful or not, leaves an audit_logs row.
import { initTRPC, TRPCError } from '@trpc/server';
import type { UserRole } from '#shared/domain/statuses.js';
import { writeAuditLog } from '../features/audit/writeAuditLog.js';
import type { TrpcContext } from './context.js';
import { roleAtLeast } from '#shared/domain/roles.js';
import { databaseInputError } from './databaseInputErrors.js';
import { findUnsafeText } from './findUnsafeText.js';
import { formatTrpcError } from './formatTrpcError.js';
import { parsedInput } from './parsedInput.js';

const t = initTRPC.context<TrpcContext>().create({
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 40_000 } },
  errorFormatter: formatTrpcError,
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const middleware = t.middleware;

const audited = t.middleware(async ({ ctx, type, path, next, getRawInput }) => {
  if (type !== 'mutation') return next();
  const started = Date.now();
  const result = await next();
  const raw = await getRawInput().catch(() => undefined);
  // What the procedure used (its validators' output); the raw input only when they refused it.
  const input = (await parsedInput(path, raw))?.parsed ?? raw;
  const inputId = input && typeof input === 'object' && 'id' in input && typeof input.id === 'string' ? input.id : null;
  const resourceId = ctx.audit.resourceId ?? inputId;
  const clientId = ctx.audit.clientId ?? ctx.session?.clientId ?? null;
  await writeAuditLog(ctx.app, {
    session: ctx.session,
    clientId,
    action: path,
    resourceType: path.split('.')[0] ?? null,
    resourceId,
    endpoint: ctx.request.endpoint,
    method: ctx.request.method,
    changes: input,
    status: result.ok ? 'success' : 'failure',
    errorMessage: result.ok ? null : result.error.message,
    durationMs: Date.now() - started,
  });
  return result;
});

/** Input text no store accepts is a 400 before any procedure runs (the schemas refuse it too). */
const refuseUnsafeText = t.middleware(async ({ next, getRawInput }) => {
  const unsafe = findUnsafeText(await getRawInput());
  if (unsafe) throw new TRPCError({ code: 'BAD_REQUEST', message: `input ${unsafe.path} ${unsafe.reason}` });
  return next();
});

/** A database error that is really bad input (a malformed id, a missing referenced row) is the caller's 4xx. */
const databaseErrorsAsInputErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.code === 'INTERNAL_SERVER_ERROR') {
    const mapped = databaseInputError(result.error.cause ?? result.error);
    if (mapped) throw mapped;
  }
  return result;
});

export const publicProcedure = t.procedure.use(audited).use(databaseErrorsAsInputErrors).use(refuseUnsafeText);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.session) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return next({ ctx: { session: ctx.session } });
});

/**
 * Acts for the signed-in user's client. A platform administrator may act for any client by
 * passing `clientId` in the input.
 */
export const tenantProcedure = authedProcedure.use(async ({ ctx, next, getRawInput }) => {
  const input = await getRawInput().catch(() => undefined);
  const requested = input && typeof input === 'object' && 'clientId' in input && typeof input.clientId === 'string' ? input.clientId : null;
  let clientId = ctx.session.clientId;
  let role: UserRole | null = ctx.session.role;
  if (ctx.session.isPlatformAdmin && requested) {
    clientId = requested;
    role = 'owner';
  } else if (requested && requested !== clientId) {
    throw new TRPCError({ code: 'FORBIDDEN', message: 'this client belongs to another organisation' });
  }
  if (!clientId || !role) throw new TRPCError({ code: 'FORBIDDEN', message: 'your account is not a member of any client' });
  ctx.audit.clientId = clientId;
  return next({ ctx: { clientId, role } });
});

/** Requires at least `minimum` (viewer < agent < admin < owner). */
export const withRole = (minimum: UserRole) =>
  tenantProcedure.use(({ ctx, next }) => {
    if (!roleAtLeast(ctx.role, minimum)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `this needs the ${minimum} role or higher (you are ${ctx.role})` });
    }
    return next();
  });

export const platformAdminProcedure = authedProcedure.use(({ ctx, next }) => {
  if (!ctx.session.isPlatformAdmin) throw new TRPCError({ code: 'FORBIDDEN', message: 'platform administrators only' });
  return next();
});
