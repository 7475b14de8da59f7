// Loads a client's budget row locked for this transaction (PostgreSQL: SELECT … FOR UPDATE, so
// concurrent reservations from any number of server instances queue on the row; SQLite: every
// transaction is already serialised). Creates the row from the client's plan on first use, and
// rolls the period over when its calendar boundary has passed.
// The same statement reads the client row's updated_at (clientVersion), so the gateway can check
// its cached copy of the client's settings without another query.
import { and, eq, lt, sql } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import type { Tx } from '#server/db/tables.js';
import { dec, DEC_ZERO, formatDec, maxDec, type BudgetClientInfo } from '../gateway/index.js';
import { periodBounds } from './budgetPeriods.js';
import type { BudgetAlert } from './budgetThresholds.js';
import { effectiveBudget, type ClientBudgetRow, type EffectiveBudget, type PlanBudgetRow } from './effectiveBudget.js';
import { byDialect } from '#server/db/dialect.js';

export type LockedBudget = {
  row: ClientBudgetRow;
  plan: PlanBudgetRow | null;
  budget: EffectiveBudget;
  timeZone: string;
  /** clients.updated_at (ms) as read under the lock. */
  clientVersion: number | null;
  /** Set by reserveBudget/settleBudget when the row changed in memory: saveBudget writes it. */
  dirty?: boolean;
  /** Reservations made in this transaction: saveBudget inserts their budget_reservations rows. */
  added?: Array<{ id: string; tokens: number; brl: bigint }>;
  /** Reservation rows deleted in this transaction (releaseReservations): settleBudget gives back only these. */
  released?: Set<string>;
  /** Alerts crossed in this transaction (alertFor): saveBudget enqueues their delivery in it, so they exist iff it commits. */
  crossed?: BudgetAlert[];
};

/** Null when the client has no budget and its plan defines none: nothing limits it. */
export type { BudgetClientInfo };

/** `known`: the client's plan and time zone when the caller already read them in this transaction. */
export async function lockClientBudget(app: AppContext, tx: Tx, clientId: string, now = new Date(), known?: BudgetClientInfo): Promise<LockedBudget | null> {
  const { clientBudgets, planBudgets, clients } = app.db.t;
  const [client] = known ? [known] : await tx.select({ plan: clients.plan, timezone: clients.timezone }).from(clients).where(eq(clients.id, clientId));
  if (!client) return null;
  let [row, clientVersion] = await selectForUpdate(app, tx, clientId);
  let plan: PlanBudgetRow | null = null;
  if (!row) {
    [plan = null] = await tx
      .select()
      .from(planBudgets)
      .where(and(eq(planBudgets.planName, client.plan), eq(planBudgets.isActive, true)));
    if (!plan) return null;
    await tx
      .insert(clientBudgets)
      .values({
        clientId,
        planBudgetId: plan.id,
        inheritsFromPlan: true,
        budgetType: plan.budgetType,
        budgetPeriod: plan.budgetPeriod,
        budgetLimit: plan.budgetLimit,
        tokenLimit: plan.tokenLimit,
        brlLimit: plan.brlLimit,
        pauseAtLimit: plan.pauseAtLimit,
        onLimit: plan.onLimit,
      })
      .onConflictDoNothing();
    [row, clientVersion] = await selectForUpdate(app, tx, clientId);
    if (!row) return null;
  } else if (row.inheritsFromPlan) {
    const planWhere = row.planBudgetId ? eq(planBudgets.id, row.planBudgetId) : eq(planBudgets.planName, client.plan);
    [plan = null] = await tx.select().from(planBudgets).where(planWhere);
  }
  const budget = effectiveBudget(row, plan);
  if (!row.nextResetAt || !row.lastResetAt || now >= row.nextResetAt || now < row.lastResetAt) {
    row = await rollPeriod(app, tx, row, budget, client.timezone, now);
  } else if ((row.reservedTokens > 0 || dec(row.reservedBrl) > 0n) && reclaimDue(app, clientId, now)) {
    row = await reclaimExpired(app, tx, row, now);
  }
  return { row, plan, budget, timeZone: client.timezone, clientVersion };
}

async function selectForUpdate(app: AppContext, tx: Tx, clientId: string): Promise<[ClientBudgetRow | undefined, number | null]> {
  const { clientBudgets, clients } = app.db.t;
  const query = tx
    .select({
      row: clientBudgets,
      clientVersion: sql`(select ${clients.updatedAt} from ${clients} where ${clients.id} = ${clientBudgets.clientId})`.mapWith(clients.updatedAt),
    })
    .from(clientBudgets)
    .where(eq(clientBudgets.clientId, clientId));
  const [found] = await byDialect(app.db, { pg: () => query.for('update', { of: clientBudgets }), sqlite: () => query });
  return [found?.row, found?.clientVersion instanceof Date ? found.clientVersion.getTime() : null];
}

/**
 * A new period: usage and alerts start over and a pause caused by the limit lifts. Reservations
 * still in flight belong to the old period (settleBudget knows by the period start), so the
 * reserved counters and the reservation rows start over too.
 */
async function rollPeriod(app: AppContext, tx: Tx, row: ClientBudgetRow, budget: EffectiveBudget, timeZone: string, now: Date): Promise<ClientBudgetRow> {
  const { clientBudgets } = app.db.t;
  const bounds = periodBounds(now, budget.period, timeZone);
  const [updated] = await tx
    .update(clientBudgets)
    .set({
      lastResetAt: bounds.start,
      nextResetAt: bounds.next,
      currentUsage: '0',
      usagePercentage: '0',
      currentTokens: 0,
      currentBrl: '0',
      reservedTokens: 0,
      reservedBrl: '0',
      alertsSent: {},
      isPaused: false,
    })
    .where(eq(clientBudgets.id, row.id))
    .returning();
  await tx.delete(app.db.t.budgetReservations).where(eq(app.db.t.budgetReservations.clientBudgetId, row.id));
  return updated!;
}

/** A lease lasts minutes: looking for expired reservations every few seconds per client is plenty (and saves a statement per batch under load). */
const RECLAIM_EVERY_MS = 10_000;
const lastReclaim = perApp((_app: AppContext) => new Map<string, number>());

function reclaimDue(app: AppContext, clientId: string, now: Date): boolean {
  const last = lastReclaim(app);
  const at = last.get(clientId);
  if (at !== undefined && Math.abs(now.getTime() - at) < RECLAIM_EVERY_MS) return false;
  if (last.size > 10_000) last.clear();
  last.set(clientId, now.getTime());
  return true;
}

/**
 * Reservations whose lease ran out belong to a process that is gone (its heartbeat stopped; a live
 * one renews them, see reservationLeases.ts): their amounts are no longer reserved.
 */
async function reclaimExpired(app: AppContext, tx: Tx, row: ClientBudgetRow, now: Date): Promise<ClientBudgetRow> {
  const { clientBudgets, budgetReservations } = app.db.t;
  const expired = await tx
    .delete(budgetReservations)
    .where(and(eq(budgetReservations.clientId, row.clientId), lt(budgetReservations.expiresAt, now)))
    .returning({ tokens: budgetReservations.tokens, brl: budgetReservations.brl });
  if (expired.length === 0) return row;
  const tokens = expired.reduce((sum, reservation) => sum + reservation.tokens, 0);
  const brl = expired.reduce((sum, reservation) => sum + dec(reservation.brl), 0n);
  const [updated] = await tx
    .update(clientBudgets)
    .set({
      reservedTokens: Math.max(0, row.reservedTokens - tokens),
      reservedBrl: formatDec(maxDec(DEC_ZERO, dec(row.reservedBrl) - brl), 10),
    })
    .where(eq(clientBudgets.id, row.id))
    .returning();
  app.log.warn(
    { clientId: row.clientId, reservations: expired.length, tokens, brl: formatDec(brl) },
    'reclaimed budget reservations left by a process that is gone',
  );
  return updated!;
}
