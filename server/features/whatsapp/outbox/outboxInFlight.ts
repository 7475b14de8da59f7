// How many sends this process has started and not finished (Graph API call in progress), plus its
// claims in progress: a claim's commit pushes the leased rows' next attempt out by the lease, so
// until their sends are counted here the rows would look neither due nor in flight
// (waitForOutboxDrained would call a busy outbox drained).
import { perApp } from '#server/app/perApp.js';
import type { AppContext } from '#server/app/appContext.js';

export const outboxInFlight = perApp<AppContext, { count: number }>(() => ({ count: 0 }));
