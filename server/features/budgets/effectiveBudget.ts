// What a client's budget actually is: its own settings, or, while it inherits from its plan, the
// plan's (read live, so editing a plan changes every client on it that has not overridden it).
import type { BudgetOnLimit, BudgetPeriod, BudgetType } from '#shared/domain/statuses.js';
import type { Tables } from '#server/db/tables.js';
import { dec, type Dec } from '../gateway/index.js';

export type ClientBudgetRow = Tables['clientBudgets']['$inferSelect'];
export type PlanBudgetRow = Tables['planBudgets']['$inferSelect'];

export type EffectiveBudget = {
  type: BudgetType;
  period: BudgetPeriod;
  /** Null when this budget does not limit tokens. */
  tokenLimit: number | null;
  /** Null when this budget does not limit BRL. */
  brlLimit: Dec | null;
  thresholds: number[];
  /** "alert": at the limit the calls go on and only the 100 % alert is raised. */
  onLimit: BudgetOnLimit;
  /** Whether reaching the limit stops calls until an administrator lifts the pause (never with onLimit "alert"). */
  pauseAtLimit: boolean;
};

export function effectiveBudget(row: ClientBudgetRow, plan: PlanBudgetRow | null): EffectiveBudget {
  const source = row.inheritsFromPlan && plan && plan.isActive ? plan : row;
  const type = source.budgetType;
  const tokenLimit = type === 'brl' ? null : (source.tokenLimit ?? (type === 'tokens' ? Math.floor(Number(source.budgetLimit)) : null));
  const brlLimit = type === 'tokens' ? null : dec(source.brlLimit ?? source.budgetLimit);
  const thresholds = [source.alertThreshold80 ? 80 : null, source.alertThreshold90 ? 90 : null, source.alertThreshold100 ? 100 : null].filter(
    (value): value is number => value !== null,
  );
  const onLimit = source.onLimit === 'alert' ? 'alert' : 'pause';
  return { type, period: source.budgetPeriod, tokenLimit, brlLimit, thresholds, onLimit, pauseAtLimit: onLimit === 'pause' && source.pauseAtLimit };
}
