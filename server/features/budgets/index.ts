// The budgets feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { assertWebhookUrlAllowed } from './assertWebhookUrlAllowed.js';
export { budgetClock } from './budgetClock.js';
export { periodBounds } from './budgetPeriods.js';
export { percentageNumber, usagePercentage } from './budgetThresholds.js';
export { effectiveBudget } from './effectiveBudget.js';
export { gatewayBudgetPort } from './gatewayBudgetPort.js';
