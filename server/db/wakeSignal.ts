// Wake-ups for background loops (server/jobs/driveLoop.ts: the job runner, the inbox processor, the
// outbox sender). One signal per kind of work and application, shared by every loop of that kind
// in the process: wake() reaches all of them (two senders on one app, as after a restart, each
// hear it; none steals another's wake-up). wakeEverywhere() also reaches the loops of the other
// instances on the same PostgreSQL database (NOTIFY on the signal's channel); SQLite is one process.
// Both wait for the enclosing transaction to commit and are dropped when it rolls back: a loop
// woken earlier would look for rows it cannot see yet, and a rollback has nothing to announce.
import { randomUUID } from 'node:crypto';
import { afterCommitOnce } from './commitHooks.js';
import type { Database } from './database.js';

/**
 * How often a woken-by-event loop looks anyway: for what no event announces (a lost notification,
 * a crashed instance's expired leases). Everything else wakes the loop or is due at a time it
 * arms a timer for, so with no traffic a loop costs one claim per this interval.
 */
export const HEARTBEAT_MS = 30_000;

export type WakeSignal = {
  /** Wakes this process's loops of this kind (after the enclosing transaction commits). */
  wake(): void;
  /**
   * Also wakes every other instance's (PostgreSQL NOTIFY, sent after the commit). Resolves at once
   * inside a transaction, else once the notification is sent; never rejects (a failure is logged).
   */
  wakeEverywhere(): Promise<void>;
  /** Calls onWake on each wake-up, from this process or (once listening) another; returns the unsubscribe. */
  subscribe(onWake: () => void): () => void;
  /** Starts hearing other instances (PostgreSQL LISTEN, once for all subscribers); resolves once listening. */
  listen(): Promise<void>;
};

export function createWakeSignal(db: Pick<Database, 'listen' | 'notify'>, channel: string): WakeSignal {
  // The payload of this signal's notifications: its own come back to it (PostgreSQL delivers to
  // every listener), and this process's loops were already woken in-process.
  const self = randomUUID();
  const listeners = new Set<() => void>();
  let listening: Promise<void> | null = null;
  const fire = () => {
    for (const listener of [...listeners]) listener();
  };
  // Hook keys: however often a transaction wakes, its commit wakes (and notifies) once.
  const local = {};
  const everywhere = {};
  // One NOTIFY of this signal on its way at a time: commits meanwhile share the next one, sent once
  // it is done (so still after each of their commits). Under load that is one statement and one
  // pooled connection per round trip instead of one per commit; the others wake as often.
  let sending: Promise<void> | null = null;
  let again: Promise<void> | null = null;
  const sendNotify = (): Promise<void> => {
    if (!sending) {
      sending = db.notify(channel, self).finally(() => {
        sending = null;
      });
      return sending;
    }
    again ??= sending.then(() => {
      again = null;
      return sendNotify();
    });
    return again;
  };
  return {
    wake() {
      afterCommitOnce(local, fire);
    },
    wakeEverywhere() {
      let sent: Promise<void> = Promise.resolve();
      afterCommitOnce(everywhere, () => {
        fire();
        sent = sendNotify();
      });
      return sent;
    },
    subscribe(onWake) {
      listeners.add(onWake);
      return () => listeners.delete(onWake);
    },
    listen() {
      listening ??= db
        .listen(channel, (payload) => {
          if (payload !== self) fire();
        })
        .catch((error: unknown) => {
          listening = null; // the next start tries again
          throw error;
        });
      return listening;
    },
  };
}
