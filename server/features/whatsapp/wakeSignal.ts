// A wake-up call for a background loop: wait(ms) resolves after ms, or at once when wake() was
// called since the last wait (so a wake during a busy pass is not lost).
export type WakeSignal = { wake(): void; wait(ms: number): Promise<void> };

export function createWakeSignal(): WakeSignal {
  let pending = false;
  let waiter: (() => void) | null = null;
  return {
    wake() {
      pending = true;
      const resolve = waiter;
      waiter = null;
      resolve?.();
    },
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
