// What resolving a period needs to know about the client: its time zone and its budget period.
// Read-only (the budgets feature rolls periods over when it next settles a call).
import { eq } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { TRPCError } from '@trpc/server';
import { budgetClock } from '../budgets/index.js';
import type { PeriodContext } from './spendPeriod.js';

export async function loadPeriodContext(app: AppContext, tx: Tx, clientId: string): Promise<PeriodContext> {
  const { clients, clientBudgets, planBudgets } = app.db.t;
  const [client] = await tx.select({ timeZone: clients.timezone, plan: clients.plan }).from(clients).where(eq(clients.id, clientId));
  if (!client) throw new TRPCError({ code: 'NOT_FOUND', message: 'no such client' });
  const [budget] = await tx
    .select({
      period: clientBudgets.budgetPeriod,
      inherits: clientBudgets.inheritsFromPlan,
      planPeriod: planBudgets.budgetPeriod,
      start: clientBudgets.lastResetAt,
      next: clientBudgets.nextResetAt,
    })
    .from(clientBudgets)
    .leftJoin(planBudgets, eq(planBudgets.id, clientBudgets.planBudgetId))
    .where(eq(clientBudgets.clientId, clientId));
  return {
    now: budgetClock(app).now(),
    timeZone: client.timeZone,
    budget: budget ? { period: (budget.inherits && budget.planPeriod) || budget.period, start: budget.start, next: budget.next } : null,
  };
}
