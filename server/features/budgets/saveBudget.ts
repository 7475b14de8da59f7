// Writes a locked budget row back after reserveBudget/settleBudget changed it in memory: one
// UPDATE for however many reservations and settlements ran under the lock, and one INSERT for the
// budget_reservations rows of the reservations made (owned by this process, leased).
import { eq, inArray } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { Tx } from '../../db/tables.js';
import { formatDec } from '../gateway/money.js';
import { budgetClock } from './budgetClock.js';
import type { LockedBudget } from './lockClientBudget.js';
import { reservationLeases } from './reservationLeases.js';

export async function saveBudget(app: AppContext, tx: Tx, locked: LockedBudget | null, now = budgetClock(app).now()): Promise<void> {
  if (!locked?.dirty) return;
  const { clientBudgets, budgetReservations } = app.db.t;
  const { row } = locked;
  await tx.update(clientBudgets).set({
    reservedTokens: row.reservedTokens, reservedBrl: row.reservedBrl, currentTokens: row.currentTokens, currentBrl: row.currentBrl,
    currentUsage: row.currentUsage, usagePercentage: row.usagePercentage, alertsSent: row.alertsSent, isPaused: row.isPaused,
  }).where(eq(clientBudgets.id, row.id));
  if (locked.added?.length) {
    const leases = reservationLeases(app);
    const expiresAt = new Date(now.getTime() + leases.leaseMs);
    await tx.insert(budgetReservations).values(locked.added.map((reservation) => ({
      id: reservation.id, clientId: row.clientId, clientBudgetId: row.id, owner: leases.owner,
      tokens: reservation.tokens, brl: formatDec(reservation.brl), expiresAt,
    })));
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
