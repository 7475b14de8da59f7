// The background loop that folds the report rollups' deltas (foldRollupDeltas.ts). Nothing announces
// a delta (every message, lifecycle change and CSAT answer inserts some, on any instance), so the
// loop paces itself: while a pass finds deltas it comes back after FOLD_EVERY_MS (at once after a
// full batch); once a pass finds none it waits for the heartbeat. With no traffic that is one
// statement per heartbeat; under traffic the unfolded deltas a report adds up stay a few seconds' worth.
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { HEARTBEAT_MS } from '#server/db/wakeSignal.js';
import { createDriveLoop, type DriveLoop, type PassOutcome } from '#server/jobs/driveLoop.js';
import { foldRollupDeltas } from './foldRollupDeltas.js';

/** Between two folds while deltas keep coming. */
export const FOLD_EVERY_MS = 5_000;

export type RollupFolder = {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Passes run so far, by trigger (tests, metrics). */
  readonly passes: DriveLoop['passes'];
  /** The last pass found nothing to fold: the next one is the heartbeat's. */
  readonly quiet: boolean;
};

export const rollupFolder = perApp<AppContext, RollupFolder>((app) => {
  let stopping = false;
  let quiet = false;
  const loop = createDriveLoop({
    async pass(): Promise<PassOutcome> {
      const { folded, full } = await foldRollupDeltas(app);
      quiet = folded === 0;
      if (full) return { again: 'now' };
      return folded > 0 ? { dueAt: Date.now() + FOLD_EVERY_MS } : undefined;
    },
    heartbeatMs: HEARTBEAT_MS,
    onError: (error) => {
      if (!stopping) app.log.error({ err: error }, 'report rollup fold failed (retried shortly)');
    },
  });
  return {
    get passes() {
      return loop.passes;
    },
    get quiet() {
      return quiet;
    },
    async start() {
      stopping = false;
      await loop.start();
    },
    async stop() {
      stopping = true;
      await loop.stop();
    },
  };
});
