// Bookkeeping (settlement, usage logs, cache entry) of calls whose caller already has its answer:
// the /v1 endpoint answers as soon as the provider has, and the call's transaction commits after.
// That is no looser than before: the budget reservation, counted against the budget from
// admission on, stays held until the settlement replaces it, so concurrent calls on any instance
// still see the money as spent; and a later call of the same client on this instance is queued
// behind the settlement (gatewayBatches.ts runs a client's operations in order). What a crash in
// between loses is what it lost before: a call answered by the provider whose usage was not yet
// written (its reservation's lease runs out and is reclaimed).
// Tracked here so shutdown waits for it before the database closes, and tests can wait for it.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';

const inFlight = perApp((_app: AppContext) => new Set<Promise<unknown>>());

/** Runs `write` without the caller waiting; a failure is logged (retryGatewayWrite already retried it). */
export function writeAfterAnswer(app: AppContext, clientId: string, write: Promise<unknown>): void {
  const pending = inFlight(app);
  const tracked: Promise<unknown> = write
    .catch((error: unknown) => app.log.error({ err: error, clientId }, "gateway bookkeeping failed after the answer was sent: a call's usage was not recorded"))
    .finally(() => pending.delete(tracked));
  pending.add(tracked);
}

/** Resolves once every call answered so far has its bookkeeping written (or given up). */
export async function bookkeepingSettled(app: AppContext): Promise<void> {
  const pending = inFlight(app);
  while (pending.size > 0) await Promise.allSettled([...pending]);
}
