// The budgets' side of the gateway's budget port (gateway/budgetPort.ts): the gateway reserves,
// settles and alerts through it; server/app wires it in.
import type { BudgetPort, LockedBudget as GatewayHeldBudget } from '../gateway/index.js';
import { budgetClock } from './budgetClock.js';
import { deliverBudgetAlerts } from './deliverBudgetAlerts.js';
import { lockClientBudget, type LockedBudget } from './lockClientBudget.js';
import { reservationLeases } from './reservationLeases.js';
import { reserveBudget } from './reserveBudget.js';
import { releaseReservations, saveBudget } from './saveBudget.js';
import { settleBudget } from './settleBudget.js';

// The gateway holds the locked row as an opaque handle; only this feature looks inside it.
const handle = (locked: LockedBudget | null) => locked as unknown as GatewayHeldBudget | null;
const row = (held: GatewayHeldBudget | null) => held as unknown as LockedBudget | null;

export const gatewayBudgetPort: BudgetPort = {
  now: (app) => budgetClock(app).now(),
  lock: async (app, tx, clientId, now, client) => handle(await lockClientBudget(app, tx, clientId, now, client)),
  releaseReservations: (app, tx, held, ids) => releaseReservations(app, tx, row(held), ids),
  save: (app, tx, held, now) => saveBudget(app, tx, row(held), now),
  reserve: (held, clientId, request, now, client) => reserveBudget(row(held), clientId, request, now, client),
  settle: (held, reservation, actual, now) => settleBudget(row(held), reservation, actual, now),
  leases: (app) => reservationLeases(app),
  deliverAlerts: (app, alerts) => deliverBudgetAlerts(app, alerts),
};
