import type { Feature } from '#server/app/feature.js';
import { registerBudgetAlertJobs } from './deliverBudgetAlerts.js';
import { reservationLeases } from './reservationLeases.js';
import { isSingleProcess } from '#server/db/dialect.js';

/**
 * On SQLite only this process can use the database, so reservations left by a crash are released
 * at start-up. On PostgreSQL other instances may hold live ones: a dead instance's reservations
 * expire when their lease runs out and are reclaimed (reservationLeases.ts, lockClientBudget.ts).
 * Alert deliveries are durable jobs (deliverBudgetAlerts.ts); the job runner drains them at shutdown.
 * Stopping ends this process's reservation heartbeat.
 */
export const budgetsFeature: Feature = {
  name: 'budgets',
  async start(app) {
    registerBudgetAlertJobs(app);
    if (!isSingleProcess(app.db)) return;
    await app.db.system(async (tx) => {
      await tx.update(app.db.t.clientBudgets).set({ reservedTokens: 0, reservedBrl: '0' });
      await tx.delete(app.db.t.budgetReservations);
    });
  },
  async stop(app) {
    reservationLeases(app).stop();
  },
};
