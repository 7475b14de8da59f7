// Who holds the budget reservations of this process's calls in flight, and the heartbeat that
// proves it is still alive: while a call runs, its budget_reservations row's expires_at is pushed
// forward, so a long call keeps its reservation however long it takes. A process that dies (a
// crash, kill -9) stops renewing; its reservations expire and the next reservation for the client
// reclaims them (lockClientBudget), instead of staying reserved until the period resets.
// The heartbeat runs only while this process holds a reservation: no statements when idle.
import { randomUUID } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { AppContext } from '#server/app/appContext.js';
import { perApp } from '#server/app/perApp.js';
import { budgetClock } from './budgetClock.js';

export type ReservationLeases = {
  /** This process's (this app's) id, recorded as each reservation's owner. */
  readonly owner: string;
  /** How long a reservation lives without a heartbeat (tests shorten it). */
  leaseMs: number;
  /** Time between heartbeats; well below leaseMs so a missed one or two do no harm. */
  heartbeatMs: number;
  /** Reservations of calls in flight here. */
  hold(id: string): void;
  release(id: string): void;
  readonly held: number;
  /** Renews this process's reservations now (the timer calls it). */
  beat(): Promise<void>;
  /** At shutdown, or (tests) to play a process that died: no more heartbeats. */
  stop(): void;
};

export const reservationLeases = perApp((app: AppContext): ReservationLeases => {
  const held = new Set<string>();
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  const leases: ReservationLeases = {
    owner: randomUUID(),
    leaseMs: 2 * 60_000,
    heartbeatMs: 30_000,
    hold(id) {
      held.add(id);
      if (!timer && !stopped) {
        timer = setInterval(() => void leases.beat(), leases.heartbeatMs);
        timer.unref();
      }
    },
    release(id) {
      held.delete(id);
      if (held.size === 0 && timer) {
        clearInterval(timer);
        timer = null;
      }
    },
    get held() {
      return held.size;
    },
    async beat() {
      if (held.size === 0 || stopped) return;
      const { budgetReservations } = app.db.t;
      const expiresAt = new Date(budgetClock(app).now().getTime() + leases.leaseMs);
      // Platform context: this process's reservations span tenants; one statement per heartbeat.
      await app.db
        .system((tx) =>
          tx
            .update(budgetReservations)
            .set({ expiresAt })
            .where(and(eq(budgetReservations.owner, leases.owner), inArray(budgetReservations.id, [...held]))),
        )
        .catch((error: unknown) => app.log.warn({ err: error }, 'budget reservation heartbeat failed (retried at the next beat)'));
    },
    stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
  return leases;
});
