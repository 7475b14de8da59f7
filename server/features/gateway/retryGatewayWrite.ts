// The writes after a provider answered (settlement, usage logs, cache entry) or failed (giving the
// reservation back) must not lose the answer when the database is in trouble: the call was made
// and paid for, and throwing now would make the caller ask (and pay) again. So a database error
// (isDatabaseError) is retried here, a few times at once; when the database is still unavailable
// the write goes on being retried in the background and the caller gets its answer. The
// reservation stays held meanwhile (conservative: the money is spent, only not yet recorded); if
// this process dies first, the reservation's lease runs out and it is reclaimed.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { isDatabaseError } from '#server/db/errors.js';
import { inGatewayBatch, type GatewayOperation } from './gatewayBatches.js';

const INLINE_DELAYS_MS = [100, 300, 900];
const BACKGROUND_MAX_DELAY_MS = 30_000;
/** A write still failing after this long is given up (logged): the reservation's lease reclaims its budget. */
const BACKGROUND_GIVE_UP_MS = 60 * 60_000;

const backgroundWrites = perApp((_app: AppContext) => ({ timers: new Set<NodeJS.Timeout>(), stopped: false }));

/** The operation's value, or null when it was left to the background (then `late` gets it once written). */
export async function retryGatewayWrite<T>(
  app: AppContext,
  clientId: string,
  operation: GatewayOperation<T>,
  late: (value: T) => void = () => undefined,
): Promise<T | null> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await inGatewayBatch(app, clientId, operation);
    } catch (error) {
      if (!isDatabaseError(error)) throw error;
      const delay = INLINE_DELAYS_MS[attempt];
      if (delay === undefined) {
        app.log.warn({ err: error, clientId }, 'gateway bookkeeping deferred: the database is unavailable');
        retryInBackground(app, clientId, operation, late, Date.now(), 1_000);
        return null;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

function retryInBackground<T>(app: AppContext, clientId: string, operation: GatewayOperation<T>, late: (value: T) => void, since: number, delay: number): void {
  const state = backgroundWrites(app);
  if (state.stopped) return;
  const timer = setTimeout(() => {
    state.timers.delete(timer);
    inGatewayBatch(app, clientId, operation).then(late, (error: unknown) => {
      if (isDatabaseError(error) && Date.now() - since < BACKGROUND_GIVE_UP_MS) {
        retryInBackground(app, clientId, operation, late, since, Math.min(BACKGROUND_MAX_DELAY_MS, delay * 2));
      } else {
        app.log.error({ err: error, clientId }, "gateway bookkeeping lost: a call's usage could not be recorded");
      }
    });
  }, delay);
  timer.unref();
  state.timers.add(timer);
}

/** At shutdown: background retries stop (a reservation they held is reclaimed when its lease runs out). */
export function stopGatewayWrites(app: AppContext): void {
  const state = backgroundWrites(app);
  state.stopped = true;
  for (const timer of state.timers) clearTimeout(timer);
  state.timers.clear();
}
