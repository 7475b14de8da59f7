// What every report takes: a period (at most a year) and optional number, team and agent filters.
import { TRPCError } from '@trpc/server';
import { z } from 'zod';
import { safeText } from '#shared/domain/safeText.js';

export const MAX_REPORT_DAYS = 366;

export const reportInput = z.object({
  clientId: z.string().uuid().optional(),
  from: z.string().datetime({ offset: true, message: 'from must be a date and time (ISO 8601)' }),
  to: z.string().datetime({ offset: true, message: 'to must be a date and time (ISO 8601)' }),
  phoneNumberId: safeText().trim().min(1).max(100).optional(),
  teamId: z.string().uuid().optional(),
  agentId: z.string().uuid().optional(),
});
export type ReportInput = z.infer<typeof reportInput>;

export type ReportFilter = { from: Date; to: Date; phoneNumberId?: string; teamId?: string; agentId?: string };

export function reportFilter(input: ReportInput): ReportFilter {
  const from = new Date(input.from);
  const to = new Date(input.to);
  if (!(from < to)) throw new TRPCError({ code: 'BAD_REQUEST', message: 'the period must end after it starts' });
  if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000)
    throw new TRPCError({ code: 'BAD_REQUEST', message: `a report covers at most ${MAX_REPORT_DAYS} days` });
  return { from, to, phoneNumberId: input.phoneNumberId, teamId: input.teamId, agentId: input.agentId };
}
