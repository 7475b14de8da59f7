// Every database step of a gateway call (admission: profile, cache lookup, budget reservation;
// finishing: usage logs, cache store, settlement; a fallback's swap; a failure's release) is an
// operation queued per client and instance. Whatever is queued while a transaction runs goes into
// the next one together, so under load a client's calls share transactions: one budget row lock,
// one select for their cache keys, one insert per log table, one upsert for cache entries, one
// UPDATE of the budget row, however many calls the batch holds.
//
// Operations run one after the other, in queue order, on the budget row as locked (in memory,
// the budget port's reserve/settle), exactly as if each had its own transaction: on PostgreSQL the row
// lock still serialises batches from every instance, so concurrent calls never overspend.
// A call alone gets a transaction at once (no waiting to fill a batch beyond the I/O events already
// pending).
//
// Queuing per client also keeps a burst from one client from holding many pooled connections that
// would only wait on that row lock (PostgreSQL); SQLite runs one transaction at a time anyway.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { createKeyedGroupCommit, type Outcome } from '#server/db/groupCommit.js';
import { budgetPort, type LockedBudget } from './budgetPort.js';
import { clientGatewayProfile, clientProfiles, clientVersion, type ClientGatewayProfile } from './clientGatewayProfile.js';
import { GatewayError } from './gatewayError.js';
import { openCacheBatch, type CachedEntry } from './responseCache.js';
import { writeUsageLogs, type UsageLogEntry } from './writeUsageLog.js';

/** What an operation sees and does inside its batch's transaction (synchronously: the writes happen after every operation ran). */
export type GatewayBatch = {
  readonly now: Date;
  /** The client's current gateway profile; throws client_inactive when the client is gone or inactive. */
  profile(): ClientGatewayProfile;
  /** The client's budget row, locked (null: no budget limits this client). */
  readonly budget: LockedBudget | null;
  /** A cache key the operation declared (cacheKey): the live entry, counted as a hit, or null. */
  cached(key: string): CachedEntry | null;
  storeCache(key: string, modelName: string, entry: CachedEntry, expiresAt: Date): void;
  log(entry: UsageLogEntry): void;
};

export type GatewayOperation<T> = {
  /** The response-cache key this operation will look up, from the client's current profile. */
  cacheKey?(profile: ClientGatewayProfile): string | null;
  /** Budget reservations (ids) this operation settles: their rows are deleted before it runs. */
  releases?: ReadonlyArray<string | null>;
  run(batch: GatewayBatch): T;
};

type Queued = { operation: GatewayOperation<unknown> };

/** Rows per multi-row insert stay well inside both databases' bound-parameter limits. */
const MAX_BATCH = 100;

// One batch at a time per client (the budget row lock would serialise them anyway).
const batches = perApp((app: AppContext) =>
  createKeyedGroupCommit<Queued, unknown>({
    maxBatch: MAX_BATCH,
    commit: (clientId, items) => runInTransaction(app, clientId, items),
  }),
);

export function inGatewayBatch<T>(app: AppContext, clientId: string, operation: GatewayOperation<T>): Promise<T> {
  return batches(app).submit(clientId, { operation: operation as GatewayOperation<unknown> }) as Promise<T>;
}

async function runInTransaction(app: AppContext, clientId: string, items: Queued[]): Promise<Array<Outcome<unknown>>> {
  return app.db.tenant(clientId, async (tx) => {
    const now = budgetPort(app).now(app);
    const cachedProfile = clientProfiles(app).get(clientId);
    let profile = cachedProfile ?? (await clientGatewayProfile(app, tx, clientId));
    const budget = await budgetPort(app).lock(app, tx, clientId, now, profile?.budgetClient);
    if (cachedProfile) {
      // The cached profile is good while the client row has not changed since it was read.
      const version = budget ? budget.clientVersion : await clientVersion(app, tx, clientId);
      if (version !== cachedProfile.version) profile = await clientGatewayProfile(app, tx, clientId);
    }
    const current = () => {
      if (!profile) throw new GatewayError('bad_request', 'this client does not exist or is not active', { status: 403, code: 'client_inactive' });
      return profile;
    };
    await budgetPort(app).releaseReservations(
      app,
      tx,
      budget,
      items.flatMap((item) => (item.operation.releases ?? []).filter((id): id is string => id !== null)),
    );
    const keys = profile ? items.flatMap((item) => cacheKeyOf(item.operation, profile!) ?? []) : [];
    const cache = await openCacheBatch(app, tx, clientId, keys);
    const logs: UsageLogEntry[] = [];
    const batch: GatewayBatch = {
      now,
      budget,
      profile: current,
      log: (entry) => void logs.push(entry),
      cached: (key) => cache.lookup(key, now),
      storeCache: (key, modelName, entry, expiresAt) => cache.store(key, modelName, entry, expiresAt),
    };
    const results = items.map((item): Outcome<unknown> => {
      try {
        return { ok: true, value: item.operation.run(batch) };
      } catch (error) {
        return { ok: false, error };
      }
    });
    await cache.flush();
    await writeUsageLogs(app, tx, logs);
    await budgetPort(app).save(app, tx, budget, now);
    return results;
  });
}

/** An operation whose key cannot be worked out (an unknown model, say) fails in run() instead. */
function cacheKeyOf(operation: GatewayOperation<unknown>, profile: ClientGatewayProfile): string | null {
  try {
    return operation.cacheKey?.(profile) ?? null;
  } catch {
    return null;
  }
}
