// The gateway feature's public surface: what other features may import (server/app/featureBoundaries.test.ts).
export { bookkeepingSettled } from './bookkeepingInFlight.js';
export { GatewayError } from './gatewayError.js';
export { gatewayFailure } from './gatewayFailure.js';
export { gatewayState, resolveModel } from './gatewayState.js';
export { type ChatParams, getGateway } from './getGateway.js';
export { modelSupports } from './modelSupports.js';
export { DEC_ZERO, type Dec, dec, decToNumber, formatDec, maxDec, mulDec, percentOf } from './money.js';
export {
  registerBudgetPort,
  type ActualCost,
  type BudgetAlert,
  type BudgetClientInfo,
  type BudgetPort,
  type BudgetReservation,
  type LockedBudget,
  type ReserveRequest,
  type ReserveResult,
} from './budgetPort.js';
