// How many sends this process has started and not finished (Graph API call in progress).
import { perApp } from '#server/app/perApp.js';
import type { AppContext } from '#server/app/appContext.js';

export const outboxInFlight = perApp<AppContext, { count: number }>(() => ({ count: 0 }));
