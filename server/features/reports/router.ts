// reports.*: the figures a support manager runs on, per period, number, team and agent: episodes
// opened and resolved, first response and resolution times (p50/p90), messages sent, bot
// containment and handoff rate, CSAT, the busiest hours, per agent; and all of it as CSV.
// Administrators and owners (viewers see the inbox, not the team's figures).
import { router, withRole } from '#server/trpc/trpc.js';
import { reportByAgent, reportCsv, reportHeatmap, reportPerDay } from './buildReports.js';
import { reportFilter, reportInput } from './reportInput.js';
import { reportSummary } from './reportQueries.js';

const admin = withRole('admin');

export const reportsRouter = router({
  summary: admin
    .input(reportInput)
    .query(({ ctx, input }) => ctx.app.db.tenant(ctx.clientId, (tx) => reportSummary(ctx.app, tx, ctx.clientId, reportFilter(input)))),
  perDay: admin
    .input(reportInput)
    .query(({ ctx, input }) => ctx.app.db.tenant(ctx.clientId, (tx) => reportPerDay(ctx.app, tx, ctx.clientId, reportFilter(input)))),
  heatmap: admin
    .input(reportInput)
    .query(({ ctx, input }) => ctx.app.db.tenant(ctx.clientId, (tx) => reportHeatmap(ctx.app, tx, ctx.clientId, reportFilter(input)))),
  byAgent: admin
    .input(reportInput)
    .query(({ ctx, input }) => ctx.app.db.tenant(ctx.clientId, (tx) => reportByAgent(ctx.app, tx, ctx.clientId, reportFilter(input)))),
  /** Everything above as one CSV (summary, days, agents). */
  csv: admin.input(reportInput).query(({ ctx, input }) =>
    ctx.app.db.tenant(ctx.clientId, async (tx) => {
      const filter = reportFilter(input);
      const [summary, perDay, agents] = [
        await reportSummary(ctx.app, tx, ctx.clientId, filter),
        await reportPerDay(ctx.app, tx, ctx.clientId, filter),
        await reportByAgent(ctx.app, tx, ctx.clientId, filter),
      ];
      return { filename: `relatorio-${input.from.slice(0, 10)}-${input.to.slice(0, 10)}.csv`, csv: reportCsv(summary, perDay.days, agents, filter) };
    }),
  ),
});
