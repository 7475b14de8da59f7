// After a call: the reservation is replaced by what the call really cost (nothing, when it
// failed), thresholds crossed are recorded once, and pause_at_limit takes effect at 100 %.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { Tx } from '../../db/tables.js';
import { dec, DEC_ZERO, formatDec, maxDec, type Dec } from '../gateway/money.js';
import { alertFor } from './alertFor.js';
import { newlyCrossed, usagePercentage, type BudgetAlert } from './budgetThresholds.js';
import { lockClientBudget } from './lockClientBudget.js';
import type { BudgetReservation } from './reserveBudget.js';

export type ActualCost = { tokens: number; brl: Dec };

export async function settleBudget(app: AppContext, tx: Tx, reservation: BudgetReservation, actual: ActualCost, now: Date): Promise<BudgetAlert[]> {
  if (reservation.budgetId === null && actual.tokens === 0 && actual.brl === 0n) return [];
  const locked = await lockClientBudget(app, tx, reservation.clientId, now, reservation.client);
  if (!locked) return [];
  const { row, budget } = locked;
  // A reservation made in an earlier period was dropped when the period rolled over.
  const samePeriod = reservation.budgetId === row.id && reservation.periodStart === (row.lastResetAt?.getTime() ?? null);
  const reservedTokens = samePeriod ? Math.max(0, row.reservedTokens - reservation.tokens) : row.reservedTokens;
  const reservedBrl = samePeriod ? maxDec(DEC_ZERO, dec(row.reservedBrl) - reservation.brl) : dec(row.reservedBrl);
  const currentTokens = row.currentTokens + actual.tokens;
  const currentBrl = dec(row.currentBrl) + actual.brl;
  const percentage = usagePercentage(budget, currentTokens, currentBrl);
  const crossed = newlyCrossed(budget, percentage, row.alertsSent, false);
  const sent = { ...row.alertsSent };
  for (const threshold of crossed) sent[String(threshold)] = now.toISOString();
  const pause = row.isPaused || (budget.pauseAtLimit && percentage >= dec(100));
  const [updated] = await tx.update(app.db.t.clientBudgets).set({
    reservedTokens, reservedBrl: formatDec(reservedBrl), currentTokens, currentBrl: formatDec(currentBrl),
    currentUsage: budget.type === 'tokens' ? String(currentTokens) : formatDec(currentBrl),
    usagePercentage: formatDec(percentage), alertsSent: sent, isPaused: pause,
  }).where(eq(app.db.t.clientBudgets.id, row.id)).returning();
  return crossed.map((threshold) => alertFor({ ...locked, row: updated! }, threshold, pause));
}
