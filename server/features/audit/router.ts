// The audit log: a client's administrators read their client's; the platform administrator reads
// any client's, or the platform's own rows (logins and actions with no client).
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';
import { platformAdminProcedure, router, withRole } from '#server/trpc/trpc.js';
import { listAuditLogs } from './listAuditLogs.js';

const date = z
  .string()
  .datetime({ offset: true, message: 'dates are ISO 8601, e.g. 2025-01-31T12:00:00Z' })
  .transform((value) => new Date(value));
const filters = z.object({
  userId: z.string().uuid().optional(),
  action: safeText().trim().max(200).optional(),
  resourceType: safeText().trim().max(100).optional(),
  resourceId: safeText().trim().max(200).optional(),
  status: z.enum(['success', 'failure']).optional(),
  from: date.optional(),
  to: date.optional(),
  cursor: z.string().uuid('not a valid cursor').optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

const checkRange = (input: { from?: Date | undefined; to?: Date | undefined }) => {
  if (input.from && input.to && input.from > input.to) throw new TRPCError({ code: 'BAD_REQUEST', message: '"from" is after "to"' });
};

export const auditRouter = router({
  list: withRole('admin')
    .input(filters.extend({ clientId: z.string().uuid().optional() }))
    .query(({ ctx, input }) => {
      checkRange(input);
      return listAuditLogs(ctx.app.db, { clientId: ctx.clientId }, input);
    }),

  /** clientId: one client; null: platform-level rows only; absent: everything. */
  listAll: platformAdminProcedure.input(filters.extend({ clientId: z.string().uuid().nullable().optional() })).query(({ ctx, input }) => {
    checkRange(input);
    return listAuditLogs(ctx.app.db, { platform: true, clientId: input.clientId }, input);
  }),
});
