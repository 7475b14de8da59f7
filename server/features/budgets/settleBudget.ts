// After a call: the reservation is replaced by what the call really cost (nothing, when it
// failed), thresholds crossed are recorded once, and pause_at_limit takes effect at 100 %.
// The reservation's row must have been deleted in this transaction (`locked.released`, see
// releaseReservations): that is how a reservation already reclaimed is not given back twice.
// Like reserveBudget, on the row locked in this transaction, in memory (saveBudget writes it).
import { dec, DEC_ZERO, formatDec, maxDec, type ActualCost } from '../gateway/index.js';
import { alertFor } from './alertFor.js';
import { newlyCrossed, usagePercentage, type BudgetAlert } from './budgetThresholds.js';
import type { LockedBudget } from './lockClientBudget.js';
import type { BudgetReservation } from './reserveBudget.js';

export type { ActualCost };

/** `locked`: the reservation's client's budget row locked in this transaction (null: no budget). */
export function settleBudget(locked: LockedBudget | null, reservation: BudgetReservation, actual: ActualCost, now: Date): BudgetAlert[] {
  if (reservation.budgetId === null && actual.tokens === 0 && actual.brl === 0n) return [];
  if (!locked) return [];
  const { row, budget } = locked;
  // A reservation made in an earlier period was dropped when the period rolled over; one whose row
  // was reclaimed (its lease ran out) was already subtracted: only a live one is given back here.
  const samePeriod =
    reservation.budgetId === row.id &&
    reservation.periodStart === (row.lastResetAt?.getTime() ?? null) &&
    reservation.id !== null &&
    (locked.released?.has(reservation.id) ?? false);
  const reservedTokens = samePeriod ? Math.max(0, row.reservedTokens - reservation.tokens) : row.reservedTokens;
  const reservedBrl = samePeriod ? maxDec(DEC_ZERO, dec(row.reservedBrl) - reservation.brl) : dec(row.reservedBrl);
  const currentTokens = row.currentTokens + actual.tokens;
  const currentBrl = dec(row.currentBrl) + actual.brl;
  const percentage = usagePercentage(budget, currentTokens, currentBrl);
  const crossed = newlyCrossed(budget, percentage, row.alertsSent, false);
  const sent = { ...row.alertsSent };
  for (const threshold of crossed) sent[String(threshold)] = now.toISOString();
  const pause = row.isPaused || (budget.pauseAtLimit && percentage >= dec(100));
  locked.row = {
    ...row,
    reservedTokens,
    reservedBrl: formatDec(reservedBrl),
    currentTokens,
    currentBrl: formatDec(currentBrl),
    currentUsage: budget.type === 'tokens' ? String(currentTokens) : formatDec(currentBrl),
    usagePercentage: formatDec(percentage),
    alertsSent: sent,
    isPaused: pause,
  };
  locked.dirty = true;
  return crossed.map((threshold) => alertFor(locked, threshold, pause));
}
