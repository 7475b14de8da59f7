// The plans a client can be on (plan_budgets), for the platform administrator.
import { asc } from 'drizzle-orm';
import type { Database } from '#server/db/openDatabase.js';

export async function listPlans(db: Database) {
  const { planBudgets } = db.t;
  return db.system((tx) => tx.select().from(planBudgets).orderBy(asc(planBudgets.planName)));
}
