// The engine of every background loop that works through a table (the job runner, the WhatsApp
// inbox processor, the outbox sender): it runs one pass at a time (claim a batch, start it) and
// between passes it sleeps until something says there is work:
//   - a wake-up (wake(), or the loop's WakeSignal: this process's commits, other instances' NOTIFY),
//   - a due time (wakeAt(), or the `dueAt` a pass reports: a retry's backoff, a lease running out),
//   - a full batch (`again: 'now'`: more may be waiting),
//   - the slow heartbeat, a safety net for what no event announces (a lost notification).
// With no traffic a loop therefore issues no statements between heartbeats. Each owner keeps its
// own tables and claim queries; this file only decides when the next pass runs.
import { AsyncLocalStorage } from 'node:async_hooks';
import { performance } from 'node:perf_hooks';
import { afterCommit } from '../db/commitHooks.js';
import type { WakeSignal } from '../db/wakeSignal.js';

/** Why a pass runs (several may have piled up while the previous one ran). */
export type PassTrigger = 'start' | 'wake' | 'due' | 'heartbeat' | 'again';

export type PassOutcome = {
  /** 'now': another pass at once (the batch was full, more may wait); 'soon': after the gather gap. */
  again?: 'now' | 'soon';
  /** Epoch ms at which work no event will announce becomes due (the earliest retry or lease expiry). */
  dueAt?: number | null;
} | void;

export type DriveLoopOptions = {
  pass(why: ReadonlySet<PassTrigger>): Promise<PassOutcome>;
  /** Passes without any event this often (lost notifications, a crashed instance's leases); 0 or Infinity: never. */
  heartbeatMs: number;
  /**
   * Least time between the starts of two passes that were not asked for with `again: 'now'`: wake-ups
   * arriving meanwhile share one pass (and one claim) instead of each paying for it.
   */
  gatherMs?: number;
  /** Wake-ups from this process's commits and, once listening, other instances. */
  signal?: WakeSignal;
  /** A pass that threw (database trouble) is tried again after this long. */
  retryAfterErrorMs?: number;
  onError(error: unknown): void;
};

/** setTimeout's largest delay (about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type DriveLoop = {
  /** Starts the heartbeat and the first pass, once the signal listens for other instances. */
  start(): Promise<void>;
  /** No more passes; resolves once the running one has returned (draining its work is the owner's job). */
  stop(): Promise<void>;
  /** Another pass soon; inside a transaction, once it commits (never after a rollback). */
  wake(): void;
  /** A pass at this time (epoch ms); several times may be pending, each gets its pass (or shares one). */
  wakeAt(at: number): void;
  /** Passes run so far, by trigger (tests, metrics). */
  readonly passes: Readonly<Record<PassTrigger, number>>;
};

export function createDriveLoop(options: DriveLoopOptions): DriveLoop {
  const gatherMs = options.gatherMs ?? 0;
  const retryAfterErrorMs = options.retryAfterErrorMs ?? 1000;
  // Passes run in the context the loop was created in, never in a caller's: a timer armed inside a
  // transaction would otherwise carry that transaction's context into every later pass.
  const inLoopContext = AsyncLocalStorage.snapshot();
  const passes: Record<PassTrigger, number> = { start: 0, wake: 0, due: 0, heartbeat: 0, again: 0 };
  let started = false;
  let stopping = false;
  let running: Promise<void> | null = null;
  let pending = new Set<PassTrigger>();
  let scheduled: { cancel(): void } | null = null;
  let lastStart = -Infinity;
  // Every due time asked for, not only the earliest: when it fires, the next one is armed (a later
  // retry, a pause ending) instead of being forgotten until the heartbeat.
  const dueTimes = new Set<number>();
  let dueTimer: NodeJS.Timeout | null = null;
  let armedAt = Infinity;
  let heartbeat: NodeJS.Timeout | null = null;
  let unsubscribe: (() => void) | null = null;

  function request(trigger: PassTrigger): void {
    if (!started || stopping) return;
    pending.add(trigger);
    if (!running && !scheduled) schedule();
  }

  function schedule(): void {
    const wait = pending.has('again') || pending.has('start') ? 0 : Math.max(0, lastStart + gatherMs - performance.now());
    const run = () => inLoopContext(runPass);
    if (wait > 0) {
      const timer = setTimeout(run, wait);
      scheduled = { cancel: () => clearTimeout(timer) };
    } else {
      // Not synchronously: what else is ready in this turn (requests, other wake-ups) goes first.
      const immediate = setImmediate(run);
      scheduled = { cancel: () => clearImmediate(immediate) };
    }
  }

  function runPass(): void {
    scheduled = null;
    if (stopping || running) return;
    const why = pending;
    pending = new Set();
    for (const trigger of why) passes[trigger]++;
    lastStart = performance.now();
    running = options
      .pass(why)
      .then(
        (outcome) => {
          if (outcome?.again === 'now') pending.add('again');
          else if (outcome?.again === 'soon') pending.add('wake');
          if (outcome?.dueAt != null) wakeAt(outcome.dueAt);
        },
        (error: unknown) => {
          options.onError(error);
          wakeAt(Date.now() + retryAfterErrorMs);
        },
      )
      .finally(() => {
        running = null;
        if (pending.size > 0 && !stopping) schedule();
      });
  }

  function wakeAt(at: number): void {
    if (!started || stopping) return;
    dueTimes.add(at);
    if (at < armedAt) arm(at);
  }

  function arm(at: number): void {
    if (dueTimer) clearTimeout(dueTimer);
    armedAt = at;
    // +2 ms: the claim compares with `now`, and a timer may fire a hair before the clock reaches it.
    // Capped where Node's timers overflow (they would fire at once); fireDue re-arms what is not due yet.
    dueTimer = setTimeout(() => inLoopContext(fireDue), Math.min(MAX_TIMER_MS, Math.max(0, at - Date.now()) + 2));
    dueTimer.unref();
  }

  function fireDue(): void {
    dueTimer = null;
    armedAt = Infinity;
    const now = Date.now();
    let next = Infinity;
    for (const time of dueTimes) {
      if (time <= now) dueTimes.delete(time);
      else if (time < next) next = time;
    }
    if (next < Infinity) arm(next);
    request('due');
  }

  return {
    passes,
    async start() {
      if (started && !stopping) return;
      started = true;
      stopping = false;
      if (options.signal) {
        unsubscribe = options.signal.subscribe(() => request('wake'));
        // Listening before the first pass: what another instance announces after it is heard.
        await options.signal.listen().catch((error: unknown) => options.onError(error));
      }
      if (Number.isFinite(options.heartbeatMs) && options.heartbeatMs > 0) {
        heartbeat = setInterval(() => inLoopContext(() => request('heartbeat')), options.heartbeatMs);
        heartbeat.unref();
      }
      request('start');
    },
    async stop() {
      stopping = true;
      unsubscribe?.();
      unsubscribe = null;
      scheduled?.cancel();
      scheduled = null;
      if (dueTimer) clearTimeout(dueTimer);
      if (heartbeat) clearInterval(heartbeat);
      dueTimer = heartbeat = null;
      armedAt = Infinity;
      dueTimes.clear();
      pending = new Set();
      await running;
    },
    wake() {
      afterCommit(() => request('wake'));
    },
    wakeAt,
  };
}
