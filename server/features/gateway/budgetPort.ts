// What the gateway needs of client budgets, as a port: admission reserves a call's worst case under
// the client's locked budget row, the finish settles what it really cost, and crossed thresholds
// raise alerts. The budgets feature implements it (budgets/gatewayBudgetPort.ts) and server/app
// wires it in, so budgets depends on the gateway and never the other way round.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tx } from '#server/db/tables.js';
import type { Dec } from './money.js';

declare const lockedBudget: unique symbol;
/**
 * The client's budget row as locked in a batch's transaction: the gateway carries it between the
 * port's calls without looking inside, except for clientVersion (clients.updated_at in ms, read in
 * the same statement), which tells it whether its cached client profile is still current.
 */
export type LockedBudget = { readonly clientVersion: number | null; readonly [lockedBudget]: true };

export type BudgetClientInfo = { plan: string; timezone: string };

export type BudgetReservation = {
  /** Its budget_reservations row (null when no budget limits the client: nothing was reserved). */
  id: string | null;
  clientId: string;
  budgetId: string | null;
  periodStart: number | null;
  tokens: number;
  brl: Dec;
  client?: BudgetClientInfo;
};

export type ReserveRequest = {
  /** Tokens and BRL the call costs whatever it answers (the prompt, an upper bound). */
  fixedTokens: number;
  fixedBrl: Dec;
  /** BRL per output token (0 for embeddings and audio). */
  outputTokenBrl: Dec;
  /** Output tokens wanted (max_tokens or the model's output limit), and the least worth calling for. */
  maxOutputTokens: number;
  minOutputTokens: number;
};

export type ReserveResult =
  { ok: true; reservation: BudgetReservation; outputTokens: number } | { ok: false; reason: 'paused' | 'exhausted'; alerts: BudgetAlert[]; message: string };

export type ActualCost = { tokens: number; brl: Dec };

export type BudgetAlert = {
  clientId: string;
  threshold: number;
  percentage: number;
  periodStart: string;
  periodEnd: string;
  budgetType: string;
  tokens: { used: number; limit: number | null };
  brl: { used: string; limit: string | null };
  paused: boolean;
};

export type BudgetPort = {
  /** The budgets' clock (tests move it). */
  now(app: AppContext): Date;
  /** The client's budget row locked in `tx` (null: no budget limits the client). */
  lock(app: AppContext, tx: Tx, clientId: string, now: Date, client?: BudgetClientInfo): Promise<LockedBudget | null>;
  /** Deletes settled reservations' rows in `tx` before the batch's operations run. */
  releaseReservations(app: AppContext, tx: Tx, locked: LockedBudget | null, ids: string[]): Promise<void>;
  /** Writes what reserve/settle changed in memory. */
  save(app: AppContext, tx: Tx, locked: LockedBudget | null, now: Date): Promise<void>;
  reserve(locked: LockedBudget | null, clientId: string, request: ReserveRequest, now: Date, client?: BudgetClientInfo): ReserveResult;
  settle(locked: LockedBudget | null, reservation: BudgetReservation, actual: ActualCost, now: Date): BudgetAlert[];
  /** Heartbeats keep the reservations of calls in flight here alive. */
  leases(app: AppContext): { hold(id: string): void; release(id: string): void };
  /** Sends alerts in the background (never throws). */
  deliverAlerts(app: AppContext, alerts: BudgetAlert[]): void;
};

const registered = perApp((_app: AppContext) => ({ port: null as BudgetPort | null }));

export function registerBudgetPort(app: AppContext, port: BudgetPort): void {
  registered(app).port = port;
}

export function budgetPort(app: AppContext): BudgetPort {
  const { port } = registered(app);
  // A programming error, not a runtime condition: createAppContext always wires the features.
  if (!port) throw new Error('no budget port: server/app/wireFeatures.ts wires the budgets feature into the gateway');
  return port;
}
