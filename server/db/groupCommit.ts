// Group commit: work items that arrive together share one transaction instead of one each (Meta
// sends many webhooks at once; a busy client's gateway calls come in bursts). Every submitter still
// waits for its own item's outcome, that is for the commit that holds it.
// A batch starts once the I/O already waiting has been handled (setImmediate), so what arrives in
// the same turn joins it; whatever arrives while batches run goes into the next one. When a whole
// batch fails (its transaction rolled back), its items are committed again one by one, so a bad
// item fails alone. Used by the webhook inbox writer and the gateway's per-client batches.
import type { Database } from './database.js';
import { statementsAreRoundTrips } from './dialect.js';

/** One item's outcome inside a batch that committed. */
export type Outcome<R> = { ok: true; value: R } | { ok: false; error: unknown };

export type GroupCommitOptions<I, R> = {
  /**
   * Commits the items in one transaction; resolves to one outcome per item, in order. Rejecting
   * means nothing of the batch was written.
   */
  commit(items: I[]): Promise<Array<Outcome<R>>>;
  /** Most items per batch (default: no limit). */
  maxBatch?: number;
  /** Batches in flight at once (default 1: on SQLite transactions run one at a time anyway). */
  maxInFlight?: number;
  /**
   * How long a batch waits for more items after the first arrived (default 0: only what arrives in
   * the same turn). For items that trickle in one per turn (answers to HTTP calls), where a few ms
   * later costs little and one transaction for many saves much.
   */
  gatherMs?: number;
  /** Called when the last batch finished and nothing waits: a keyed owner may forget this batcher. */
  onIdle?(): void;
};

export type GroupCommit<I, R> = { submit(item: I): Promise<R> };

type Queued<I, R> = { item: I; resolve(value: R): void; reject(error: unknown): void };

export function createGroupCommit<I, R>(options: GroupCommitOptions<I, R>): GroupCommit<I, R> {
  const maxBatch = options.maxBatch ?? Infinity;
  const maxInFlight = options.maxInFlight ?? 1;
  const gatherMs = options.gatherMs ?? 0;
  let queue: Array<Queued<I, R>> = [];
  let scheduled = false;
  let inFlight = 0;

  async function commitBatch(batch: Array<Queued<I, R>>): Promise<void> {
    let outcomes: Array<Outcome<R>>;
    try {
      outcomes = await options.commit(batch.map((queued) => queued.item));
    } catch (error) {
      if (batch.length > 1) {
        for (const queued of batch) await commitBatch([queued]);
        return;
      }
      batch[0]!.reject(error);
      return;
    }
    batch.forEach((queued, index) => {
      const outcome = outcomes[index];
      if (!outcome) queued.reject(new Error('group commit: no outcome for an item'));
      else if (outcome.ok) queued.resolve(outcome.value);
      else queued.reject(outcome.error);
    });
  }

  async function drain(): Promise<void> {
    scheduled = false;
    inFlight++;
    try {
      while (queue.length > 0) {
        const batch = maxBatch === Infinity ? queue : queue.slice(0, maxBatch);
        queue = maxBatch === Infinity ? [] : queue.slice(batch.length);
        await commitBatch(batch);
      }
    } finally {
      inFlight--;
    }
    if (inFlight === 0 && !scheduled && queue.length === 0) options.onIdle?.();
  }

  function schedule(): void {
    if (scheduled || inFlight >= maxInFlight) return;
    scheduled = true;
    if (gatherMs > 0) setTimeout(() => void drain(), gatherMs);
    else setImmediate(() => void drain());
  }

  return {
    submit(item) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
  };
}

/** One group commit per key (a client, say), forgotten when idle: one key's batches never wait for another's. */
export function createKeyedGroupCommit<I, R>(
  options: Omit<GroupCommitOptions<I, R>, 'commit' | 'onIdle'> & { commit(key: string, items: I[]): Promise<Array<Outcome<R>>> },
) {
  const byKey = new Map<string, GroupCommit<I, R>>();
  return {
    submit(key: string, item: I): Promise<R> {
      let group = byKey.get(key);
      if (!group) {
        const created = createGroupCommit<I, R>({
          ...options,
          commit: (items) => options.commit(key, items),
          onIdle: () => {
            if (byKey.get(key) === created) byKey.delete(key);
          },
        });
        byKey.set(key, (group = created));
      }
      return group.submit(item);
    },
  };
}

/**
 * Batches of one group commit worth running at once: on PostgreSQL a few (each on its own pooled
 * connection, so an item arriving during a commit need not wait for it), on SQLite one (it runs
 * one transaction at a time anyway).
 */
export function batchesInFlight(db: Pick<Database, 'kind'>, onPostgres = 3): number {
  return statementsAreRoundTrips(db) ? onPostgres : 1;
}
