import { dec, formatDec } from '../gateway/index.js';
import { brlText, percentageNumber, usagePercentage, type BudgetAlert } from './budgetThresholds.js';
import type { LockedBudget } from './lockClientBudget.js';

/**
 * The alert payload for a threshold, from the budget as it stands in this transaction; recorded on
 * the locked budget, so saveBudget enqueues its delivery in the same transaction.
 */
export function alertFor(locked: LockedBudget, threshold: number, paused: boolean): BudgetAlert {
  const { row, budget } = locked;
  const alert: BudgetAlert = {
    clientId: row.clientId,
    threshold,
    percentage: percentageNumber(usagePercentage(budget, row.currentTokens, dec(row.currentBrl))),
    periodStart: row.lastResetAt?.toISOString() ?? '',
    periodEnd: row.nextResetAt?.toISOString() ?? '',
    budgetType: budget.type,
    tokens: { used: row.currentTokens, limit: budget.tokenLimit },
    brl: { used: formatDec(dec(row.currentBrl), 2), limit: brlText(budget.brlLimit) },
    paused,
  };
  (locked.crossed ??= []).push(alert);
  return alert;
}
