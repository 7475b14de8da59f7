// Which alert thresholds a settlement newly crossed, recorded in the same transaction as the
// usage so each fires exactly once per period even with many servers settling at once.
import { dec, decToNumber, formatDec, maxDec, percentOf, type BudgetAlert, type Dec } from '../gateway/index.js';
import type { EffectiveBudget } from './effectiveBudget.js';

export type { BudgetAlert };

/** Usage as a percentage of the tightest limit. */
export function usagePercentage(budget: EffectiveBudget, tokens: number, brl: Dec): Dec {
  let percentage = 0n;
  if (budget.tokenLimit !== null) percentage = maxDec(percentage, percentOf(dec(tokens), dec(budget.tokenLimit)));
  if (budget.brlLimit !== null) percentage = maxDec(percentage, percentOf(brl, budget.brlLimit));
  return percentage;
}

export function newlyCrossed(budget: EffectiveBudget, percentage: Dec, alreadySent: Record<string, string>, atLimit: boolean): number[] {
  const reached = atLimit ? dec(100) : percentage;
  return budget.thresholds.filter((threshold) => reached >= dec(threshold) && !alreadySent[String(threshold)]);
}

export const percentageNumber = (percentage: Dec) => Math.round(decToNumber(percentage) * 100) / 100;
export const brlText = (value: Dec | null) => (value === null ? null : formatDec(value, 2));
