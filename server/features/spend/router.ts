// tRPC for the spend dashboard: read-only figures over the spend rollups (kept by database triggers
// from gateway_usage_logs) for one client's administrators, and every client's spend for the
// platform administrator. Budget status and lifting a pause are the budgets feature's (budgets.get,
// budgets.resume).
import { z } from 'zod';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { platformAdminProcedure, router, withRole } from '#server/trpc/trpc.js';
import { budgetClock } from '../budgets/index.js';
import { cacheEfficiency } from './cacheEfficiency.js';
import { clientsSpend } from './clientsSpend.js';
import { fallbackStats } from './fallbackStats.js';
import { loadPeriodContext } from './loadPeriodContext.js';
import { spendByModel } from './spendByModel.js';
import { spendByProvider } from './spendByProvider.js';
import { periodInput, resolvePeriod, type PeriodInput, type SpendPeriod } from './spendPeriod.js';
import { spendPerDay } from './spendPerDay.js';
import { spendSummary } from './spendSummary.js';
import { topConversations } from './topConversations.js';

const periodQuery = z.object({ clientId: z.string().uuid().optional(), period: periodInput });
const admin = withRole('admin');

/** Resolves the period in the client's time zone and runs the query in the client's context. */
function inPeriod<T>(app: AppContext, clientId: string, input: PeriodInput, query: (tx: Tx, period: SpendPeriod) => Promise<T>) {
  return app.db.tenant(clientId, async (tx) => {
    const period = resolvePeriod(input, await loadPeriodContext(app, tx, clientId));
    const data = await query(tx, period);
    return { period: { from: new Date(period.fromMs), to: new Date(period.toMs), timeZone: period.timeZone, days: period.days.length }, data };
  });
}

export const spendRouter = router({
  summary: admin
    .input(periodQuery)
    .query(({ ctx, input }) => inPeriod(ctx.app, ctx.clientId, input.period, (tx, period) => spendSummary(ctx.app, tx, ctx.clientId, period))),
  perDay: admin
    .input(periodQuery)
    .query(({ ctx, input }) => inPeriod(ctx.app, ctx.clientId, input.period, (tx, period) => spendPerDay(ctx.app, tx, ctx.clientId, period))),
  byModel: admin
    .input(periodQuery)
    .query(({ ctx, input }) => inPeriod(ctx.app, ctx.clientId, input.period, (tx, period) => spendByModel(ctx.app, tx, ctx.clientId, period))),
  byProvider: admin
    .input(periodQuery)
    .query(({ ctx, input }) => inPeriod(ctx.app, ctx.clientId, input.period, (tx, period) => spendByProvider(ctx.app, tx, ctx.clientId, period))),
  cache: admin
    .input(periodQuery)
    .query(({ ctx, input }) => inPeriod(ctx.app, ctx.clientId, input.period, (tx, period) => cacheEfficiency(ctx.app, tx, ctx.clientId, period))),
  fallbacks: admin
    .input(periodQuery)
    .query(({ ctx, input }) => inPeriod(ctx.app, ctx.clientId, input.period, (tx, period) => fallbackStats(ctx.app, tx, ctx.clientId, period))),
  topConversations: admin
    .input(periodQuery.extend({ limit: z.number().int().min(1).max(100).default(10) }))
    .query(({ ctx, input }) => inPeriod(ctx.app, ctx.clientId, input.period, (tx, period) => topConversations(ctx.app, tx, ctx.clientId, period, input.limit))),

  /** Every client's budget and spend over the window (resolved in UTC: clients' time zones differ). */
  clients: platformAdminProcedure.input(z.object({ period: periodInput }).optional()).query(async ({ ctx, input }) => {
    const now = budgetClock(ctx.app).now();
    const period = resolvePeriod(input?.period ?? { preset: 'last30' }, { now, timeZone: 'UTC', budget: null });
    return {
      period: { from: new Date(period.fromMs), to: new Date(period.toMs), timeZone: 'UTC', days: period.days.length },
      data: await clientsSpend(ctx.app, period, now),
    };
  }),
});
