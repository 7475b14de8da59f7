// Writes a locked budget row back after reserveBudget/settleBudget changed it in memory: one
// UPDATE for however many reservations and settlements ran under the lock.
import { eq } from 'drizzle-orm';
import type { AppContext } from '../../app/appContext.js';
import type { Tx } from '../../db/tables.js';
import type { LockedBudget } from './lockClientBudget.js';

export async function saveBudget(app: AppContext, tx: Tx, locked: LockedBudget | null): Promise<void> {
  if (!locked?.dirty) return;
  const { clientBudgets } = app.db.t;
  const { row } = locked;
  await tx.update(clientBudgets).set({
    reservedTokens: row.reservedTokens, reservedBrl: row.reservedBrl, currentTokens: row.currentTokens, currentBrl: row.currentBrl,
    currentUsage: row.currentUsage, usagePercentage: row.usagePercentage, alertsSent: row.alertsSent, isPaused: row.isPaused,
  }).where(eq(clientBudgets.id, row.id));
  locked.dirty = false;
}
