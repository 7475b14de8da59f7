import type { Feature } from '../../app/feature.js';
import { pendingAlertDeliveries } from './deliverBudgetAlerts.js';

/**
 * On SQLite only this process can use the database, so reservations left by a crash are released
 * at start-up (on PostgreSQL other instances may hold live ones: they heal at the period boundary).
 * Stopping waits, briefly, for alert deliveries in flight.
 */
export const budgetsFeature: Feature = {
  name: 'budgets',
  async start(app) {
    if (app.db.kind !== 'sqlite') return;
    await app.db.system((tx) => tx.update(app.db.t.clientBudgets).set({ reservedTokens: 0, reservedBrl: '0' }));
  },
  async stop(app) {
    const pending = [...pendingAlertDeliveries(app)];
    if (pending.length === 0) return;
    await Promise.race([Promise.allSettled(pending), new Promise((resolve) => setTimeout(resolve, 5_000))]);
  },
};
