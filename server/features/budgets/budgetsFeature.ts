import type { Feature } from '../../app/feature.js';
import { pendingAlertDeliveries } from './deliverBudgetAlerts.js';
import { reservationLeases } from './reservationLeases.js';

/**
 * On SQLite only this process can use the database, so reservations left by a crash are released
 * at start-up. On PostgreSQL other instances may hold live ones: a dead instance's reservations
 * expire when their lease runs out and are reclaimed (reservationLeases.ts, lockClientBudget.ts).
 * Stopping ends this process's heartbeat and waits, briefly, for alert deliveries in flight.
 */
export const budgetsFeature: Feature = {
  name: 'budgets',
  async start(app) {
    if (app.db.kind !== 'sqlite') return;
    await app.db.system(async (tx) => {
      await tx.update(app.db.t.clientBudgets).set({ reservedTokens: 0, reservedBrl: '0' });
      await tx.delete(app.db.t.budgetReservations);
    });
  },
  async stop(app) {
    reservationLeases(app).stop();
    const pending = [...pendingAlertDeliveries(app)];
    if (pending.length === 0) return;
    await Promise.race([Promise.allSettled(pending), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  },
};
