// A wake-up call for a background loop: wait(ms) resolves after ms, or at once when wake() was
// called since the last wait (so a wake during a busy pass is not lost). wakeAt(time) wakes it at a
// time the loop scheduled (a retry's backoff, a grace window); only the earliest one is kept.
export type WakeSignal = { wake(): void; wait(ms: number): Promise<void>; wakeAt(at: number): void; cancelScheduled(): void };

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let waiter: (() => void) | null = null;
  let scheduled: NodeJS.Timeout | null = null;
  let scheduledAt = Infinity;
  const wake = () => {
    pending = true;
    const resolve = waiter;
    waiter = null;
    resolve?.();
  };
  const cancelScheduled = () => {
    if (scheduled) clearTimeout(scheduled);
    scheduled = null;
    scheduledAt = Infinity;
  };
  return {
    wake,
    wakeAt(at) {
      if (at >= scheduledAt) return;
      cancelScheduled();
      scheduledAt = at;
      scheduled = setTimeout(() => {
        scheduled = null;
        scheduledAt = Infinity;
        wake();
      }, Math.max(0, at - Date.now()));
      scheduled.unref?.();
    },
    cancelScheduled,
    wait(ms) {
      if (pending) {
        pending = false;
        return Promise.resolve();
      }
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          waiter = null;
          resolve();
        }, ms);
        timer.unref?.();
        waiter = () => {
          clearTimeout(timer);
          pending = false;
          resolve();
        };
      });
    },
  };
}
