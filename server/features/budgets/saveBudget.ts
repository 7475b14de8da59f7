// Writes a locked budget row back after reserveBudget/settleBudget changed it in memory: one
// UPDATE for however many reservations and settlements ran under the lock, and one INSERT for the
// budget_reservations rows of the reservations made (owned by this process, leased). The delivery
// jobs of alerts crossed under the lock are enqueued in the same transaction, and, when the client
// keeps in-app alerts on, each is published to its admins and owners as a live event once it commits.
import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import type { Tx } from '#server/db/tables.js';
import { formatDec } from '../gateway/index.js';
import { budgetClock } from './budgetClock.js';
import { enqueueBudgetAlerts } from './deliverBudgetAlerts.js';
import type { LockedBudget } from './lockClientBudget.js';
import { reservationLeases } from './reservationLeases.js';

/** The live event an in-app budget alert is (payload: the BudgetAlert). */
export const BUDGET_ALERT_EVENT = 'budget.alert';

export async function saveBudget(app: AppContext, tx: Tx, locked: LockedBudget | null, now = budgetClock(app).now()): Promise<void> {
  if (locked?.crossed?.length) {
    await enqueueBudgetAlerts(app, tx, locked.crossed);
    if (locked.row.alertInApp) for (const alert of locked.crossed) app.events.publish(alert.clientId, BUDGET_ALERT_EVENT, alert, { minRole: 'admin' });
    locked.crossed = [];
  }
  if (!locked?.dirty) return;
  const { clientBudgets, budgetReservations } = app.db.t;
  const { row } = locked;
  await tx
    .update(clientBudgets)
    .set({
      reservedTokens: row.reservedTokens,
      reservedBrl: row.reservedBrl,
      currentTokens: row.currentTokens,
      currentBrl: row.currentBrl,
      currentUsage: row.currentUsage,
      usagePercentage: row.usagePercentage,
      alertsSent: row.alertsSent,
      isPaused: row.isPaused,
    })
    .where(eq(clientBudgets.id, row.id));
  if (locked.added?.length) {
    const leases = reservationLeases(app);
    const expiresAt = new Date(now.getTime() + leases.leaseMs);
    await tx.insert(budgetReservations).values(
      locked.added.map((reservation) => ({
        id: reservation.id,
        clientId: row.clientId,
        clientBudgetId: row.id,
        owner: leases.owner,
        tokens: reservation.tokens,
        brl: formatDec(reservation.brl),
        expiresAt,
      })),
    );
  }
  locked.added = [];
  locked.dirty = false;
}

/**
 * Deletes the rows of reservations being settled in this transaction, before settleBudget runs,
 * and remembers which still existed: a reservation reclaimed meanwhile (its process was taken for
 * dead) is not subtracted a second time.
 */
export async function releaseReservations(app: AppContext, tx: Tx, locked: LockedBudget | null, ids: string[]): Promise<void> {
  if (!locked) return;
  locked.released = new Set();
  if (ids.length === 0) return;
  const { budgetReservations } = app.db.t;
  const gone = await tx.delete(budgetReservations).where(inArray(budgetReservations.id, ids)).returning({ id: budgetReservations.id });
  for (const { id } of gone) locked.released.add(id);
}
