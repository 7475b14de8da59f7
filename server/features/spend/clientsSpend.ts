// Every client's spend at a glance (platform administrators): the budget's current period (used,
// limit, percentage of the tightest limit, paused) and what the client spent over the chosen
// window, most expensive first. The window's sums are one grouped query over the rollups.
import { asc, eq, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { dec, formatDec } from '../gateway/index.js';
import { percentageNumber, usagePercentage } from '../budgets/index.js';
import { effectiveBudget } from '../budgets/index.js';
import { fromE10 } from './rollupSql.js';

export async function clientsSpend(app: AppContext, range: { fromMs: number; toMs: number }, now: Date) {
  const { clients, clientBudgets, planBudgets } = app.db.t;
  const { rows, sums } = await app.db.system(async (tx) => ({
    rows: await tx
      .select({ client: clients, budget: clientBudgets, plan: planBudgets })
      .from(clients)
      .leftJoin(clientBudgets, eq(clientBudgets.clientId, clients.id))
      .leftJoin(planBudgets, eq(planBudgets.id, clientBudgets.planBudgetId))
      .orderBy(asc(clients.name), asc(clients.id)),
    sums: await app.db.rows<{ client_id: string; calls: string; total_tokens: string; cost_brl: string; cost_usd: string }>(
      tx,
      sql`
      select r.client_id, cast(sum(r.calls) as text) as calls, cast(sum(r.total_tokens) as text) as total_tokens,
        cast(sum(r.cost_brl_e_10) as text) as cost_brl, cast(sum(r.cost_usd_e_10) as text) as cost_usd
      from spend_rollups r where r.bucket_ms >= ${range.fromMs} and r.bucket_ms < ${range.toMs}
      group by r.client_id`,
    ),
  }));
  const byClient = new Map(sums.map((sum) => [sum.client_id, sum]));
  const result = rows.map(({ client, budget: row, plan }) => {
    const sum = byClient.get(client.id);
    let budget = null;
    if (row) {
      const effective = effectiveBudget(row, row.inheritsFromPlan ? plan : null);
      // Past the period's end the counters are stale until the next call rolls the period over.
      const ended = row.nextResetAt !== null && row.nextResetAt <= now;
      const tokens = ended ? 0 : row.currentTokens;
      const brl = ended ? 0n : dec(row.currentBrl);
      budget = {
        type: effective.type,
        period: effective.period,
        tokenLimit: effective.tokenLimit,
        brlLimit: effective.brlLimit === null ? null : formatDec(effective.brlLimit),
        currentTokens: tokens,
        currentBrl: formatDec(brl),
        percentage: percentageNumber(usagePercentage(effective, tokens, brl)),
        isPaused: row.isPaused && !ended,
        pauseAtLimit: effective.pauseAtLimit,
        nextResetAt: row.nextResetAt,
      };
    }
    return {
      clientId: client.id,
      name: client.name,
      slug: client.slug,
      plan: client.plan,
      status: client.status,
      budget,
      window: {
        calls: Number(sum?.calls ?? 0),
        totalTokens: Number(sum?.total_tokens ?? 0),
        costBrl: fromE10(sum?.cost_brl ?? '0'),
        costUsd: fromE10(sum?.cost_usd ?? '0'),
      },
    };
  });
  // Most expensive first (exact comparison of the decimal strings' values).
  return result.sort((a, b) => {
    const difference = dec(b.window.costBrl) - dec(a.window.costBrl);
    return difference > 0n ? 1 : difference < 0n ? -1 : 0;
  });
}
