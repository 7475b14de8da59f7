// The time budgets are measured against. Real time, except in tests that move it across period
// boundaries (set `now` on this app's clock).
import { perApp } from '#server/app/perApp.js';
import type { AppContext } from '#server/app/appContext.js';

export const budgetClock = perApp((_app: AppContext) => ({ now: () => new Date() }));
